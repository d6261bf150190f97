package dev.tributary.core.model;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a published model needs to turn a raw event into its input, exactly as training did: the
 * feature spec (canonical JSON, with its SHA-256) and the statistics its dense inputs were prepared
 * with when it was frozen.
 *
 * @param featureSpec the canonical JSON of the feature spec, or empty when unknown (a model trained
 *     on vectors built in code)
 * @param statistics the dense inputs' imputation, clip bounds and standardization
 * @param vocabularyAdmitted per category field with a learned vocabulary, how many values were in
 *     it (the others scored as the field's out-of-vocabulary bucket)
 */
public record ModelInputs(
        String featureSpec, InputStatistics statistics, Map<String, Long> vocabularyAdmitted)
        implements Serializable {

    public ModelInputs {
        featureSpec = featureSpec == null ? "" : featureSpec;
        Objects.requireNonNull(statistics, "statistics");
        vocabularyAdmitted = new TreeMap<>(vocabularyAdmitted);
    }

    /** Inputs without vocabularies. */
    public ModelInputs(String featureSpec, InputStatistics statistics) {
        this(featureSpec, statistics, Map.of());
    }

    /** The SHA-256 of the feature spec's UTF-8 bytes, or empty when the spec is unknown. */
    public String featureSpecSha256() {
        return featureSpec.isEmpty()
                ? ""
                : Sha256.hex(featureSpec.getBytes(StandardCharsets.UTF_8));
    }
}
