package dev.tributary.core.config;

/**
 * Vowpal Wabbit's normalized adaptive update, NAG of Ross, Mineiro and Langford, "Normalized Online
 * Learning" (UAI 2013, Algorithm 2): scale-free, so inputs need not be standardized.
 *
 * @param learningRate &gt; 0 (VW's {@code -l}, default 0.5)
 */
public record NormalizedConfig(double learningRate) implements OptimizerConfig {

    public static final NormalizedConfig DEFAULTS = new NormalizedConfig(0.5);

    public NormalizedConfig {
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0");
    }

    @Override
    public String yamlName() {
        return "normalized";
    }

    @Override
    public boolean linearOnly() {
        return true;
    }
}
