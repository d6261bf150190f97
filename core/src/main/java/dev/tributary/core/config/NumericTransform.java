package dev.tributary.core.config;

/** A transform applied to a numeric field before it becomes a dense feature. */
public enum NumericTransform {
    /** The value as it is. */
    NONE,
    /** {@code log(1 + x)}, for heavy-tailed non-negative values such as distances or amounts. */
    LOG1P
}
