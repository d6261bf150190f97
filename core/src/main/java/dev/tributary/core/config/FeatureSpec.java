package dev.tributary.core.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How raw events become labelled examples: which fields are read and how, the hashed crosses, the
 * label and the entity key.
 *
 * @param fields the input fields, in order; dense features keep this order in the vector
 * @param crosses hashed crosses, each a list of two or more crossable field names
 * @param hashBits sparse features are hashed into {@code 2^hashBits} buckets
 * @param label the label: its field and kind
 * @param entityField the field naming the entity an event is about, or {@code null}
 * @param canonicalJson the spec as parsed, as JSON with sorted keys (empty when built in code)
 * @param entityFeatures features of the entity, kept in keyed state, or {@code null} for none
 */
public record FeatureSpec(
        List<FieldSpec> fields,
        List<List<String>> crosses,
        int hashBits,
        LabelSpec label,
        String entityField,
        String canonicalJson,
        EntityFeatures entityFeatures)
        implements Serializable {

    public FeatureSpec {
        fields = List.copyOf(fields);
        crosses = crosses.stream().map(List::copyOf).toList();
        Objects.requireNonNull(label, "label");
        canonicalJson = canonicalJson == null ? "" : canonicalJson;
        if (entityFeatures != null && entityField == null) {
            throw new IllegalArgumentException("entity features need an entity field");
        }
    }

    /** A spec with a binary label. */
    public FeatureSpec(
            List<FieldSpec> fields,
            List<List<String>> crosses,
            int hashBits,
            String labelField,
            String entityField,
            String canonicalJson,
            EntityFeatures entityFeatures) {
        this(
                fields,
                crosses,
                hashBits,
                LabelSpec.binary(labelField),
                entityField,
                canonicalJson,
                entityFeatures);
    }

    /** The field holding the label. */
    public String labelField() {
        return label.field();
    }

    /** A spec without entity features. */
    public FeatureSpec(
            List<FieldSpec> fields,
            List<List<String>> crosses,
            int hashBits,
            String labelField,
            String entityField,
            String canonicalJson) {
        this(fields, crosses, hashBits, labelField, entityField, canonicalJson, null);
    }

    /** A spec built in code, with no source text. */
    public FeatureSpec(
            List<FieldSpec> fields,
            List<List<String>> crosses,
            int hashBits,
            String labelField,
            String entityField) {
        this(fields, crosses, hashBits, labelField, entityField, "", null);
    }

    /** The suffix of a number's missing indicator. */
    public static final String MISSING_SUFFIX = ":missing";

    /** The suffixes of a timestamp's cyclic encoding, in vector order. */
    public static final List<String> CYCLIC_SUFFIXES =
            List.of(":hour_sin", ":hour_cos", ":dow_sin", ":dow_cos");

    /**
     * The shape of the vectors this spec produces. Dense inputs, in field order: a number that is
     * not bucketized, then its missing indicator; a boolean; a timestamp's cyclic encoding; then
     * the entity features.
     */
    public FeatureSpace space() {
        List<DenseInput> dense = new ArrayList<>();
        for (FieldSpec field : fields) {
            switch (field.type()) {
                case NUMBER, INTEGER -> {
                    NumberTransforms t = field.number();
                    if (!t.isBucketized()) {
                        dense.add(
                                new DenseInput(
                                        field.name(),
                                        t.impute().isLearned() ? t.impute() : Imputation.ZERO,
                                        t.clip().isLearned() ? t.clip() : Clipping.NONE,
                                        t.standardize()));
                    }
                    if (t.missingIndicator()) {
                        dense.add(DenseInput.raw(field.name() + MISSING_SUFFIX));
                    }
                }
                case BOOLEAN -> dense.add(DenseInput.standardized(field.name()));
                case TIMESTAMP -> {
                    List<String> suffixes = new ArrayList<>();
                    if (field.timestamp().hourCyclic()) {
                        suffixes.addAll(CYCLIC_SUFFIXES.subList(0, 2));
                    }
                    if (field.timestamp().dayCyclic()) {
                        suffixes.addAll(CYCLIC_SUFFIXES.subList(2, 4));
                    }
                    for (String suffix : suffixes) {
                        dense.add(DenseInput.raw(field.name() + suffix));
                    }
                }
                case CATEGORY, TEXT -> {}
            }
        }
        if (entityFeatures != null) {
            for (String name : entityFeatures.featureNames(entityField)) {
                boolean isMean = name.startsWith(entityField + ":mean:");
                dense.add(
                        new DenseInput(
                                name,
                                isMean ? new Imputation(Imputation.Kind.MEAN, 0) : Imputation.ZERO,
                                Clipping.NONE,
                                true));
            }
        }
        List<Vocabulary> vocabularies =
                fields.stream()
                        .map(FieldSpec::vocabulary)
                        .filter(java.util.Objects::nonNull)
                        .toList();
        return new FeatureSpace(hashBits, dense, canonicalJson, vocabularies);
    }
}
