package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One input field of the feature spec.
 *
 * @param name the field name in the raw event
 * @param type its type
 * @param required whether an event without it is dead-lettered ({@code true}) or featurized without
 *     it ({@code false}: a missing category is left out, a missing number reads as 0)
 * @param transform the numeric transform (only for dense types)
 */
public record FieldSpec(String name, FieldType type, boolean required, NumericTransform transform)
        implements Serializable {

    public FieldSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(transform, "transform");
    }
}
