package dev.tributary.core.config;

/**
 * AdaGrad (Duchi, Hazan and Singer, "Adaptive Subgradient Methods for Online Learning and
 * Stochastic Optimization", JMLR 12, 2011): {@code n += g^2; w -= rate * g / (sqrt(n) + epsilon)}.
 *
 * @param learningRate &gt; 0
 * @param epsilon added to the denominator, &gt; 0
 */
public record AdaGradConfig(double learningRate, double epsilon) implements OptimizerConfig {

    public static final AdaGradConfig DEFAULTS = new AdaGradConfig(0.1, 1e-7);

    public AdaGradConfig {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0");
        if (!(epsilon > 0)) throw new IllegalArgumentException("epsilon must be > 0");
    }

    @Override
    public String yamlName() {
        return "adagrad";
    }
}
