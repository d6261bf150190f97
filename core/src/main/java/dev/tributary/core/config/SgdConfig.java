package dev.tributary.core.config;

import java.util.Locale;
import java.util.Objects;

/**
 * Plain stochastic gradient descent, {@code w -= rate(t) * g}, with a learning-rate schedule over
 * the step count {@code t} (Bottou, "Stochastic Gradient Descent Tricks", Neural Networks: Tricks
 * of the Trade, 2012).
 *
 * @param learningRate the initial rate, &gt; 0
 * @param schedule how the rate decays
 * @param decaySteps the steps over which it decays, &gt; 0 (ignored by {@code constant})
 */
public record SgdConfig(double learningRate, Schedule schedule, double decaySteps)
        implements OptimizerConfig {

    /** The learning rate as a function of the steps {@code t} taken before this one. */
    public enum Schedule {
        /** {@code rate}. */
        CONSTANT,
        /** {@code rate / (1 + t / decaySteps)}: the {@code 1/t} decay of Robbins and Monro. */
        INVERSE_TIME,
        /** {@code rate / sqrt(1 + t / decaySteps)}. */
        INVERSE_SQRT;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static final SgdConfig DEFAULTS = new SgdConfig(0.05, Schedule.CONSTANT, 1000);

    public SgdConfig {
        Objects.requireNonNull(schedule, "schedule");
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0");
        if (!(decaySteps > 0)) throw new IllegalArgumentException("decaySteps must be > 0");
    }

    /** The learning rate of the step after {@code t} earlier steps. */
    public double rate(long t) {
        return switch (schedule) {
            case CONSTANT -> learningRate;
            case INVERSE_TIME -> learningRate / (1 + t / decaySteps);
            case INVERSE_SQRT -> learningRate / Math.sqrt(1 + t / decaySteps);
        };
    }

    @Override
    public String yamlName() {
        return "sgd";
    }
}
