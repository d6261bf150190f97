package dev.tributary.trainer.onnx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one protobuf message in the wire format: varint (wire type 0), 32-bit (5) and
 * length-delimited (2) fields. A nested message is written into its own writer and then appended
 * with its length, which is all the ONNX messages need.
 *
 * <p>Repeated scalar fields are written unpacked, as proto2 (the syntax of {@code onnx.proto}) does
 * by default; protobuf parsers accept both forms.
 */
final class ProtoWriter {

    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private byte[] buffer;
    private int size;

    ProtoWriter() {
        this(64);
    }

    ProtoWriter(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    /** An int32, int64 or enum field. Negative values take ten bytes, as protobuf specifies. */
    ProtoWriter int64(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    ProtoWriter float32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToIntBits(value);
        ensure(4);
        for (int b = 0; b < 4; b++) {
            buffer[size++] = (byte) (bits >>> (8 * b));
        }
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        append(value, value.length);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter message) {
        tag(field, LENGTH_DELIMITED);
        varint(message.size);
        append(message.buffer, message.size);
        return this;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void tag(int field, int wireType) {
        if (field < 1) {
            throw new IllegalArgumentException("field numbers start at 1, was " + field);
        }
        varint(((long) field << 3) | wireType);
    }

    void varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buffer[size++] = (byte) value;
    }

    private void append(byte[] bytes, int length) {
        ensure(length);
        System.arraycopy(bytes, 0, buffer, size, length);
        size += length;
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            long wanted = Math.max((long) size + extra, 2L * buffer.length);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("an ONNX model cannot exceed 2 GB");
            }
            buffer = Arrays.copyOf(buffer, (int) wanted);
        }
    }
}
