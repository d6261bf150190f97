package dev.tributary.core.model;

import java.util.Objects;

/**
 * A supervisor's decision, as written to the audit log.
 *
 * @param experiment the experiment
 * @param kind what was decided
 * @param modelId the model it concerns
 * @param eventTime event time of the example that triggered it, epoch milliseconds
 * @param examples number of labelled examples the experiment had seen when it was made
 * @param reason a human-readable reason, e.g. {@code "100000 examples since version 3"}
 */
public record Decision(
        String experiment,
        DecisionKind kind,
        String modelId,
        long eventTime,
        long examples,
        String reason) {

    public Decision {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(modelId, "modelId");
        reason = reason == null ? "" : reason;
    }
}
