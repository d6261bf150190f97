package dev.tributary.core.config;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How raw events become labelled examples: which fields are read and how, the hashed crosses, the
 * label and the entity key.
 *
 * @param fields the input fields, in order; dense features keep this order in the vector
 * @param crosses hashed crosses, each a list of two or more category field names
 * @param hashBits sparse features are hashed into {@code 2^hashBits} buckets
 * @param labelField the field holding the label ({@code 0/1} or {@code true/false})
 * @param entityField the field naming the entity an event is about, or {@code null}
 */
public record FeatureSpec(
        List<FieldSpec> fields,
        List<List<String>> crosses,
        int hashBits,
        String labelField,
        String entityField)
        implements Serializable {

    public FeatureSpec {
        fields = List.copyOf(fields);
        crosses = crosses.stream().map(List::copyOf).toList();
        Objects.requireNonNull(labelField, "labelField");
    }

    /** The shape of the vectors this spec produces. */
    public FeatureSpace space() {
        return new FeatureSpace(
                hashBits,
                fields.stream().filter(f -> f.type().isDense()).map(FieldSpec::name).toList());
    }
}
