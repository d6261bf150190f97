package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One input field of the feature spec.
 *
 * @param name the field name in the raw event
 * @param type its type
 * @param required whether an event without it is dead-lettered ({@code true}) or featurized without
 *     it ({@code false}: a missing number is imputed, any other missing field adds no feature)
 * @param rule the values allowed
 * @param number how a number or integer becomes a feature ({@link NumberTransforms#NONE} for other
 *     types)
 * @param text how text is split and hashed ({@code null} for other types)
 * @param timestamp how a timestamp is read and encoded ({@code null} for other types)
 * @param vocabulary a category's learned vocabulary, or {@code null} to hash it into the shared
 *     space
 */
public record FieldSpec(
        String name,
        FieldType type,
        boolean required,
        ValueRule rule,
        NumberTransforms number,
        TextEncoding text,
        TimestampEncoding timestamp,
        Vocabulary vocabulary)
        implements Serializable {

    /** A field whose categories, if any, are hashed into the shared space. */
    public FieldSpec(
            String name,
            FieldType type,
            boolean required,
            ValueRule rule,
            NumberTransforms number,
            TextEncoding text,
            TimestampEncoding timestamp) {
        this(name, type, required, rule, number, text, timestamp, null);
    }

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(number, "number");
        if (type == FieldType.TEXT) {
            Objects.requireNonNull(text, "text");
        }
        if (type == FieldType.TIMESTAMP) {
            Objects.requireNonNull(timestamp, "timestamp");
        }
        if (vocabulary != null && type != FieldType.CATEGORY) {
            throw new IllegalArgumentException("only a category has a vocabulary: " + name);
        }
    }

    /** A field with no rule and no transform: for tests and simple specs. */
    public static FieldSpec of(String name, FieldType type, boolean required) {
        return new FieldSpec(
                name,
                type,
                required,
                ValueRule.ANY,
                NumberTransforms.NONE,
                type == FieldType.TEXT ? TextEncoding.DEFAULT : null,
                null);
    }

    /** The same field with other number transforms. */
    public FieldSpec withNumber(NumberTransforms transforms) {
        return new FieldSpec(name, type, required, rule, transforms, text, timestamp, vocabulary);
    }

    /**
     * Whether the field yields exactly one discrete token that a cross can combine: a category, a
     * boolean, an integer, or a bucketized number.
     */
    public boolean isCrossable() {
        return switch (type) {
            case CATEGORY, BOOLEAN, INTEGER -> true;
            case NUMBER -> number.isBucketized();
            case TEXT, TIMESTAMP -> false;
        };
    }
}
