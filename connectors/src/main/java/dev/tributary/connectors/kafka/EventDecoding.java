package dev.tributary.connectors.kafka;

import dev.tributary.core.config.SourceConfig;
import dev.tributary.core.config.SourceKind;
import java.io.Serializable;

/**
 * How the JSON value of an events-topic record becomes a {@code RawEvent}: which field is the id
 * and where the event time comes from. A validated, immutable, serializable record.
 *
 * @param idField the field holding the event id; required, since labels are joined to events by it
 * @param time where the event time comes from
 * @see JsonEventDecoder
 */
public record EventDecoding(String idField, TimeDecoding time) implements Serializable {

    private static final long serialVersionUID = 1L;

    public EventDecoding {
        if (idField == null || idField.isBlank()) {
            throw new IllegalArgumentException(
                    "idField: must name the event-id field (labels are joined to events by it),"
                            + " was "
                            + (idField == null ? "null" : "'" + idField + "'"));
        }
        if (time == null) {
            throw new IllegalArgumentException(
                    "time: must say where the event time comes from, was null");
        }
    }

    /**
     * The decoding a job file's {@code source} section describes for a Kafka source: its id field,
     * and its event-time field, format and zone (no Kafka-timestamp fallback: the section has no
     * such option).
     *
     * @throws IllegalArgumentException naming {@code source.<setting>}, the value and the
     *     expectation
     */
    public static EventDecoding from(SourceConfig source) {
        if (source.kind() != SourceKind.KAFKA) {
            throw new IllegalArgumentException(
                    "source.type: " + source.kind() + " is not a Kafka source");
        }
        try {
            return new EventDecoding(
                    source.idField(),
                    new TimeDecoding(
                            source.eventTimeField(),
                            source.eventTimeFormat(),
                            source.zone(),
                            false));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("source." + e.getMessage(), e);
        }
    }

    /**
     * Ids from {@code idField}, event times from {@code timeField} read with {@code timeFormat}.
     */
    public static EventDecoding of(String idField, String timeField, String timeFormat) {
        return new EventDecoding(idField, TimeDecoding.fromField(timeField, timeFormat));
    }
}
