package dev.tributary.core.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * Rules on the event stream as a whole, beyond each event's fields.
 *
 * @param dedupWindow an event whose id was seen within this much event time of its first occurrence
 *     is a {@code DUPLICATE} (a retrying producer); {@code null} for no deduplication
 * @param allowedLateness an event older than the newest event seen before it by more than this is
 *     {@code LATE} and not trained on; {@code null} to accept any lateness
 * @param maxFuture an event dated more than this ahead of the wall clock is {@code BAD_TIMESTAMP}
 *     (a producer's clock gone wrong), so that it moves neither event time nor the lateness rule;
 *     {@code null} to accept any time. A replay of history is never affected.
 */
public record CleaningConfig(Duration dedupWindow, Duration allowedLateness, Duration maxFuture)
        implements Serializable {

    /** No stream rules. */
    public static final CleaningConfig NONE = new CleaningConfig(null, null, null);

    /** Rules without a limit on future times. */
    public CleaningConfig(Duration dedupWindow, Duration allowedLateness) {
        this(dedupWindow, allowedLateness, null);
    }

    public CleaningConfig {
        if (dedupWindow != null && (dedupWindow.isZero() || dedupWindow.isNegative())) {
            throw new IllegalArgumentException("dedupWindow must be positive: " + dedupWindow);
        }
        if (maxFuture != null && maxFuture.isNegative()) {
            throw new IllegalArgumentException("maxFuture must not be negative: " + maxFuture);
        }
        if (allowedLateness != null && allowedLateness.isNegative()) {
            throw new IllegalArgumentException(
                    "allowedLateness must not be negative: " + allowedLateness);
        }
    }

    public boolean deduplicates() {
        return dedupWindow != null;
    }

    public boolean limitsLateness() {
        return allowedLateness != null;
    }
}
