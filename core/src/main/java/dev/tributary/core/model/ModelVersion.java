package dev.tributary.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * An immutable, published version of one model.
 *
 * @param experiment the experiment
 * @param modelId the model slot
 * @param version 1, 2, ... per model
 * @param parentVersion the version this one continued training from, 0 for the first
 * @param provenance where it came from
 * @param metrics prequential metrics at publication (e.g. {@code logloss}, {@code auc})
 * @param sha256 hex SHA-256 of the ONNX bytes
 */
public record ModelVersion(
        String experiment,
        String modelId,
        long version,
        long parentVersion,
        Provenance provenance,
        Map<String, Double> metrics,
        String sha256) {

    public ModelVersion {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(sha256, "sha256");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
