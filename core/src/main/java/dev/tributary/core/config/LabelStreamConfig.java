package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * Labels that arrive on their own stream (the Kafka labels topic), and how they join their events.
 *
 * @param idField the field of a label naming its event's id
 * @param labelField the field holding the label (0/1, true/false)
 * @param timeField the field holding the label's event time, or {@code null} for the Kafka record
 *     timestamp
 * @param timeFormat how {@code timeField} is written (as for events)
 * @param join the attribution window and what happens when it closes
 */
public record LabelStreamConfig(
        String idField,
        String labelField,
        String timeField,
        String timeFormat,
        LabelJoinConfig join)
        implements Serializable {

    public LabelStreamConfig {
        Objects.requireNonNull(idField, "idField");
        Objects.requireNonNull(labelField, "labelField");
        Objects.requireNonNull(timeFormat, "timeFormat");
        Objects.requireNonNull(join, "join");
    }
}
