package dev.tributary.connectors.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.ReasonCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The JSON form of a control-topic record, both ways: {@code {"id": "...", "experiment": "flights",
 * "command": "promote", "model": "lr-2", "issued_by": "ana@host", "issued_at": 1709287200000}}.
 *
 * <p>{@code experiment} and {@code command} (one of {@code promote}, {@code rollback}, {@code
 * pause}, {@code resume}, {@code retrain}, in any case) are required strings; {@code model} and
 * {@code issued_by} are optional strings; {@code issued_at} is optional epoch milliseconds,
 * defaulting to the Kafka record timestamp; {@code id} is an optional string or number, defaulting
 * to {@code <topic>-<partition>-<offset>} (unique, and the same when the topic is read again).
 *
 * <p>Decoding never throws: a record that is not one JSON object is rejected as {@code MALFORMED},
 * a missing required field as {@code MISSING_FIELD}, a field of the wrong JSON type as {@code
 * BAD_TYPE}, an unknown command or a negative time as {@code OUT_OF_RANGE}, each naming the field.
 * Instances are not thread-safe: use one per Flink subtask.
 */
public final class JsonControlCodec implements RecordDecoder<ControlRecord> {

    public static final String ID = "id";
    public static final String EXPERIMENT = "experiment";
    public static final String COMMAND = "command";
    public static final String MODEL = "model";
    public static final String ISSUED_BY = "issued_by";
    public static final String ISSUED_AT = "issued_at";

    private static final JsonFactory JSON = new JsonFactory();

    /** The command names, for messages. */
    private static final String NAMES =
            Arrays.stream(ControlCommand.Kind.values())
                    .map(ControlCommand.Kind::commandName)
                    .collect(Collectors.joining(", "));

    private final JsonObjectReader reader = new JsonObjectReader(ID);

    /**
     * Decodes one record.
     *
     * @param timestamp its Kafka timestamp, negative when it has none
     * @return the command, or the rejection of the record; never {@code null}
     */
    @Override
    public ControlRecord decode(
            String topic, int partition, long offset, long timestamp, byte[] value) {
        Map<String, String> fields = new HashMap<>();
        Map<String, JsonToken> kinds = new HashMap<>();
        String recordId = JsonObjectReader.recordId(topic, partition, offset);
        String problem = reader.read(value, fields, kinds);
        if (problem != null) {
            return reject(recordId, ReasonCode.MALFORMED, "", problem, value);
        }
        String id = fields.containsKey(ID) && !fields.get(ID).isBlank() ? fields.get(ID) : recordId;
        if (fields.containsKey(ID)
                && kinds.get(ID) != JsonToken.VALUE_STRING
                && kinds.get(ID) != JsonToken.VALUE_NUMBER_INT) {
            return badType(recordId, ID, "a string or a whole number", kinds, value);
        }
        for (String required : new String[] {EXPERIMENT, COMMAND}) {
            if (fields.get(required) == null || fields.get(required).isBlank()) {
                return reject(
                        id, ReasonCode.MISSING_FIELD, required, "missing field " + required, value);
            }
        }
        for (String text : new String[] {EXPERIMENT, COMMAND, MODEL, ISSUED_BY}) {
            if (fields.containsKey(text) && kinds.get(text) != JsonToken.VALUE_STRING) {
                return badType(id, text, "a string", kinds, value);
            }
        }
        String name = fields.get(COMMAND).strip().toLowerCase(Locale.ROOT);
        ControlCommand.Kind kind = ControlCommand.Kind.ofCommandName(name);
        if (kind == null) {
            return reject(
                    id,
                    ReasonCode.OUT_OF_RANGE,
                    COMMAND,
                    COMMAND + " '" + fields.get(COMMAND) + "' must be one of " + NAMES,
                    value);
        }
        long issuedAt = timestamp;
        if (fields.containsKey(ISSUED_AT)) {
            if (kinds.get(ISSUED_AT) != JsonToken.VALUE_NUMBER_INT) {
                return badType(id, ISSUED_AT, "whole epoch milliseconds", kinds, value);
            }
            try {
                issuedAt = Long.parseLong(fields.get(ISSUED_AT));
            } catch (NumberFormatException e) {
                issuedAt = -1;
            }
            if (issuedAt < 0) {
                return reject(
                        id,
                        ReasonCode.OUT_OF_RANGE,
                        ISSUED_AT,
                        ISSUED_AT
                                + " "
                                + fields.get(ISSUED_AT)
                                + " must be epoch milliseconds >= 0",
                        value);
            }
        } else if (issuedAt < 0) {
            return reject(
                    id,
                    ReasonCode.MISSING_FIELD,
                    ISSUED_AT,
                    "missing field " + ISSUED_AT + " and the record has no timestamp",
                    value);
        }
        return ControlRecord.of(
                new ControlCommand(
                        id,
                        fields.get(EXPERIMENT),
                        kind,
                        fields.get(MODEL),
                        fields.get(ISSUED_BY),
                        issuedAt));
    }

    /**
     * The JSON of a command as UTF-8 bytes, which {@link #decode} reads back to an equal command;
     * an empty model or issuer is left out.
     */
    public static byte[] encode(ControlCommand command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(160);
        try (JsonGenerator out = JSON.createGenerator(bytes)) {
            out.writeStartObject();
            out.writeStringField(ID, command.id());
            out.writeStringField(EXPERIMENT, command.experiment());
            out.writeStringField(COMMAND, command.kind().commandName());
            if (!command.modelId().isEmpty()) {
                out.writeStringField(MODEL, command.modelId());
            }
            if (!command.issuedBy().isEmpty()) {
                out.writeStringField(ISSUED_BY, command.issuedBy());
            }
            out.writeNumberField(ISSUED_AT, command.issuedAt());
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + command + " as JSON", e);
        }
        return bytes.toByteArray();
    }

    private static ControlRecord badType(
            String id, String field, String expected, Map<String, JsonToken> kinds, byte[] value) {
        return reject(
                id,
                ReasonCode.BAD_TYPE,
                field,
                field
                        + " must be "
                        + expected
                        + ", was "
                        + JsonObjectReader.describe(kinds.get(field)),
                value);
    }

    private static ControlRecord reject(
            String id, ReasonCode reason, String field, String detail, byte[] value) {
        return ControlRecord.rejected(
                new DeadLetter(id, reason, field, detail, JsonObjectReader.text(value)));
    }
}
