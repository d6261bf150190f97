package dev.tributary.core.config;

import java.io.Serializable;

/**
 * Bounds a number is clipped to, after {@code log1p}.
 *
 * @param kind none, fixed bounds, or quantiles that the model learns from the values it sees
 * @param lower the lower bound ({@link Kind#FIXED}) or quantile level ({@link Kind#QUANTILES})
 * @param upper the upper bound or quantile level
 */
public record Clipping(Kind kind, double lower, double upper) implements Serializable {

    public static final Clipping NONE =
            new Clipping(Kind.NONE, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    public enum Kind {
        NONE,
        FIXED,
        /** Streaming quantiles (P² estimates), learned and versioned by each model. */
        QUANTILES
    }

    public Clipping {
        if (kind == Kind.QUANTILES && !(0 < lower && lower < upper && upper < 1)) {
            throw new IllegalArgumentException(
                    "clip quantiles must satisfy 0 < lower < upper < 1: " + lower + ", " + upper);
        }
        if (kind == Kind.FIXED && !(lower < upper)) {
            throw new IllegalArgumentException(
                    "clip bounds must satisfy lower < upper: " + lower + ", " + upper);
        }
    }

    public boolean isLearned() {
        return kind == Kind.QUANTILES;
    }
}
