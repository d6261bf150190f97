package dev.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.connectors.file.EventTimeFormat;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonEventDecoderTest {

    private static final long T0 = 1_709_287_200_000L; // 2024-03-01T10:00:00Z
    private static final long KAFKA_TIME = 1_700_000_000_000L;

    private final JsonEventDecoder decoder =
            new JsonEventDecoder(EventDecoding.of("id", "ts", EventTimeFormat.ISO));

    @Test
    void readsAnObjectIntoTextFields() {
        RawEvent event =
                decode(
                        "{\"id\":\"e1\",\"ts\":\"2024-03-01T10:00:00Z\",\"amount\":12.50,"
                                + "\"count\":3,\"vip\":true,\"country\":\"FR\"}");

        assertThat(event.isReadable()).isTrue();
        assertThat(event.id()).isEqualTo("e1");
        assertThat(event.eventTime()).isEqualTo(T0);
        assertThat(event.fields())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "id", "e1",
                                "ts", "2024-03-01T10:00:00Z",
                                "amount", "12.50",
                                "count", "3",
                                "vip", "true",
                                "country", "FR"));
    }

    @Test
    void nullAndEmptyValuesAreAbsentAndNestedValuesKeepTheirJsonText() {
        RawEvent event =
                decode(
                        "{ \"id\": \"e1\", \"ts\": \"2024-03-01T10:00:00Z\", \"gone\": null,"
                                + " \"empty\": \"\", \"tags\": [\"a\", {\"b\": [1, 2]}],"
                                + " \"geo\": {\"lat\": 48.85, \"name\": \"Paris é\"}, \"last\": 1 }");

        assertThat(event.fields()).doesNotContainKeys("gone", "empty");
        assertThat(event.fields())
                .containsEntry("tags", "[\"a\", {\"b\": [1, 2]}]")
                .containsEntry("geo", "{\"lat\": 48.85, \"name\": \"Paris é\"}")
                .containsEntry("last", "1");
    }

    @Test
    void stringEscapesAreDecodedAndNumericIdsAccepted() {
        RawEvent event =
                decode("{\"id\":42,\"ts\":\"2024-03-01T10:00:00Z\",\"s\":\"a\\\"b\\u00e9\"}");

        assertThat(event.id()).isEqualTo("42");
        assertThat(event.fields()).containsEntry("s", "a\"bé");
    }

    @Test
    void aMissingOrBlankIdRejectsTheRecordAsAMissingField() {
        String noId = "{\"ts\":\"2024-03-01T10:00:00Z\",\"x\":1}";
        assertThat(decoder.decode("events", 3, 42, KAFKA_TIME, bytes(noId)))
                .isEqualTo(
                        RawEvent.rejected(
                                new DeadLetter(
                                        "events-3-42",
                                        ReasonCode.MISSING_FIELD,
                                        "id",
                                        "missing id field id",
                                        noId)));

        for (String json :
                new String[] {
                    "{\"id\":null,\"x\":1}", "{\"id\":\"\",\"x\":1}", "{\"id\":\"  \",\"x\":1}"
                }) {
            RawEvent event = decoder.decode("events", 0, 7, KAFKA_TIME, bytes(json));
            assertThat(event.isReadable()).as(json).isFalse();
            assertThat(event.id()).isEqualTo("events-0-7");
            assertThat(event.problem()).isEqualTo("missing id field id");
            assertThat(event.rejection().reason()).isEqualTo(ReasonCode.MISSING_FIELD);
            assertThat(event.raw()).isEqualTo(json);
            assertThat(event.eventTime()).isEqualTo(RawEvent.NO_TIME);
        }
    }

    @Test
    void anIdOfTheWrongTypeRejectsTheRecordAsABadType() {
        assertThat(decode("{\"id\":{\"a\":1}}").rejection())
                .isEqualTo(
                        new DeadLetter(
                                "events-0-0",
                                ReasonCode.BAD_TYPE,
                                "id",
                                "id field id must be a string or a number, was an object",
                                "{\"id\":{\"a\":1}}"));
        assertThat(decode("{\"id\":[1]}").problem())
                .isEqualTo("id field id must be a string or a number, was an array");
        assertThat(decode("{\"id\":true}").problem())
                .isEqualTo("id field id must be a string or a number, was a boolean");
    }

    @Test
    void invalidJsonIsUnreadableWithItsText() {
        String truncated = "{\"id\":\"e1\",\"ts\":\"2024-03-01T10:0";
        RawEvent event = decoder.decode("events", 1, 9, KAFKA_TIME, bytes(truncated));

        assertThat(event.isReadable()).isFalse();
        assertThat(event.id()).isEqualTo("events-1-9");
        assertThat(event.problem()).startsWith("invalid JSON: ");
        assertThat(event.raw()).isEqualTo(truncated);
        assertThat(event.fields()).isEmpty();

        assertThat(decode("{\"id\":\"e1\",}").problem()).startsWith("invalid JSON: ");
        assertThat(decode("{id: \"e1\"}").problem()).startsWith("invalid JSON: ");
        assertThat(decode("{\"id\":\"e1\"} {\"id\":\"e2\"}").problem())
                .isEqualTo("record value has content after its JSON object");
        assertThat(decode("{\"id\":\"e1\"} x").problem()).startsWith("invalid JSON: ");
    }

    @Test
    void aValueThatIsNotAnObjectIsUnreadable() {
        assertThat(decode("[{\"id\":\"e1\"}]").problem())
                .isEqualTo("record value is not a JSON object but an array");
        assertThat(decode("\"e1\"").problem())
                .isEqualTo("record value is not a JSON object but a string");
        assertThat(decode("12").problem())
                .isEqualTo("record value is not a JSON object but a number");
        assertThat(decode("null").problem())
                .isEqualTo("record value is not a JSON object but null");
        assertThat(decode(" \n ").problem()).isEqualTo("record value is blank");
    }

    @Test
    void emptyAndMissingValuesAreUnreadable() {
        assertThat(decoder.decode("events", 0, 1, KAFKA_TIME, new byte[0]))
                .isEqualTo(RawEvent.unreadable("events-0-1", "record value is empty", ""));
        assertThat(decoder.decode("events", 0, 2, KAFKA_TIME, null))
                .isEqualTo(RawEvent.unreadable("events-0-2", "record has no value", ""));
    }

    @Test
    void binaryGarbageNeverThrows() {
        byte[] invalidUtf8 = {
            '{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'
        };
        RawEvent event = decoder.decode("events", 0, 5, KAFKA_TIME, invalidUtf8);
        assertThat(event.isReadable()).isFalse();
        assertThat(event.problem()).startsWith("invalid JSON: ");
        assertThat(event.raw())
                .as("undecodable bytes become U+FFFD")
                .isEqualTo("{\"id\":\"\uFFFD(\"}");

        Random random = new Random(20_240_301L);
        for (int i = 0; i < 2_000; i++) {
            byte[] garbage = new byte[random.nextInt(64)];
            random.nextBytes(garbage);
            if (garbage.length > 0 && i % 2 == 0) {
                garbage[0] = '{';
            }
            RawEvent decoded = decoder.decode("events", 0, i, KAFKA_TIME, garbage);
            assertThat(decoded).isNotNull();
            assertThat(decoded.isReadable()).as("garbage %s", i).isFalse();
            assertThat(decoded.raw()).isEqualTo(new String(garbage, StandardCharsets.UTF_8));
        }
    }

    @Test
    void anUnreadableTimeIsNoTimeAndNotTheKafkaTimestamp() {
        JsonEventDecoder withFallback =
                new JsonEventDecoder(
                        new EventDecoding(
                                "id",
                                TimeDecoding.fromField("ts", "iso").withKafkaTimestampFallback()));

        RawEvent event =
                withFallback.decode(
                        "events", 0, 0, KAFKA_TIME, bytes("{\"id\":\"e1\",\"ts\":\"yesterday\"}"));

        assertThat(event.isReadable()).isTrue();
        assertThat(event.eventTime()).isEqualTo(RawEvent.NO_TIME);
        assertThat(decode("{\"id\":\"e1\",\"ts\":true}").eventTime()).isEqualTo(RawEvent.NO_TIME);
    }

    @Test
    void anAbsentTimeFallsBackToTheKafkaTimestampOnlyWhenConfigured() {
        JsonEventDecoder withFallback =
                new JsonEventDecoder(
                        new EventDecoding(
                                "id",
                                TimeDecoding.fromField("ts", "iso").withKafkaTimestampFallback()));
        byte[] noTime = bytes("{\"id\":\"e1\"}");
        byte[] nullTime = bytes("{\"id\":\"e1\",\"ts\":null}");

        assertThat(withFallback.decode("events", 0, 0, KAFKA_TIME, noTime).eventTime())
                .isEqualTo(KAFKA_TIME);
        assertThat(withFallback.decode("events", 0, 0, KAFKA_TIME, nullTime).eventTime())
                .isEqualTo(KAFKA_TIME);
        assertThat(withFallback.decode("events", 0, 0, -1, noTime).eventTime())
                .as("a record without a Kafka timestamp")
                .isEqualTo(RawEvent.NO_TIME);
        assertThat(decoder.decode("events", 0, 0, KAFKA_TIME, noTime).eventTime())
                .isEqualTo(RawEvent.NO_TIME);
    }

    @Test
    void theKafkaTimestampCanBeTheOnlyEventTime() {
        JsonEventDecoder kafkaTime =
                new JsonEventDecoder(new EventDecoding("id", TimeDecoding.kafkaTimestamp()));

        RawEvent event =
                kafkaTime.decode(
                        "events",
                        0,
                        0,
                        KAFKA_TIME,
                        bytes("{\"id\":\"e1\",\"ts\":\"2024-03-01T10:00:00Z\"}"));

        assertThat(event.eventTime()).isEqualTo(KAFKA_TIME);
        assertThat(event.fields()).containsEntry("ts", "2024-03-01T10:00:00Z");
    }

    @Test
    void timesFollowTheFormatAndZone() {
        JsonEventDecoder paris =
                new JsonEventDecoder(
                        new EventDecoding(
                                "id",
                                TimeDecoding.fromField("ts", "yyyy-MM-dd HH:mm:ss")
                                        .withZone("Europe/Paris")));
        JsonEventDecoder seconds =
                new JsonEventDecoder(EventDecoding.of("id", "ts", EventTimeFormat.EPOCH_SECONDS));

        assertThat(
                        paris.decode(
                                        "events",
                                        0,
                                        0,
                                        -1,
                                        bytes("{\"id\":\"e1\",\"ts\":\"2024-03-01 11:00:00\"}"))
                                .eventTime())
                .isEqualTo(T0);
        assertThat(
                        seconds.decode(
                                        "events",
                                        0,
                                        0,
                                        -1,
                                        bytes("{\"id\":\"e1\",\"ts\":1709287200}"))
                                .eventTime())
                .as("a JSON number is read through its text")
                .isEqualTo(T0);
        assertThat(
                        seconds.decode(
                                        "events",
                                        0,
                                        1,
                                        -1,
                                        bytes("{\"id\":\"e2\",\"ts\":1709287201}"))
                                .eventTime())
                .as("the parse cache is keyed by the text")
                .isEqualTo(T0 + 1000);
    }

    @Test
    void fieldsOfOneRecordDoNotLeakIntoTheNext() {
        decode("{\"id\":\"e1\",\"a\":1,\"ts\":\"2024-03-01T10:00:00Z\"}");

        RawEvent second = decode("{\"id\":\"e2\"}");

        assertThat(second.fields()).containsOnlyKeys("id");
        assertThat(second.eventTime()).isEqualTo(RawEvent.NO_TIME);
        assertThat(decode("{\"x\":1}").problem()).isEqualTo("missing id field id");
    }

    @Test
    void goodRecordsRoundTripThroughJackson() throws Exception {
        // The same object written by Jackson: what a producer in another language would send.
        Map<String, Object> value = Map.of("id", "e9", "ts", "2024-03-01T10:00:00Z", "n", 1.5);
        RawEvent event = decode(new ObjectMapper().writeValueAsString(value));

        assertThat(event)
                .isEqualTo(
                        RawEvent.of(
                                "e9",
                                T0,
                                Map.of("id", "e9", "ts", "2024-03-01T10:00:00Z", "n", "1.5")));
    }

    private RawEvent decode(String json) {
        return decoder.decode("events", 0, 0, KAFKA_TIME, bytes(json));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
