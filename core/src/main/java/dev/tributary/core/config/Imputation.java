package dev.tributary.core.config;

import java.io.Serializable;

/**
 * What a missing optional number becomes.
 *
 * @param kind a constant, or a statistic that the model learns from the values it sees
 * @param constant the value for {@link Kind#CONSTANT}, in the field's own units (before {@code
 *     log1p} and clipping, which then apply to it as to any value)
 */
public record Imputation(Kind kind, double constant) implements Serializable {

    /** The default: a missing number reads as 0. */
    public static final Imputation ZERO = new Imputation(Kind.CONSTANT, 0.0);

    public enum Kind {
        CONSTANT,
        /** The running mean of the values seen, learned and versioned by each model. */
        MEAN,
        /** The running median (P² estimate) of the values seen, learned by each model. */
        MEDIAN
    }

    public Imputation {
        if (kind == Kind.CONSTANT && !Double.isFinite(constant)) {
            throw new IllegalArgumentException("an imputed constant must be finite: " + constant);
        }
    }

    /** Whether the model learns the value, rather than the featurizer filling it in. */
    public boolean isLearned() {
        return kind != Kind.CONSTANT;
    }
}
