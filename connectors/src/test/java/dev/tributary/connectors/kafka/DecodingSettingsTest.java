package dev.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connectors.file.EventTimeFormat;
import dev.tributary.core.config.LabelJoinConfig;
import dev.tributary.core.config.LabelStreamConfig;
import dev.tributary.core.config.SourceConfig;
import dev.tributary.core.config.SourceKind;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DecodingSettingsTest {

    @Test
    void timeFromAFieldDefaultsToUtcWithoutFallback() {
        TimeDecoding time = TimeDecoding.fromField("ts", EventTimeFormat.ISO);

        assertThat(time.readsField()).isTrue();
        assertThat(time.zone()).isEqualTo("UTC");
        assertThat(time.kafkaTimestampFallback()).isFalse();
        assertThat(time.eventTimeFormat().zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(time.withZone("Europe/Paris").withKafkaTimestampFallback())
                .isEqualTo(new TimeDecoding("ts", "iso", "Europe/Paris", true));
    }

    @Test
    void kafkaTimestampNeedsNoFormat() {
        TimeDecoding time = TimeDecoding.kafkaTimestamp();

        assertThat(time.readsField()).isFalse();
        assertThat(time.eventTimeFormat()).isNull();
        assertThat(new TimeDecoding(null, null, null, false).zone()).isEqualTo("UTC");
    }

    @Test
    void rejectsBadTimeSettings() {
        assertThatThrownBy(() -> TimeDecoding.fromField("ts", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("time.format: event-time format must be 'iso'")
                .hasMessageEndingWith("was null");
        assertThatThrownBy(() -> TimeDecoding.fromField("ts", "yyyy-MM-dd'T"))
                .hasMessageStartingWith("time.format: event-time format 'yyyy-MM-dd'T' is not");
        assertThatThrownBy(() -> TimeDecoding.fromField(null, "iso"))
                .hasMessageStartingWith("time.field: must name the event-time field, was null");
        assertThatThrownBy(() -> new TimeDecoding(" ", "iso", null, false))
                .hasMessageStartingWith("time.field: must name the event-time field, or be null");
        assertThatThrownBy(() -> TimeDecoding.fromField("ts", "iso").withZone("Mars/Olympus"))
                .hasMessageStartingWith("time.zone: 'Mars/Olympus' is not a valid zone id");
        assertThatThrownBy(() -> new TimeDecoding(null, "yyyy-MM-dd'T", null, true))
                .as("a format given without a field is still checked, so typos fail early")
                .hasMessageStartingWith("time.format:");
    }

    @Test
    void eventDecodingNeedsAnIdField() {
        assertThat(EventDecoding.of("id", "ts", "iso"))
                .isEqualTo(new EventDecoding("id", TimeDecoding.fromField("ts", "iso")));
        assertThatThrownBy(() -> EventDecoding.of(null, "ts", "iso"))
                .hasMessage(
                        "idField: must name the event-id field (labels are joined to events by"
                                + " it), was null");
        assertThatThrownBy(() -> new EventDecoding("", TimeDecoding.kafkaTimestamp()))
                .hasMessageEndingWith("was ''");
        assertThatThrownBy(() -> new EventDecoding("id", null))
                .hasMessage("time: must say where the event time comes from, was null");
    }

    @Test
    void labelDecodingNeedsIdAndLabelFields() {
        assertThat(LabelDecoding.of("id", "label", "ts", "epoch-millis"))
                .isEqualTo(
                        new LabelDecoding(
                                "id", "label", TimeDecoding.fromField("ts", "epoch-millis")));
        assertThatThrownBy(() -> LabelDecoding.of(" ", "label", "ts", "iso"))
                .hasMessage(
                        "idField: must name the field holding the labelled event's id, was ' '");
        assertThatThrownBy(() -> new LabelDecoding("id", null, TimeDecoding.kafkaTimestamp()))
                .hasMessage("labelField: must name the field holding the label, was null");
        assertThatThrownBy(() -> new LabelDecoding("id", "label", null))
                .hasMessage("time: must say where the label's event time comes from, was null");
    }

    @Test
    void mapsTheJobFilesKafkaSourceSection() {
        SourceConfig source =
                new SourceConfig(
                        SourceKind.KAFKA, null, "jsonl", "ts", "iso", "Europe/Paris", "id", 0, 0);

        assertThat(EventDecoding.from(source))
                .isEqualTo(
                        new EventDecoding(
                                "id",
                                TimeDecoding.fromField("ts", "iso").withZone("Europe/Paris")));
        assertThatThrownBy(
                        () ->
                                EventDecoding.from(
                                        new SourceConfig(
                                                SourceKind.KAFKA,
                                                null,
                                                "jsonl",
                                                "ts",
                                                "iso",
                                                "UTC",
                                                null,
                                                0,
                                                0)))
                .hasMessageStartingWith("source.idField: must name the event-id field");
        assertThatThrownBy(
                        () ->
                                EventDecoding.from(
                                        new SourceConfig(
                                                SourceKind.FILE,
                                                "f.csv",
                                                "csv",
                                                "ts",
                                                "iso",
                                                "UTC",
                                                "id",
                                                0,
                                                0)))
                .hasMessage("source.type: FILE is not a Kafka source");
    }

    @Test
    void mapsTheJobFilesLabelsSection() {
        LabelJoinConfig join = new LabelJoinConfig(Duration.ofMinutes(10), true, 0);

        assertThat(
                        LabelDecoding.from(
                                new LabelStreamConfig("id", "clicked", "at", "epoch-millis", join),
                                "UTC"))
                .isEqualTo(LabelDecoding.of("id", "clicked", "at", "epoch-millis"));
        LabelDecoding kafkaTime =
                LabelDecoding.from(new LabelStreamConfig("id", "label", null, "iso", join), "UTC");
        assertThat(kafkaTime.time().readsField()).isFalse();
        assertThatThrownBy(
                        () ->
                                LabelDecoding.from(
                                        new LabelStreamConfig("id", "label", "at", "iso", join),
                                        "Nowhere/Else"))
                .hasMessageStartingWith("labels.time.zone: 'Nowhere/Else' is not a valid zone id");
    }
}
