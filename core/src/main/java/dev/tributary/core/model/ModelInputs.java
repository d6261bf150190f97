package dev.tributary.core.model;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a published model needs to turn a raw event into its input, exactly as training did: the
 * feature spec (canonical JSON, with its SHA-256) and the statistics its dense inputs were prepared
 * with when it was frozen.
 *
 * @param featureSpec the canonical JSON of the feature spec, or empty when unknown (a model trained
 *     on vectors built in code)
 * @param statistics the dense inputs' imputation, clip bounds and standardization
 */
public record ModelInputs(String featureSpec, InputStatistics statistics) implements Serializable {

    public ModelInputs {
        featureSpec = featureSpec == null ? "" : featureSpec;
        Objects.requireNonNull(statistics, "statistics");
    }

    /** The SHA-256 of the feature spec's UTF-8 bytes, or empty when the spec is unknown. */
    public String featureSpecSha256() {
        return featureSpec.isEmpty()
                ? ""
                : Sha256.hex(featureSpec.getBytes(StandardCharsets.UTF_8));
    }
}
