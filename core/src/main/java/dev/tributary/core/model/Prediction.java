package dev.tributary.core.model;

import java.util.Objects;

/**
 * A model's score for one event.
 *
 * @param id the event id
 * @param experiment the experiment
 * @param modelId the model slot that scored
 * @param modelVersion the version of that model at scoring time (0 before its first publication)
 * @param score the model output (a probability for binary models)
 * @param arm champion, canary or shadow
 * @param eventTime epoch milliseconds
 * @param label the label when known at scoring time (test-then-train), otherwise {@code NaN}
 */
public record Prediction(
        String id,
        String experiment,
        String modelId,
        long modelVersion,
        double score,
        Arm arm,
        long eventTime,
        double label) {

    public Prediction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(arm, "arm");
    }
}
