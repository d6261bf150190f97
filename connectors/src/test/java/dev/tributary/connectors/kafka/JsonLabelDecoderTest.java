package dev.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonLabelDecoderTest {

    private static final long T0 = 1_709_287_200_000L; // 2024-03-01T10:00:00Z
    private static final long KAFKA_TIME = 1_700_000_000_000L;

    private final JsonLabelDecoder decoder =
            new JsonLabelDecoder(LabelDecoding.of("id", "label", "ts", "iso"));

    @Test
    void readsIdLabelAndTime() {
        assertThat(decode("{\"id\":\"e1\",\"label\":1,\"ts\":\"2024-03-01T10:00:00Z\"}"))
                .isEqualTo(LabelEvent.of("e1", "1", T0));
        assertThat(decode("{\"ts\":\"2024-03-01T10:00:00Z\",\"label\":0.0,\"id\":7,\"x\":[1]}"))
                .isEqualTo(LabelEvent.of("7", "0.0", T0));
    }

    @Test
    void theLabelIsKeptAsTextWhateverItsType() {
        assertThat(decode("{\"id\":\"e1\",\"label\":true}").labelText()).isEqualTo("true");
        assertThat(decode("{\"id\":\"e1\",\"label\":\"click\"}").labelText()).isEqualTo("click");
        assertThat(decode("{\"id\":\"e1\",\"label\":{\"v\": 1}}").labelText())
                .isEqualTo("{\"v\": 1}");
        LabelEvent absent = decode("{\"id\":\"e1\"}");
        assertThat(absent.isReadable())
                .as("whether a label is valid is the job's decision")
                .isTrue();
        assertThat(absent.labelText()).isNull();
        assertThat(decode("{\"id\":\"e1\",\"label\":null}").labelText()).isNull();
    }

    @Test
    void configurableFieldNames() {
        JsonLabelDecoder custom =
                new JsonLabelDecoder(LabelDecoding.of("event_id", "clicked", "at", "epoch-millis"));

        assertThat(
                        custom.decode(
                                "labels",
                                0,
                                0,
                                KAFKA_TIME,
                                bytes(
                                        "{\"event_id\":\"e1\",\"clicked\":1,\"at\":1709287200000,"
                                                + "\"id\":\"other\",\"label\":0}")))
                .isEqualTo(LabelEvent.of("e1", "1", T0));
    }

    @Test
    void aMissingIdRejectsTheLabelAsAMissingField() {
        String json = "{\"label\":1,\"ts\":\"2024-03-01T10:00:00Z\"}";

        LabelEvent label = decoder.decode("labels", 2, 11, KAFKA_TIME, bytes(json));

        assertThat(label)
                .isEqualTo(
                        LabelEvent.rejected(
                                new DeadLetter(
                                        "labels-2-11",
                                        ReasonCode.MISSING_FIELD,
                                        "id",
                                        "missing id field id",
                                        json)));
        assertThat(label.isReadable()).isFalse();
        assertThat(label.eventTime()).isEqualTo(RawEvent.NO_TIME);
        assertThat(decode("{\"id\":\" \",\"label\":1}").problem()).isEqualTo("missing id field id");
        LabelEvent nested = decode("{\"id\":[\"e1\"],\"label\":1}");
        assertThat(nested.problem())
                .isEqualTo("id field id must be a string or a number, was an array");
        assertThat(nested.rejection().reason()).isEqualTo(ReasonCode.BAD_TYPE);
    }

    @Test
    void badValuesAreUnreadableWithTheirText() {
        String truncated = "{\"id\":\"e1\",\"label\":";
        LabelEvent label = decoder.decode("labels", 0, 3, KAFKA_TIME, bytes(truncated));
        assertThat(label.id()).isEqualTo("labels-0-3");
        assertThat(label.problem()).startsWith("invalid JSON: ");
        assertThat(label.raw()).isEqualTo(truncated);
        assertThat(label.labelText()).isNull();

        assertThat(decode("1").problem())
                .isEqualTo("record value is not a JSON object but a number");
        assertThat(decoder.decode("labels", 0, 4, KAFKA_TIME, new byte[0]).problem())
                .isEqualTo("record value is empty");
        assertThat(decoder.decode("labels", 0, 5, KAFKA_TIME, null))
                .isEqualTo(LabelEvent.unreadable("labels-0-5", "record has no value", ""));

        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            byte[] garbage = new byte[1 + random.nextInt(48)];
            random.nextBytes(garbage);
            LabelEvent decoded = decoder.decode("labels", 0, i, KAFKA_TIME, garbage);
            assertThat(decoded.isReadable()).as("garbage %s", i).isFalse();
            assertThat(decoded.id()).isEqualTo("labels-0-" + i);
        }
    }

    @Test
    void timeFallsBackToTheKafkaTimestampWhenConfigured() {
        JsonLabelDecoder withFallback =
                new JsonLabelDecoder(
                        new LabelDecoding(
                                "id",
                                "label",
                                TimeDecoding.fromField("ts", "iso").withKafkaTimestampFallback()));
        JsonLabelDecoder kafkaOnly =
                new JsonLabelDecoder(
                        new LabelDecoding("id", "label", TimeDecoding.kafkaTimestamp()));
        byte[] noTime = bytes("{\"id\":\"e1\",\"label\":1}");

        assertThat(withFallback.decode("labels", 0, 0, KAFKA_TIME, noTime))
                .isEqualTo(LabelEvent.of("e1", "1", KAFKA_TIME));
        assertThat(decoder.decode("labels", 0, 0, KAFKA_TIME, noTime).eventTime())
                .isEqualTo(RawEvent.NO_TIME);
        assertThat(
                        withFallback
                                .decode(
                                        "labels",
                                        0,
                                        0,
                                        KAFKA_TIME,
                                        bytes("{\"id\":\"e1\",\"label\":1,\"ts\":\"soon\"}"))
                                .eventTime())
                .as("a present but unreadable time is not replaced")
                .isEqualTo(RawEvent.NO_TIME);
        assertThat(
                        kafkaOnly
                                .decode(
                                        "labels",
                                        0,
                                        0,
                                        KAFKA_TIME,
                                        bytes(
                                                "{\"id\":\"e1\",\"label\":1,"
                                                        + "\"ts\":\"2024-03-01T10:00:00Z\"}"))
                                .eventTime())
                .isEqualTo(KAFKA_TIME);
    }

    private LabelEvent decode(String json) {
        return decoder.decode("labels", 0, 0, KAFKA_TIME, bytes(json));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
