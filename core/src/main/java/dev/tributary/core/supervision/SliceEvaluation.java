package dev.tributary.core.supervision;

import java.util.Objects;

/**
 * How one model does on the examples of one slice: those whose slice field has one value.
 *
 * @param slice the field's value, or {@code (missing)} / {@code (other)}
 * @param metrics faded metrics over the slice's own examples (Gama et al. 2013, as {@link
 *     ModelEvaluation#faded()}), so that a slice is judged on its recent examples however rarely it
 *     occurs
 */
public record SliceEvaluation(String slice, Metrics metrics) {

    public SliceEvaluation {
        Objects.requireNonNull(slice, "slice");
        Objects.requireNonNull(metrics, "metrics");
    }
}
