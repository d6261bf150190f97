package dev.tributary.connectors.file;

import dev.tributary.core.model.RawEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Objects;

/**
 * Parses the text of an event-time field into epoch milliseconds.
 *
 * <p>A format is one of {@value #ISO} (an ISO-8601 instant, offset or local date-time, or a date,
 * with {@code T} or a space between date and time), {@value #EPOCH_MILLIS}, {@value #EPOCH_SECONDS}
 * (both may carry a decimal fraction), or a {@link DateTimeFormatter} pattern such as {@code
 * yyyy-MM-dd'T'HH:mm}. Local date-times, and dates (taken at the start of the day), are interpreted
 * in the format's zone; a text that carries its own offset keeps it.
 *
 * <p>Instances are immutable and thread-safe. {@link #parse} never throws: text it cannot read
 * yields {@link RawEvent#NO_TIME}, so that the cleaner can dead-letter the event.
 */
public final class EventTimeFormat {

    /** ISO-8601 date-times, with or without offset or zone. */
    public static final String ISO = "iso";

    /** Milliseconds since the epoch. */
    public static final String EPOCH_MILLIS = "epoch-millis";

    /** Seconds since the epoch. */
    public static final String EPOCH_SECONDS = "epoch-seconds";

    private enum Kind {
        EPOCH_MILLIS,
        EPOCH_SECONDS,
        FORMATTER
    }

    /**
     * ISO-8601 date, optionally followed by a time (after {@code T} or a space), an offset and a
     * bracketed zone region.
     */
    private static final DateTimeFormatter ISO_FLEXIBLE =
            new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .append(DateTimeFormatter.ISO_LOCAL_DATE)
                    .optionalStart()
                    .optionalStart()
                    .appendLiteral('T')
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral(' ')
                    .optionalEnd()
                    .append(DateTimeFormatter.ISO_LOCAL_TIME)
                    .optionalStart()
                    .appendOffsetId()
                    .optionalEnd()
                    .optionalStart()
                    .appendLiteral('[')
                    .parseCaseSensitive()
                    .appendZoneRegionId()
                    .appendLiteral(']')
                    .optionalEnd()
                    .optionalEnd()
                    .toFormatter()
                    .withChronology(IsoChronology.INSTANCE)
                    .withResolverStyle(ResolverStyle.STRICT);

    private final String pattern;
    private final ZoneId zone;
    private final Kind kind;
    private final DateTimeFormatter formatter;

    private EventTimeFormat(String pattern, ZoneId zone, Kind kind, DateTimeFormatter formatter) {
        this.pattern = pattern;
        this.zone = zone;
        this.kind = kind;
        this.formatter = formatter;
    }

    /**
     * Creates a format.
     *
     * @param pattern {@value #ISO}, {@value #EPOCH_MILLIS}, {@value #EPOCH_SECONDS} or a {@link
     *     DateTimeFormatter} pattern
     * @param zone the zone of local date-times and dates
     * @throws IllegalArgumentException if the pattern is blank or not a valid pattern
     */
    public static EventTimeFormat of(String pattern, ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException(
                    "event-time format must be 'iso', 'epoch-millis', 'epoch-seconds' or a"
                            + " java.time pattern, was "
                            + (pattern == null ? "null" : "'" + pattern + "'"));
        }
        switch (pattern) {
            case ISO:
                return new EventTimeFormat(
                        pattern, zone, Kind.FORMATTER, ISO_FLEXIBLE.withZone(zone));
            case EPOCH_MILLIS:
                return new EventTimeFormat(pattern, zone, Kind.EPOCH_MILLIS, null);
            case EPOCH_SECONDS:
                return new EventTimeFormat(pattern, zone, Kind.EPOCH_SECONDS, null);
            default:
                try {
                    return new EventTimeFormat(
                            pattern,
                            zone,
                            Kind.FORMATTER,
                            DateTimeFormatter.ofPattern(pattern).withZone(zone));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "event-time format '"
                                    + pattern
                                    + "' is not 'iso', 'epoch-millis', 'epoch-seconds' or a valid"
                                    + " java.time pattern: "
                                    + e.getMessage(),
                            e);
                }
        }
    }

    /** The pattern this format was created from. */
    public String pattern() {
        return pattern;
    }

    /** The zone of local date-times and dates. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * Parses an event time. Leading and trailing white space is ignored.
     *
     * @return epoch milliseconds, or {@link RawEvent#NO_TIME} when {@code text} is null, empty or
     *     unreadable
     */
    public long parse(String text) {
        if (text == null) {
            return RawEvent.NO_TIME;
        }
        String s = text.strip();
        if (s.isEmpty()) {
            return RawEvent.NO_TIME;
        }
        switch (kind) {
            case EPOCH_MILLIS:
                return parseEpoch(s, 0);
            case EPOCH_SECONDS:
                return parseEpoch(s, 3);
            default:
                return parseWithFormatter(s);
        }
    }

    private long parseWithFormatter(String s) {
        try {
            TemporalAccessor parsed = formatter.parse(s);
            if (parsed.isSupported(ChronoField.INSTANT_SECONDS)) {
                return Instant.from(parsed).toEpochMilli();
            }
            LocalDate date = parsed.query(TemporalQueries.localDate());
            if (date == null) {
                // A time of day without a date cannot place an event on the time line.
                return RawEvent.NO_TIME;
            }
            ZoneId parsedZone = parsed.query(TemporalQueries.zone());
            return date.atStartOfDay(parsedZone != null ? parsedZone : zone)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
            return RawEvent.NO_TIME;
        }
    }

    /** Parses epoch text scaled by 10^{@code shift} into milliseconds, flooring any fraction. */
    private static long parseEpoch(String s, int shift) {
        if (isPlainInteger(s)) {
            try {
                long value = Long.parseLong(s);
                return shift == 0 ? value : Math.multiplyExact(value, 1000L);
            } catch (NumberFormatException | ArithmeticException e) {
                return RawEvent.NO_TIME;
            }
        }
        try {
            // Rare: a fraction or an exponent. BigDecimal keeps it exact.
            return new BigDecimal(s)
                    .movePointRight(shift)
                    .setScale(0, RoundingMode.FLOOR)
                    .longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return RawEvent.NO_TIME;
        }
    }

    private static boolean isPlainInteger(String s) {
        int start = s.charAt(0) == '-' || s.charAt(0) == '+' ? 1 : 0;
        if (start == s.length() || s.length() - start > 19) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "EventTimeFormat[" + pattern + " in " + zone + "]";
    }
}
