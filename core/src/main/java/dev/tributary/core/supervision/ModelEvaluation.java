package dev.tributary.core.supervision;

import java.util.Objects;

/**
 * How one model is doing.
 *
 * @param model the model and its current version
 * @param window metrics over the sliding window of the most recent examples
 * @param sinceVersion metrics since its current version was published
 * @param sinceStart metrics since the model started
 */
public record ModelEvaluation(
        ModelRef model, Metrics window, Metrics sinceVersion, Metrics sinceStart) {

    public ModelEvaluation {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(sinceVersion, "sinceVersion");
        Objects.requireNonNull(sinceStart, "sinceStart");
    }
}
