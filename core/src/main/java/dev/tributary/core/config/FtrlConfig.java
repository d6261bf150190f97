package dev.tributary.core.config;

/**
 * FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD 2013).
 *
 * @param alpha per-coordinate learning rate scale, &gt; 0
 * @param beta per-coordinate learning rate smoothing, &ge; 0
 * @param l1 L1 regularisation strength, &ge; 0 (drives weights to exactly zero)
 * @param l2 L2 regularisation strength, &ge; 0
 */
public record FtrlConfig(double alpha, double beta, double l1, double l2)
        implements OptimizerConfig {

    public static final FtrlConfig DEFAULTS = new FtrlConfig(0.1, 1.0, 1.0, 1.0);

    public FtrlConfig {
        if (!(alpha > 0)) throw new IllegalArgumentException("alpha must be > 0, was " + alpha);
        if (!(beta >= 0)) throw new IllegalArgumentException("beta must be >= 0, was " + beta);
        if (!(l1 >= 0)) throw new IllegalArgumentException("l1 must be >= 0, was " + l1);
        if (!(l2 >= 0)) throw new IllegalArgumentException("l2 must be >= 0, was " + l2);
    }

    @Override
    public String yamlName() {
        return "ftrl";
    }

    @Override
    public boolean linearOnly() {
        return true;
    }
}
