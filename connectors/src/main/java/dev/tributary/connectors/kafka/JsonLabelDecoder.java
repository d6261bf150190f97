package dev.tributary.connectors.kafka;

import dev.tributary.core.model.DeadLetter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes the value of a labels-topic record, a JSON object such as {@code {"id": "e17", "label":
 * 1, "ts": "2024-03-01T10:00:00Z"}}, into a {@link LabelEvent}.
 *
 * <p>The label is taken as text, whatever its JSON type (numbers as written, nested values as JSON
 * text, {@code null} or absent as {@code null}): the job decides what a valid label is. The event
 * time comes as {@link TimeDecoding} says.
 *
 * <p>Bad data never throws: an empty or missing value, invalid JSON (including bytes that are not
 * UTF-8) or a value that is not one JSON object yields {@link LabelEvent#unreadable} with the id
 * {@code <topic>-<partition>-<offset>}, the problem, and the value as text; a missing or blank id
 * is rejected as {@code MISSING_FIELD}, an id that is neither a string nor a number as {@code
 * BAD_TYPE}. Instances are not thread-safe: use one per Flink subtask.
 */
public final class JsonLabelDecoder implements RecordDecoder<LabelEvent> {

    private final String idField;
    private final String labelField;
    private final JsonObjectReader reader;
    private final EventTimeReader time;

    public JsonLabelDecoder(LabelDecoding decoding) {
        Objects.requireNonNull(decoding, "decoding");
        this.idField = decoding.idField();
        this.labelField = decoding.labelField();
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
     * @return the label record, never {@code null}
     */
    @Override
    public LabelEvent decode(
            String topic, int partition, long offset, long timestamp, byte[] value) {
        Map<String, String> fields = new HashMap<>();
        String problem = reader.read(value, fields);
        String recordId = JsonObjectReader.recordId(topic, partition, offset);
        if (problem != null) {
            return LabelEvent.unreadable(recordId, problem, JsonObjectReader.text(value));
        }
        DeadLetter badId = reader.idRejection(fields, recordId, value);
        if (badId != null) {
            return LabelEvent.rejected(badId);
        }
        return LabelEvent.of(
                fields.get(idField), fields.get(labelField), time.read(fields, timestamp));
    }
}
