package dev.tributary.connectors.kafka;

import dev.tributary.connectors.file.EventTimeFormat;
import dev.tributary.core.model.RawEvent;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * Where a Kafka record's event time comes from: a field of its JSON value read with an {@link
 * EventTimeFormat}, or the Kafka record timestamp. A validated, immutable, serializable record.
 *
 * <p>With a {@link #field}, a record that has the field gets the time parsed from it ({@link
 * RawEvent#NO_TIME} when unreadable, so that the job can dead-letter it); a record that lacks the
 * field (absent or {@code null}) gets the Kafka timestamp if {@link #kafkaTimestampFallback} is
 * set, otherwise {@link RawEvent#NO_TIME}. Without a field every record gets the Kafka timestamp. A
 * Kafka timestamp below 0 (none recorded) is {@link RawEvent#NO_TIME}.
 *
 * @param field the JSON field holding the event time, or {@code null} to use the Kafka timestamp
 * @param format how to read the field: see {@link EventTimeFormat}; required with a field, ignored
 *     (but still checked when given) without one
 * @param zone the zone of local date-times; {@code null} or blank means {@code UTC}
 * @param kafkaTimestampFallback whether a record lacking the field takes the Kafka timestamp
 */
public record TimeDecoding(String field, String format, String zone, boolean kafkaTimestampFallback)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The zone used when none is given. */
    public static final String DEFAULT_ZONE = "UTC";

    public TimeDecoding {
        if (field != null && field.isBlank()) {
            throw new IllegalArgumentException(
                    "time.field: must name the event-time field, or be null to use the Kafka"
                            + " record timestamp, was blank");
        }
        zone = zone == null || zone.isBlank() ? DEFAULT_ZONE : zone.strip();
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "time.zone: '"
                            + zone
                            + "' is not a valid zone id (e.g. UTC, Europe/Paris, +02:00)",
                    e);
        }
        if (field != null || format != null) {
            try {
                EventTimeFormat.of(format, zoneId);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("time.format: " + e.getMessage(), e);
            }
        }
    }

    /** The event time read from {@code field} with {@code format}, in UTC, with no fallback. */
    public static TimeDecoding fromField(String field, String format) {
        if (field == null) {
            throw new IllegalArgumentException(
                    "time.field: must name the event-time field, was null (use"
                            + " TimeDecoding.kafkaTimestamp() for the Kafka record timestamp)");
        }
        return new TimeDecoding(field, format, DEFAULT_ZONE, false);
    }

    /** The Kafka record timestamp as the event time of every record. */
    public static TimeDecoding kafkaTimestamp() {
        return new TimeDecoding(null, null, DEFAULT_ZONE, true);
    }

    /** A copy that interprets local date-times in {@code zoneId}. */
    public TimeDecoding withZone(String zoneId) {
        return new TimeDecoding(field, format, zoneId, kafkaTimestampFallback);
    }

    /** A copy in which records lacking the field take the Kafka timestamp. */
    public TimeDecoding withKafkaTimestampFallback() {
        return new TimeDecoding(field, format, zone, true);
    }

    /** Whether the event time comes from a field of the value (otherwise the Kafka timestamp). */
    public boolean readsField() {
        return field != null;
    }

    /** The parser of the field, or {@code null} when the Kafka timestamp is used. */
    public EventTimeFormat eventTimeFormat() {
        return field == null ? null : EventTimeFormat.of(format, ZoneId.of(zone));
    }
}
