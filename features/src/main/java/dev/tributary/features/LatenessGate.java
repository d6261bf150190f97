package dev.tributary.features;

import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.time.Duration;

/**
 * Rejects events that come too late: older than the newest event seen before them by more than the
 * allowed lateness. Judged against the newest event time seen, not against Flink's watermark, which
 * advances on a processing-time schedule: the same stream in the same order gets the same verdicts
 * in every run, so that the models stay reproducible.
 */
public final class LatenessGate {

    private final long allowedMillis;
    private final Duration allowed;
    private long newest = Long.MIN_VALUE;

    public LatenessGate(Duration allowed) {
        this.allowed = allowed;
        this.allowedMillis = allowed.toMillis();
    }

    /**
     * Judges one readable, timed event and, when it passes, takes its time into account.
     *
     * @return {@code null} when it is in time, otherwise its dead letter (the raw text is written
     *     only then: this runs on every event)
     */
    public DeadLetter check(RawEvent event) {
        long t = event.eventTime();
        if (newest != Long.MIN_VALUE && t < newest - allowedMillis) {
            return new DeadLetter(
                    event.id(),
                    ReasonCode.LATE,
                    "",
                    "event time "
                            + java.time.Instant.ofEpochMilli(t)
                            + " is more than "
                            + allowed
                            + " behind the newest event, at "
                            + java.time.Instant.ofEpochMilli(newest),
                    EventCleaner.toJson(event.fields()));
        }
        newest = Math.max(newest, t);
        return null;
    }

    /** The newest event time seen, {@code Long.MIN_VALUE} before the first: checkpointed state. */
    public long newest() {
        return newest;
    }

    /** Continues from a checkpointed {@link #newest()}. */
    public void restore(long newestSeen) {
        newest = Math.max(newest, newestSeen);
    }
}
