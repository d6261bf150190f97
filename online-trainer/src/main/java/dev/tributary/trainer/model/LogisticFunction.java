package dev.tributary.trainer.model;

/**
 * The logistic link shared by the live model, its frozen snapshot and (as Clip and Sigmoid) the
 * ONNX graph, so that all three compute the same probability from the same logit.
 */
public final class LogisticFunction {

    /**
     * Logits are clipped to {@code [-MAX_LOGIT, MAX_LOGIT]}: beyond it the probability is within
     * 1e-15 of 0 or 1, and clipping keeps the log loss of a confident mistake finite.
     */
    public static final double MAX_LOGIT = 35.0;

    private LogisticFunction() {}

    /** The logit clipped to {@code [-MAX_LOGIT, MAX_LOGIT]}; NaN stays NaN. */
    public static double clip(double logit) {
        return Math.max(-MAX_LOGIT, Math.min(MAX_LOGIT, logit));
    }

    /**
     * {@code 1 / (1 + exp(-clip(logit)))}. Uses {@link StrictMath#exp}: {@code Math.exp} may differ
     * by an ulp between JVMs and CPUs, and the probability feeds the gradient, so a model restored
     * on another machine would drift from the original.
     */
    public static double probability(double logit) {
        return 1.0 / (1.0 + StrictMath.exp(-clip(logit)));
    }
}
