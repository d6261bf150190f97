package dev.tributary.core.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a model groups examples into training steps. A step runs when {@code size} examples are
 * pending, or when an example arrives whose event time is {@code maxLatency} or more after the
 * first pending one. Both rules read only the examples themselves, never a wall clock, so the steps
 * are the same for the same input order, whenever it runs and however often it is checkpointed.
 *
 * @param size examples per step, {@code >= 1}; 1 trains on each example as it arrives
 * @param maxLatency the longest event-time span of one batch, positive
 */
public record BatchConfig(int size, Duration maxLatency) implements Serializable {

    public static final Duration DEFAULT_MAX_LATENCY = Duration.ofSeconds(10);
    public static final BatchConfig SINGLE = new BatchConfig(1, DEFAULT_MAX_LATENCY);

    public BatchConfig {
        Objects.requireNonNull(maxLatency, "maxLatency");
        if (size < 1) throw new IllegalArgumentException("size must be >= 1, was " + size);
        if (maxLatency.isNegative() || maxLatency.isZero()) {
            throw new IllegalArgumentException("maxLatency must be positive, was " + maxLatency);
        }
    }
}
