package dev.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonControlCodecTest {

    private static final long KAFKA_TIME = 1_700_000_000_000L;
    private static final long ISSUED = 1_709_287_200_000L;

    private final JsonControlCodec codec = new JsonControlCodec();

    @Test
    void readsEveryField() {
        assertThat(
                        decode(
                                "{\"id\":\"c1\",\"experiment\":\"flights\",\"command\":\"promote\","
                                        + "\"model\":\"lr-2\",\"issued_by\":\"ana@box\","
                                        + "\"issued_at\":1709287200000}"))
                .isEqualTo(
                        ControlRecord.of(
                                new ControlCommand(
                                        "c1",
                                        "flights",
                                        ControlCommand.Kind.PROMOTE,
                                        "lr-2",
                                        "ana@box",
                                        ISSUED)));
    }

    @Test
    void optionalFieldsHaveDefaults() {
        ControlRecord record =
                codec.decode(
                        "control",
                        1,
                        42,
                        KAFKA_TIME,
                        bytes("{\"experiment\":\"flights\",\"command\":\"PAUSE\"}"));

        assertThat(record)
                .as("id from the record's coordinates, time from its Kafka timestamp")
                .isEqualTo(
                        ControlRecord.of(
                                new ControlCommand(
                                        "control-1-42",
                                        "flights",
                                        ControlCommand.Kind.PAUSE,
                                        "",
                                        "",
                                        KAFKA_TIME)));
        assertThat(decode("{\"id\":7,\"experiment\":\"e\",\"command\":\" retrain \"}").command())
                .isEqualTo(
                        new ControlCommand(
                                "7", "e", ControlCommand.Kind.RETRAIN, "", "", KAFKA_TIME));
    }

    @Test
    void everyCommandRoundTrips() {
        for (ControlCommand.Kind kind : ControlCommand.Kind.values()) {
            ControlCommand command =
                    new ControlCommand("id-" + kind, "e", kind, "m", "who", ISSUED + 1);
            assertThat(codec.decode("control", 0, 0, -1, JsonControlCodec.encode(command)))
                    .isEqualTo(ControlRecord.of(command));
        }
        ControlCommand noModel =
                new ControlCommand("c", "e", ControlCommand.Kind.RESUME, "", "", 0);
        assertThat(new String(JsonControlCodec.encode(noModel), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"id\":\"c\",\"experiment\":\"e\",\"command\":\"resume\","
                                + "\"issued_at\":0}");
        assertThat(codec.decode("control", 0, 0, -1, JsonControlCodec.encode(noModel)).command())
                .isEqualTo(noModel);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // a required field absent, null or empty
                "{\"command\":\"pause\"}|MISSING_FIELD|experiment|missing field experiment",
                "{\"experiment\":null,\"command\":\"pause\"}|MISSING_FIELD|experiment|missing field experiment",
                "{\"experiment\":\" \",\"command\":\"pause\"}|MISSING_FIELD|experiment|missing field experiment",
                "{\"experiment\":\"e\"}|MISSING_FIELD|command|missing field command",
                "{\"experiment\":\"e\",\"command\":\"\"}|MISSING_FIELD|command|missing field command",
                // a field of the wrong JSON type
                "{\"experiment\":3,\"command\":\"pause\"}|BAD_TYPE|experiment|experiment must be a string, was a number",
                "{\"experiment\":\"e\",\"command\":[\"pause\"]}|BAD_TYPE|command|command must be a string, was an array",
                "{\"experiment\":\"e\",\"command\":\"pause\",\"model\":{\"id\":1}}|BAD_TYPE|model|model must be a string, was an object",
                "{\"experiment\":\"e\",\"command\":\"pause\",\"issued_by\":true}|BAD_TYPE|issued_by|issued_by must be a string, was a boolean",
                "{\"experiment\":\"e\",\"command\":\"pause\",\"issued_at\":\"today\"}|BAD_TYPE|issued_at|issued_at must be whole epoch milliseconds, was a string",
                "{\"experiment\":\"e\",\"command\":\"pause\",\"issued_at\":1.5}|BAD_TYPE|issued_at|issued_at must be whole epoch milliseconds, was a number",
                // a value outside what the field accepts
                "{\"experiment\":\"e\",\"command\":\"explode\"}|OUT_OF_RANGE|command|command 'explode' must be one of promote, rollback, pause, resume, retrain",
                "{\"experiment\":\"e\",\"command\":\"pause\",\"issued_at\":-5}|OUT_OF_RANGE|issued_at|issued_at -5 must be epoch milliseconds >= 0",
            })
    void aBadFieldIsRejectedWithItsReason(
            String json, ReasonCode reason, String field, String detail) {
        ControlRecord record = codec.decode("control", 0, 9, KAFKA_TIME, bytes(json));

        assertThat(record.isReadable()).isFalse();
        assertThat(record.command()).isNull();
        assertThat(record.rejection())
                .isEqualTo(new DeadLetter("control-0-9", reason, field, detail, json));
    }

    @Test
    void aRejectionKeepsTheCommandIdWhenItHasOne() {
        String json = "{\"id\":\"c9\",\"experiment\":\"e\",\"command\":\"promot\"}";

        assertThat(decode(json).rejection().id()).isEqualTo("c9");
        assertThat(decode("{\"id\":[1],\"experiment\":\"e\",\"command\":\"pause\"}").rejection())
                .isEqualTo(
                        new DeadLetter(
                                "control-0-0",
                                ReasonCode.BAD_TYPE,
                                "id",
                                "id must be a string or a whole number, was an array",
                                "{\"id\":[1],\"experiment\":\"e\",\"command\":\"pause\"}"));
    }

    @Test
    void withoutATimeAndWithoutATimestampTheTimeIsMissing() {
        ControlRecord record =
                codec.decode(
                        "control", 0, 1, -1, bytes("{\"experiment\":\"e\",\"command\":\"pause\"}"));

        assertThat(record.rejection().reason()).isEqualTo(ReasonCode.MISSING_FIELD);
        assertThat(record.rejection().field()).isEqualTo("issued_at");
    }

    @Test
    void unreadableValuesAreMalformed() {
        String truncated = "{\"experiment\":\"e\",\"command\":";
        DeadLetter bad = decode(truncated).rejection();
        assertThat(bad.reason()).isEqualTo(ReasonCode.MALFORMED);
        assertThat(bad.detail()).startsWith("invalid JSON: ");
        assertThat(bad.raw()).isEqualTo(truncated);
        assertThat(decode("[1]").rejection().detail())
                .isEqualTo("record value is not a JSON object but an array");
        assertThat(codec.decode("control", 0, 5, KAFKA_TIME, null).rejection())
                .isEqualTo(
                        new DeadLetter(
                                "control-0-5",
                                ReasonCode.MALFORMED,
                                "",
                                "record has no value",
                                ""));

        Random random = new Random(11);
        for (int i = 0; i < 1_000; i++) {
            byte[] garbage = new byte[1 + random.nextInt(48)];
            random.nextBytes(garbage);
            ControlRecord decoded = codec.decode("control", 0, i, KAFKA_TIME, garbage);
            assertThat(decoded.isReadable()).as("garbage %s", i).isFalse();
            assertThat(decoded.rejection().reason()).isEqualTo(ReasonCode.MALFORMED);
        }
    }

    private ControlRecord decode(String json) {
        return codec.decode("control", 0, 0, KAFKA_TIME, bytes(json));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
