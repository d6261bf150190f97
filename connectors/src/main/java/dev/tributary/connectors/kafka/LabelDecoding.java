package dev.tributary.connectors.kafka;

import dev.tributary.core.config.LabelStreamConfig;
import java.io.Serializable;

/**
 * How the JSON value of a labels-topic record becomes a {@link LabelEvent}, e.g. {@code {"id":
 * "e17", "label": 1, "ts": "2024-03-01T10:00:00Z"}}: the names of its fields and where the event
 * time comes from. A validated, immutable, serializable record.
 *
 * @param idField the field holding the id of the event the label belongs to
 * @param labelField the field holding the label
 * @param time where the label's event time comes from
 * @see JsonLabelDecoder
 */
public record LabelDecoding(String idField, String labelField, TimeDecoding time)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public LabelDecoding {
        if (idField == null || idField.isBlank()) {
            throw new IllegalArgumentException(
                    "idField: must name the field holding the labelled event's id, was "
                            + (idField == null ? "null" : "'" + idField + "'"));
        }
        if (labelField == null || labelField.isBlank()) {
            throw new IllegalArgumentException(
                    "labelField: must name the field holding the label, was "
                            + (labelField == null ? "null" : "'" + labelField + "'"));
        }
        if (time == null) {
            throw new IllegalArgumentException(
                    "time: must say where the label's event time comes from, was null");
        }
    }

    /**
     * The decoding a job file's {@code labels} section describes: without a time field, the Kafka
     * record timestamp is each label's event time.
     *
     * @param zone the zone of local date-times in the time field (the events' zone)
     * @throws IllegalArgumentException naming {@code labels.<setting>}, the value and the
     *     expectation
     */
    public static LabelDecoding from(LabelStreamConfig labels, String zone) {
        try {
            return new LabelDecoding(
                    labels.idField(),
                    labels.labelField(),
                    new TimeDecoding(labels.timeField(), labels.timeFormat(), zone, false));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("labels." + e.getMessage(), e);
        }
    }

    /**
     * Ids from {@code idField}, labels from {@code labelField}, event times from {@code timeField}
     * read with {@code timeFormat}.
     */
    public static LabelDecoding of(
            String idField, String labelField, String timeField, String timeFormat) {
        return new LabelDecoding(
                idField, labelField, TimeDecoding.fromField(timeField, timeFormat));
    }
}
