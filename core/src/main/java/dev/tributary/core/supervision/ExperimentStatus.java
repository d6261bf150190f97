package dev.tributary.core.supervision;

import java.util.Arrays;
import java.util.Objects;

/**
 * A progress report of one experiment, emitted by the training operator every so many labelled
 * examples and once at the end of input: what the live progress line and the run summary show.
 *
 * @param experiment the experiment
 * @param examples labelled examples trained on so far
 * @param eventTime event time of the latest example, epoch milliseconds
 * @param evaluations the evaluation of every model, champion first
 * @param last whether this is the final report of a finished input
 * @param featureDrift the population stability of every dense input feature, in vector order; empty
 *     when not watched
 */
public record ExperimentStatus(
        String experiment,
        long examples,
        long eventTime,
        ModelEvaluation[] evaluations,
        boolean last,
        FeatureStability[] featureDrift) {

    private static final FeatureStability[] NO_FEATURES = new FeatureStability[0];

    public ExperimentStatus {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(evaluations, "evaluations");
        featureDrift = featureDrift == null ? NO_FEATURES : featureDrift;
    }

    /** A report without feature drift. */
    public ExperimentStatus(
            String experiment,
            long examples,
            long eventTime,
            ModelEvaluation[] evaluations,
            boolean last) {
        this(experiment, examples, eventTime, evaluations, last, NO_FEATURES);
    }

    /** The champion's evaluation. */
    public ModelEvaluation champion() {
        return evaluations[0];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExperimentStatus other
                && experiment.equals(other.experiment)
                && examples == other.examples
                && eventTime == other.eventTime
                && last == other.last
                && Arrays.equals(evaluations, other.evaluations)
                && Arrays.equals(featureDrift, other.featureDrift);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                experiment,
                examples,
                eventTime,
                last,
                Arrays.hashCode(evaluations),
                Arrays.hashCode(featureDrift));
    }

    @Override
    public String toString() {
        return "ExperimentStatus[experiment="
                + experiment
                + ", examples="
                + examples
                + ", eventTime="
                + eventTime
                + ", last="
                + last
                + ", evaluations="
                + Arrays.toString(evaluations)
                + ", featureDrift="
                + Arrays.toString(featureDrift)
                + "]";
    }
}
