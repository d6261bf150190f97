package dev.tributary.core.config;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, Algorithm 1), with
 * bias correction.
 *
 * @param learningRate &gt; 0
 * @param beta1 decay of the first moment, in [0, 1)
 * @param beta2 decay of the second moment, in [0, 1)
 * @param epsilon added to the denominator, &gt; 0
 */
public record AdamConfig(double learningRate, double beta1, double beta2, double epsilon)
        implements OptimizerConfig {

    public static final AdamConfig DEFAULTS = new AdamConfig(0.001, 0.9, 0.999, 1e-8);

    public AdamConfig {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0");
        if (!(beta1 >= 0 && beta1 < 1)) throw new IllegalArgumentException("beta1 not in [0, 1)");
        if (!(beta2 >= 0 && beta2 < 1)) throw new IllegalArgumentException("beta2 not in [0, 1)");
        if (!(epsilon > 0)) throw new IllegalArgumentException("epsilon must be > 0");
    }

    @Override
    public String yamlName() {
        return "adam";
    }
}
