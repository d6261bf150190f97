package dev.tributary.core.supervision;

import java.util.Arrays;
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
 * @param worstSlices the slices on which the model does worst, worst first (by log loss for
 *     classifiers, RMSE for regression), among those with enough examples; empty when the
 *     experiment slices nothing or no slice has enough examples yet
 */
public record ModelEvaluation(
        ModelRef model,
        Metrics window,
        Metrics sinceVersion,
        Metrics sinceStart,
        Metrics faded,
        SliceEvaluation[] worstSlices) {

    public ModelEvaluation {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(sinceVersion, "sinceVersion");
        Objects.requireNonNull(sinceStart, "sinceStart");
        Objects.requireNonNull(faded, "faded");
        worstSlices = worstSlices == null ? NO_SLICES : worstSlices;
    }

    private static final SliceEvaluation[] NO_SLICES = new SliceEvaluation[0];

    /** An evaluation without slices. */
    public ModelEvaluation(
            ModelRef model,
            Metrics window,
            Metrics sinceVersion,
            Metrics sinceStart,
            Metrics faded) {
        this(model, window, sinceVersion, sinceStart, faded, NO_SLICES);
    }

    /** An evaluation without faded metrics: {@link #faded()} is {@link Metrics#EMPTY}. */
    public ModelEvaluation(
            ModelRef model, Metrics window, Metrics sinceVersion, Metrics sinceStart) {
        this(model, window, sinceVersion, sinceStart, Metrics.EMPTY);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelEvaluation other
                && model.equals(other.model)
                && window.equals(other.window)
                && sinceVersion.equals(other.sinceVersion)
                && sinceStart.equals(other.sinceStart)
                && faded.equals(other.faded)
                && Arrays.equals(worstSlices, other.worstSlices);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                model, window, sinceVersion, sinceStart, faded, Arrays.hashCode(worstSlices));
    }

    @Override
    public String toString() {
        return "ModelEvaluation[model="
                + model
                + ", window="
                + window
                + ", sinceVersion="
                + sinceVersion
                + ", sinceStart="
                + sinceStart
                + ", faded="
                + faded
                + ", worstSlices="
                + Arrays.toString(worstSlices)
                + "]";
    }
}
