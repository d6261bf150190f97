package dev.tributary.connectors.file;

/**
 * Paces a replay to a rate of events per second: a token bucket driven by a caller-supplied clock,
 * so that it never sleeps and can be tested without time passing.
 *
 * <p>The k-th permit is due {@code k / rate} seconds after the first. A replay that fell behind
 * (for example under back-pressure) may catch up in a burst of at most {@link #burstNanos()} worth
 * of permits; this also lets the caller wake up at most about once a millisecond at high rates
 * instead of once per event. Not thread-safe.
 */
public final class ReplayPacer {

    /** Shortest wait handed to the caller: waking up more often costs more than it smooths. */
    public static final long MIN_WAIT_NANOS = 1_000_000L;

    private static final long MIN_BURST_NANOS = 10_000_000L;

    private final double intervalNanos;
    private final long burstNanos;
    private double nextDue;
    private boolean started;

    /**
     * @param eventsPerSecond the rate, {@code > 0}
     */
    public ReplayPacer(double eventsPerSecond) {
        if (!(eventsPerSecond > 0) || Double.isInfinite(eventsPerSecond)) {
            throw new IllegalArgumentException(
                    "eventsPerSecond: " + eventsPerSecond + " must be finite and > 0");
        }
        this.intervalNanos = 1e9 / eventsPerSecond;
        this.burstNanos = Math.max(MIN_BURST_NANOS, (long) Math.ceil(intervalNanos));
    }

    /**
     * Takes a permit if one is due.
     *
     * @param nowNanos the current time on a monotonic clock such as {@link System#nanoTime()}
     * @return {@code 0} if the caller may emit one event now (the permit is taken), otherwise how
     *     many nanoseconds to wait before asking again (at least {@link #MIN_WAIT_NANOS})
     */
    public long acquire(long nowNanos) {
        double now = nowNanos;
        if (!started) {
            started = true;
            nextDue = now;
        }
        double earliest = now - burstNanos;
        if (nextDue < earliest) {
            // Forget the backlog beyond one burst: a stalled replay must not flood afterwards.
            nextDue = earliest;
        }
        if (now >= nextDue) {
            nextDue += intervalNanos;
            return 0;
        }
        return Math.max(MIN_WAIT_NANOS, (long) Math.ceil(nextDue - now));
    }

    /** The most catching-up a burst may do, in nanoseconds of the schedule. */
    public long burstNanos() {
        return burstNanos;
    }
}
