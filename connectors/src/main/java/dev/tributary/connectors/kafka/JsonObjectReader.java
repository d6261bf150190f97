package dev.tributary.connectors.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.connectors.file.UnicodeText;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.ReasonCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Reads one JSON object from UTF-8 bytes into text-valued fields, as the replay reader does for
 * JSON Lines: scalars become their text (numbers as written), {@code null} and empty strings are
 * absent, nested objects and arrays become their JSON text as written. Bytes that are not UTF-8,
 * and strings or keys that are not Unicode (an escaped half of a surrogate pair), make the value
 * unreadable. Shared by the decoders; not thread-safe (it remembers the kind of the id field's
 * value).
 */
final class JsonObjectReader {

    private static final JsonFactory JSON = new JsonFactory();

    private final String watchedField;
    private JsonToken watchedToken;

    /**
     * @param watchedField the id field, whose value kind {@link #idRejection} checks after a read
     */
    JsonObjectReader(String watchedField) {
        this.watchedField = watchedField;
    }

    /**
     * Reads {@code value} into {@code fields}.
     *
     * @return {@code null} when the value is one JSON object, otherwise what is wrong with it
     */
    String read(byte[] value, Map<String, String> fields) {
        return read(value, fields, null);
    }

    /**
     * Reads {@code value} into {@code fields}, and the JSON kind of every field's value (also of
     * those read as absent) into {@code kinds} when it is not {@code null}, for decoders that check
     * the types of several fields.
     *
     * @return {@code null} when the value is one JSON object, otherwise what is wrong with it
     */
    String read(byte[] value, Map<String, String> fields, Map<String, JsonToken> kinds) {
        watchedToken = null;
        if (value == null) {
            return "record has no value";
        }
        if (value.length == 0) {
            return "record value is empty";
        }
        // Bytes are parsed directly: invalid UTF-8 is a parse error, hence a problem, not a throw.
        try (JsonParser parser = JSON.createParser(value)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return "record value is blank";
            }
            if (first != JsonToken.START_OBJECT) {
                return "record value is not a JSON object but " + describe(first);
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                if (name.equals(watchedField)) {
                    watchedToken = token;
                }
                if (kinds != null) {
                    kinds.put(name, token);
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    long start = parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    long end = parser.currentLocation().getByteOffset();
                    fields.put(
                            name,
                            new String(
                                    value,
                                    (int) start,
                                    (int) (end - start),
                                    StandardCharsets.UTF_8));
                } else if (token != JsonToken.VALUE_NULL) {
                    String text = parser.getText();
                    if (token == JsonToken.VALUE_STRING && UnicodeText.hasUnpairedSurrogate(text)) {
                        return UnicodeText.notUnicode("record value", name);
                    }
                    if (!text.isEmpty()) {
                        fields.put(name, text);
                    }
                }
            }
            if (parser.nextToken() != null) {
                return "record value has content after its JSON object";
            }
            return null;
        } catch (JsonProcessingException e) {
            return "invalid JSON: " + e.getOriginalMessage();
        } catch (IOException | RuntimeException e) {
            // Parsing an in-memory array does no I/O; any other failure is bad data too.
            return "invalid JSON: " + e.getMessage();
        }
    }

    /**
     * What is wrong with the watched field as an id after a successful read, as a dead letter of
     * the record: {@link ReasonCode#MISSING_FIELD} when it is absent or blank, {@link
     * ReasonCode#BAD_TYPE} when it is neither a string nor a number; {@code null} when it is fine.
     *
     * @param recordId the id to give a record without a usable one
     * @param value the record's value, kept as the dead letter's raw text
     */
    DeadLetter idRejection(Map<String, String> fields, String recordId, byte[] value) {
        String id = fields.get(watchedField);
        if (id == null || id.isBlank()) {
            return new DeadLetter(
                    recordId,
                    ReasonCode.MISSING_FIELD,
                    watchedField,
                    "missing id field " + watchedField,
                    text(value));
        }
        if (watchedToken != JsonToken.VALUE_STRING
                && watchedToken != JsonToken.VALUE_NUMBER_INT
                && watchedToken != JsonToken.VALUE_NUMBER_FLOAT) {
            return new DeadLetter(
                    recordId,
                    ReasonCode.BAD_TYPE,
                    watchedField,
                    "id field "
                            + watchedField
                            + " must be a string or a number, was "
                            + describe(watchedToken),
                    text(value));
        }
        return null;
    }

    /** The bytes as text, undecodable bytes replaced by U+FFFD; never throws. */
    static String text(byte[] value) {
        return value == null ? "" : new String(value, StandardCharsets.UTF_8);
    }

    /** {@code <topic>-<partition>-<offset>}: the id of a record whose own id is unknown. */
    static String recordId(String topic, int partition, long offset) {
        return topic + "-" + partition + "-" + offset;
    }

    static String describe(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }
}
