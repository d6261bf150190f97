package dev.tributary.features;

import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.ReasonCode;
import java.time.Duration;
import java.time.Instant;

/**
 * Deduplication by event id within a window of event time: an id seen again within the window of
 * its first occurrence (before or after it: retries need not arrive in order) is a duplicate. The
 * caller keeps, per id, the event time of its remembered occurrence, and forgets it at {@link
 * #forgetAt}.
 */
public final class DuplicateWindow {

    private final Duration window;
    private final long windowMillis;
    private final long keepMillis;

    /**
     * @param window how much event time apart two events with one id still count as one event
     * @param allowedLateness the allowed lateness, or {@code null} for none: an id is remembered
     *     this much longer, so that any repeat that could still pass the lateness check is compared
     */
    public DuplicateWindow(Duration window, Duration allowedLateness) {
        this.window = window;
        this.windowMillis = window.toMillis();
        this.keepMillis = windowMillis + (allowedLateness == null ? 0 : allowedLateness.toMillis());
    }

    /**
     * Whether an event at {@code eventTime} repeats the occurrence remembered at {@code firstSeen}.
     */
    public boolean isDuplicate(long firstSeen, long eventTime) {
        return Math.abs(eventTime - firstSeen) <= windowMillis;
    }

    /** The event time at which an occurrence at {@code firstSeen} may be forgotten. */
    public long forgetAt(long firstSeen) {
        return firstSeen + keepMillis;
    }

    public DeadLetter deadLetter(String id, long firstSeen, String raw) {
        return new DeadLetter(
                id,
                ReasonCode.DUPLICATE,
                "",
                "event id seen before, at "
                        + Instant.ofEpochMilli(firstSeen)
                        + ", within the dedup window of "
                        + window,
                raw);
    }
}
