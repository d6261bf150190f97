package dev.tributary.evaluator.supervisor;

/**
 * A model a {@link RetrainingSupervisor} judges now (the champion, a shadow or a challenger): its
 * metrics from its first finite observation on, and what it predicted for the current example.
 */
final class ActiveModel {

    final String id;

    /** {@code null} until the model's first finite prediction. */
    ModelMetrics metrics;

    // The current example's observation, cleared by decide: never part of the state, since the
    // observations and the decision of one example run together between two checkpoints.
    boolean observed;
    boolean nonFinite;
    double loss = Double.NaN;
    double error = Double.NaN;

    ActiveModel(String id) {
        this.id = id;
    }

    /** Its latest published version as the metrics know it, 0 before its first observation. */
    long version() {
        return metrics == null ? 0 : metrics.version;
    }

    void clearRound() {
        observed = false;
        nonFinite = false;
        loss = Double.NaN;
        error = Double.NaN;
    }
}
