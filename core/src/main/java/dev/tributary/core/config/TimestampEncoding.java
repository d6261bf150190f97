package dev.tributary.core.config;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.Set;

/**
 * How a timestamp field is read and what it becomes.
 *
 * @param format how the value is written
 * @param zone the zone in which hour of day and day of week are taken, and in which an ISO time
 *     without an offset is read
 * @param parts the features made of it
 */
public record TimestampEncoding(Format format, ZoneId zone, Set<Part> parts)
        implements Serializable {

    public enum Format {
        /**
         * ISO-8601, with an offset ({@code 2001-01-01T10:00:00Z}) or without (read in the zone).
         */
        ISO,
        EPOCH_MILLIS,
        EPOCH_SECONDS
    }

    public enum Part {
        /** A category {@code <name>:hour=0..23}. */
        HOUR_OF_DAY,
        /** A category {@code <name>:dow=1..7} (Monday is 1). */
        DAY_OF_WEEK,
        /** Four dense features: {@link #HOUR_CYCLIC} and {@link #DAY_CYCLIC}. */
        CYCLIC,
        /** Two dense features: the sine and cosine of the time of day. */
        HOUR_CYCLIC,
        /** Two dense features: the sine and cosine of the time of week. */
        DAY_CYCLIC
    }

    /** Whether the time of day is encoded as a sine and cosine. */
    public boolean hourCyclic() {
        return parts.contains(Part.CYCLIC) || parts.contains(Part.HOUR_CYCLIC);
    }

    /** Whether the time of week is encoded as a sine and cosine. */
    public boolean dayCyclic() {
        return parts.contains(Part.CYCLIC) || parts.contains(Part.DAY_CYCLIC);
    }

    public TimestampEncoding {
        parts = Set.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a timestamp field needs at least one part");
        }
    }
}
