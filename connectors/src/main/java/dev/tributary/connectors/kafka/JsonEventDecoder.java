package dev.tributary.connectors.kafka;

import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.RawEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes the value of an events-topic record, a JSON object, into a {@link RawEvent}.
 *
 * <p>Fields become text as in replayed JSON Lines: scalars as their text (numbers as written),
 * {@code null} and empty strings absent, nested objects and arrays as their JSON text. The id comes
 * from {@link EventDecoding#idField()} (a string or a number) and the event time as {@link
 * TimeDecoding} says.
 *
 * <p>Bad data never throws: an empty or missing value, invalid JSON (including bytes that are not
 * UTF-8) or a value that is not one JSON object yields {@link RawEvent#unreadable} with the id
 * {@code <topic>-<partition>-<offset>}, the problem, and the value as text (undecodable bytes
 * replaced by U+FFFD); a missing or blank id is rejected as {@code MISSING_FIELD}, an id that is
 * neither a string nor a number as {@code BAD_TYPE}. An unreadable event time yields an event whose
 * time is {@link RawEvent#NO_TIME}. Instances are not thread-safe: use one per Flink subtask.
 */
public final class JsonEventDecoder implements RecordDecoder<RawEvent> {

    private final String idField;
    private final JsonObjectReader reader;
    private final EventTimeReader time;

    public JsonEventDecoder(EventDecoding decoding) {
        Objects.requireNonNull(decoding, "decoding");
        this.idField = decoding.idField();
        this.reader = new JsonObjectReader(idField);
        this.time = new EventTimeReader(decoding.time());
    }

    /**
     * Decodes one record.
     *
     * @param topic the record's topic
     * @param partition its partition
     * @param offset its offset
     * @param timestamp its Kafka timestamp, negative when it has none
     * @param value its value, possibly {@code null}
     * @return the event, never {@code null}
     */
    @Override
    public RawEvent decode(String topic, int partition, long offset, long timestamp, byte[] value) {
        Map<String, String> fields = new HashMap<>();
        String problem = reader.read(value, fields);
        String recordId = JsonObjectReader.recordId(topic, partition, offset);
        if (problem != null) {
            return RawEvent.unreadable(recordId, problem, JsonObjectReader.text(value));
        }
        DeadLetter badId = reader.idRejection(fields, recordId, value);
        if (badId != null) {
            return RawEvent.rejected(badId);
        }
        return RawEvent.of(fields.get(idField), time.read(fields, timestamp), fields);
    }
}
