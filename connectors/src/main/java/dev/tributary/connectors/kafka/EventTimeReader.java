package dev.tributary.connectors.kafka;

import dev.tributary.connectors.file.EventTimeFormat;
import dev.tributary.core.model.RawEvent;
import java.util.Map;

/** Applies a {@link TimeDecoding} to one decoded record. Not thread-safe (it caches a parse). */
final class EventTimeReader {

    private final String field;
    private final EventTimeFormat format;
    private final boolean fallback;
    private String lastText;
    private long lastTime;

    EventTimeReader(TimeDecoding time) {
        this.field = time.field();
        this.format = time.eventTimeFormat();
        this.fallback = time.kafkaTimestampFallback();
    }

    /**
     * @param fields the record's fields
     * @param kafkaTimestamp the Kafka record timestamp (negative when none)
     * @return epoch milliseconds, or {@link RawEvent#NO_TIME}
     */
    long read(Map<String, String> fields, long kafkaTimestamp) {
        if (field == null) {
            return kafkaTime(kafkaTimestamp);
        }
        String text = fields.get(field);
        if (text == null) {
            return fallback ? kafkaTime(kafkaTimestamp) : RawEvent.NO_TIME;
        }
        // Consecutive records often share a time text (second resolution); parse it once.
        if (!text.equals(lastText)) {
            lastTime = format.parse(text);
            lastText = text;
        }
        return lastTime;
    }

    private static long kafkaTime(long timestamp) {
        return timestamp >= 0 ? timestamp : RawEvent.NO_TIME;
    }
}
