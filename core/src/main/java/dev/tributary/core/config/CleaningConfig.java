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
 */
public record CleaningConfig(Duration dedupWindow, Duration allowedLateness)
        implements Serializable {

    /** No stream rules. */
    public static final CleaningConfig NONE = new CleaningConfig(null, null);

    public CleaningConfig {
        if (dedupWindow != null && (dedupWindow.isZero() || dedupWindow.isNegative())) {
            throw new IllegalArgumentException("dedupWindow must be positive: " + dedupWindow);
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
