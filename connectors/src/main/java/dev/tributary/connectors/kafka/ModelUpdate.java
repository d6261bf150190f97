package dev.tributary.connectors.kafka;

import dev.tributary.core.model.ModelVersion;
import java.util.Objects;

/**
 * The announcement, on the model-updates topic, that a model version was published to the registry:
 * scorers outside the job load the ONNX file at {@link #path} and check it against {@link #sha256}.
 * Keyed by {@link #key()}, so that compaction keeps the latest version per model.
 *
 * @param experiment the experiment
 * @param modelId the model slot
 * @param version the published version, 1, 2, ...
 * @param sha256 hex SHA-256 of the ONNX bytes
 * @param path where the registry stored the ONNX file (a path or URI)
 * @param eventTime event time of the decision that published it, epoch milliseconds
 */
public record ModelUpdate(
        String experiment,
        String modelId,
        long version,
        String sha256,
        String path,
        long eventTime) {

    public ModelUpdate {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(path, "path");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }

    /** The announcement of {@code version}, stored at {@code path}. */
    public static ModelUpdate of(ModelVersion version, String path, long eventTime) {
        return new ModelUpdate(
                version.experiment(),
                version.modelId(),
                version.version(),
                version.sha256(),
                path,
                eventTime);
    }

    /** The Kafka key: {@code <experiment>/<modelId>}. */
    public String key() {
        return experiment + "/" + modelId;
    }
}
