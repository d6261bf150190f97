package dev.tributary.evaluator.prequential;

/**
 * What one example contributes to the metrics, shared by {@link RunningMetrics} and {@link
 * WindowMetrics} so that both judge an example identically.
 *
 * <p>Logarithms come from {@link StrictMath}: its results are bit-for-bit the same on every
 * platform, so metrics, and any decision taken on them, do not change when a job fails over to a
 * machine of another architecture.
 *
 * <p>Invalid input is a bug upstream (a diverged model, a label the cleaner should have
 * dead-lettered); counting it would corrupt the metrics silently, so the checks here fail loudly
 * instead, with an {@link IllegalArgumentException}, before anything is recorded.
 */
final class Scoring {

    /** Probabilities are clipped to {@code [EPSILON, 1 - EPSILON]} before taking logarithms. */
    static final double EPSILON = 1e-15;

    /** A score at or above the threshold predicts the positive class. */
    static final double THRESHOLD = 0.5;

    private Scoring() {}

    /** Rejects what is not a scored binary example. */
    static void check(double score, double label, double weight) {
        checkProbability("score", score);
        if (label != 0.0 && label != 1.0) {
            throw new IllegalArgumentException("label must be 0 or 1, was " + label);
        }
        checkWeight(weight);
    }

    /**
     * Rejects what is not a multiclass example: one probability per class, a class index as the
     * label.
     *
     * @return the label as a class index
     */
    static int checkClasses(double[] probabilities, double label, double weight, int classes) {
        checkLength(probabilities, classes);
        for (int k = 0; k < classes; k++) {
            double p = probabilities[k];
            // Inline rather than checkProbability: its message would be built for every class.
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException(
                        "the probability of class " + k + " must be in [0, 1], was " + p);
            }
        }
        // NaN fails the first comparison; the floor rejects fractions.
        if (!(label >= 0 && label < classes && label == Math.floor(label))) {
            throw new IllegalArgumentException(
                    "label must be a class index in 0.." + (classes - 1) + ", was " + label);
        }
        checkWeight(weight);
        return (int) label;
    }

    /**
     * Rejects what is not a regression example.
     *
     * @return the error, {@code prediction - label}
     */
    static double checkRegression(double prediction, double label, double weight) {
        if (!Double.isFinite(prediction)) {
            throw new IllegalArgumentException("prediction must be finite, was " + prediction);
        }
        if (!Double.isFinite(label)) {
            throw new IllegalArgumentException("label must be finite, was " + label);
        }
        checkWeight(weight);
        double error = prediction - label;
        // Two finite numbers can differ by more than the largest double; an infinite error would
        // make the sums infinite, then NaN (0 · ∞, ∞ − ∞), with no way back.
        if (!Double.isFinite(error)) {
            throw new IllegalArgumentException(
                    "the error of prediction " + prediction + " for label " + label + " overflows");
        }
        return error;
    }

    /** Rejects a prediction of the wrong length: 1 value, or one per class. */
    static void checkLength(double[] prediction, int expected) {
        if (prediction.length != expected) {
            throw wrongLength(prediction.length, expected);
        }
    }

    static IllegalArgumentException wrongLength(int length, int expected) {
        return new IllegalArgumentException(
                "prediction must have "
                        + (expected == 1 ? "1 value" : expected + " values, one per class")
                        + ", had "
                        + length);
    }

    static void checkWeight(double weight) {
        if (!(weight >= 0.0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weight must be finite and >= 0, was " + weight);
        }
    }

    static void checkProbability(String what, double p) {
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException(what + " must be a probability in [0, 1], was " + p);
        }
    }

    static double clip(double probability) {
        return Math.min(1.0 - EPSILON, Math.max(EPSILON, probability));
    }

    /** {@code ln clip(p)}: the log-likelihood of a probability given to the true label. */
    static double logProbability(double probability) {
        return StrictMath.log(clip(probability));
    }

    /**
     * {@code ln} of the clipped probability given to the true class, so that 0 and 1 are symmetric.
     */
    static double logLikelihood(double score, boolean positive) {
        return logProbability(positive ? score : 1.0 - score);
    }

    static boolean correct(double score, boolean positive) {
        return (score >= THRESHOLD) == positive;
    }

    /** The index of the largest probability; of equal ones, the lowest index. */
    static int mostLikely(double[] probabilities) {
        int best = 0;
        for (int k = 1; k < probabilities.length; k++) {
            // Strictly greater: a tie keeps the earlier class, so the choice is deterministic.
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        return best;
    }
}
