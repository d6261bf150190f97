package dev.tributary.evaluator.prequential;

/**
 * What one scored example contributes to the metrics, shared by {@link RunningMetrics} and {@link
 * WindowMetrics} so that both judge an example identically.
 *
 * <p>Logarithms come from {@link StrictMath}: its results are bit-for-bit the same on every
 * platform, so metrics, and any decision taken on them, do not change when a job fails over to a
 * machine of another architecture.
 */
final class Scoring {

    /** Probabilities are clipped to {@code [EPSILON, 1 - EPSILON]} before taking logarithms. */
    static final double EPSILON = 1e-15;

    /** A score at or above the threshold predicts the positive class. */
    static final double THRESHOLD = 0.5;

    private Scoring() {}

    /**
     * Rejects what is not a scored binary example. Invalid input is a bug upstream (a diverged
     * model, a label the cleaner should have dead-lettered); counting it would corrupt the metrics
     * silently, so it fails loudly instead.
     */
    static void check(double score, double label, double weight) {
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException(
                    "score must be a probability in [0, 1], was " + score);
        }
        if (label != 0.0 && label != 1.0) {
            throw new IllegalArgumentException("label must be 0 or 1, was " + label);
        }
        if (!(weight >= 0.0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weight must be finite and >= 0, was " + weight);
        }
    }

    static double clip(double probability) {
        return Math.min(1.0 - EPSILON, Math.max(EPSILON, probability));
    }

    /**
     * {@code ln} of the clipped probability given to the true class, so that 0 and 1 are symmetric.
     */
    static double logLikelihood(double score, boolean positive) {
        return StrictMath.log(clip(positive ? score : 1.0 - score));
    }

    static boolean correct(double score, boolean positive) {
        return (score >= THRESHOLD) == positive;
    }
}
