package dev.tributary.features;

import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * Rejects events dated too far ahead of the wall clock: a producer whose clock is wrong, or a field
 * that holds another time. Such an event would otherwise advance event time for everyone:
 * watermarks, attribution windows, entity windows and the lateness rule, which would then reject
 * every honest event after it as late.
 *
 * <p>Judged against the wall clock, so a replay of history (all of it in the past) gets the same
 * verdicts in every run, and a live stream is checked as it should be.
 */
public final class FutureGate {

    private final Duration maxAhead;
    private final long maxAheadMillis;
    private final LongSupplier clock;

    /**
     * @param clock the wall clock, epoch milliseconds
     */
    public FutureGate(Duration maxAhead, LongSupplier clock) {
        this.maxAhead = maxAhead;
        this.maxAheadMillis = maxAhead.toMillis();
        this.clock = clock;
    }

    /** {@code null} when the event's time is not too far ahead, otherwise its dead letter. */
    public DeadLetter check(RawEvent event) {
        long now = clock.getAsLong();
        long t = event.eventTime();
        if (t - now <= maxAheadMillis) {
            return null;
        }
        return new DeadLetter(
                event.id(),
                ReasonCode.BAD_TIMESTAMP,
                "",
                "event time "
                        + Instant.ofEpochMilli(t)
                        + " is more than "
                        + maxAhead
                        + " ahead of the clock, at "
                        + Instant.ofEpochMilli(now),
                EventCleaner.toJson(event.fields()));
    }
}
