package dev.tributary.evaluator.supervisor;

import dev.tributary.core.config.Task;

/**
 * What one prediction on one labelled example says about a model, for the decisions taken example
 * by example: its loss (what a rollout compares between champion and challenger) and its error
 * (what the drift detector watches). Computed after the metrics have validated the example, so the
 * inputs here are known to be in range.
 *
 * <p>The loss is unweighted: the comparison judges which model is better on the examples as they
 * come, whatever weight the training gives them. Binary and multiclass: the log loss of the
 * probability given to the true class, clipped to {@code [1e-15, 1 - 1e-15]} like the metrics, with
 * {@link StrictMath} so that decisions are the same on every JVM. Regression: the squared error,
 * the loss behind RMSE (the comparison clips each loss to its bound).
 */
final class ExampleLoss {

    private static final double EPSILON = 1e-15;

    private ExampleLoss() {}

    /** Whether every value of a prediction is finite; non-finite ones are never recorded. */
    static boolean finite(double[] prediction) {
        for (double value : prediction) {
            if (!Double.isFinite(value)) {
                return false;
            }
        }
        return true;
    }

    /** The per-example loss of a validated prediction. */
    static double loss(Task task, double[] prediction, double label) {
        switch (task) {
            case BINARY:
                return -StrictMath.log(clip(label == 1.0 ? prediction[0] : 1.0 - prediction[0]));
            case MULTICLASS:
                return -StrictMath.log(clip(prediction[(int) label]));
            default:
                double error = prediction[0] - label;
                return error * error;
        }
    }

    /**
     * The error the drift detector reads: 1 for a wrong decision and 0 for a right one (binary at
     * threshold 0.5, multiclass the likeliest class, ties to the lower index, as the metrics
     * decide), the absolute error for a regression.
     */
    static double error(Task task, double[] prediction, double label) {
        switch (task) {
            case BINARY:
                return (prediction[0] >= 0.5) == (label == 1.0) ? 0.0 : 1.0;
            case MULTICLASS:
                int best = 0;
                for (int k = 1; k < prediction.length; k++) {
                    if (prediction[k] > prediction[best]) {
                        best = k;
                    }
                }
                return best == (int) label ? 0.0 : 1.0;
            default:
                return Math.abs(prediction[0] - label);
        }
    }

    private static double clip(double probability) {
        return Math.min(1.0 - EPSILON, Math.max(EPSILON, probability));
    }
}
