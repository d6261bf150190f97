package dev.tributary.core.supervision;

import java.util.Objects;

/**
 * How one model is doing.
 *
 * @param model the model and its current version
 * @param window metrics over the sliding window of the most recent examples
 * @param sinceVersion metrics since its current version was published
 * @param sinceStart metrics since the model started
 * @param faded metrics since the model started with older examples faded out geometrically
 *     (prequential error with a fading factor: Gama, Sebastião and Rodrigues, "On evaluating stream
 *     learning algorithms", Machine Learning 90, 2013); {@link Metrics#EMPTY} where not kept
 */
public record ModelEvaluation(
        ModelRef model, Metrics window, Metrics sinceVersion, Metrics sinceStart, Metrics faded) {

    public ModelEvaluation {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(sinceVersion, "sinceVersion");
        Objects.requireNonNull(sinceStart, "sinceStart");
        Objects.requireNonNull(faded, "faded");
    }

    /** An evaluation without faded metrics: {@link #faded()} is {@link Metrics#EMPTY}. */
    public ModelEvaluation(
            ModelRef model, Metrics window, Metrics sinceVersion, Metrics sinceStart) {
        this(model, window, sinceVersion, sinceStart, Metrics.EMPTY);
    }
}
