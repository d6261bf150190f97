package dev.tributary.trainer.onnx;

import java.util.Objects;

/** A node attribute: an int, a list of ints, a float or a string. Immutable. */
public final class OnnxAttribute {

    // AttributeProto.AttributeType values.
    private static final int FLOAT = 1;
    private static final int INT = 2;
    private static final int STRING = 3;
    private static final int INTS = 7;

    private final String name;
    private final int type;
    private final long intValue;
    private final long[] intValues;
    private final float floatValue;
    private final String stringValue;

    private OnnxAttribute(
            String name,
            int type,
            long intValue,
            long[] intValues,
            float floatValue,
            String stringValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = type;
        this.intValue = intValue;
        this.intValues = intValues;
        this.floatValue = floatValue;
        this.stringValue = stringValue;
    }

    public static OnnxAttribute ofInt(String name, long value) {
        return new OnnxAttribute(name, INT, value, null, 0f, null);
    }

    public static OnnxAttribute ofInts(String name, long... values) {
        return new OnnxAttribute(name, INTS, 0, values.clone(), 0f, null);
    }

    public static OnnxAttribute ofFloat(String name, float value) {
        return new OnnxAttribute(name, FLOAT, 0, null, value, null);
    }

    public static OnnxAttribute ofString(String name, String value) {
        return new OnnxAttribute(name, STRING, 0, null, 0f, Objects.requireNonNull(value));
    }

    public String name() {
        return name;
    }

    /** Encodes this attribute as an {@code AttributeProto}. */
    ProtoWriter toProto() {
        ProtoWriter proto = new ProtoWriter().string(1, name);
        switch (type) {
            case FLOAT -> proto.float32(2, floatValue);
            case INT -> proto.int64(3, intValue);
            case STRING -> proto.string(4, stringValue);
            case INTS -> {
                for (long v : intValues) {
                    proto.int64(8, v);
                }
            }
            default -> throw new IllegalStateException("unknown attribute type " + type);
        }
        return proto.int64(20, type);
    }
}
