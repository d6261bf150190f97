package dev.tributary.core.config;

import java.io.Serializable;
import java.util.List;

/**
 * What values a field may take; a value outside is dead-lettered as {@code OUT_OF_RANGE}.
 *
 * @param min the smallest allowed number, inclusive ({@code -Infinity}: no bound)
 * @param max the largest allowed number, inclusive ({@code +Infinity}: no bound)
 * @param allowed the allowed category values; empty allows every value
 */
public record ValueRule(double min, double max, List<String> allowed) implements Serializable {

    /** Every value is allowed. */
    public static final ValueRule ANY =
            new ValueRule(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, List.of());

    public ValueRule {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException("range [" + min + ", " + max + "] is empty");
        }
        allowed = List.copyOf(allowed);
    }

    public boolean admits(double x) {
        return x >= min && x <= max;
    }
}
