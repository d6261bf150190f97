package dev.tributary.connectors.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.kafka.EventDecoding;
import dev.tributary.connectors.kafka.LabelDecoding;
import dev.tributary.connectors.kafka.LabelEvent;
import dev.tributary.connectors.kafka.TimeDecoding;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * The deserializers hand every Kafka record, readable or not, to the job as exactly one record, and
 * survive the Java serialization that ships them to the task managers.
 */
class DeserializationSchemasTest {

    private static final long KAFKA_TIME = 1_709_287_200_000L;

    @Test
    void everyEventRecordBecomesOneRawEvent() throws Exception {
        DecodingDeserializationSchema<RawEvent> schema =
                InstantiationUtil.clone(
                        DecodingDeserializationSchema.events(
                                new EventDecoding("id", TimeDecoding.kafkaTimestamp())));
        schema.open(null);
        TestingCollector<RawEvent> out = new TestingCollector<>();

        schema.deserialize(record("events", 0, 0, "{\"id\":\"e1\",\"a\":\"x\"}"), out);
        schema.deserialize(record("events", 1, 5, "{\"id\":"), out);
        schema.deserialize(record("events", 1, 6, null), out);

        assertThat(out.records)
                .containsExactly(
                        RawEvent.of("e1", KAFKA_TIME, Map.of("id", "e1", "a", "x")),
                        RawEvent.unreadable("events-1-5", out.records.get(1).problem(), "{\"id\":"),
                        RawEvent.unreadable("events-1-6", "record has no value", ""));
        assertThat(out.records.get(1).problem()).startsWith("invalid JSON: ");
    }

    @Test
    void everyLabelRecordBecomesOneLabelEvent() throws Exception {
        // Not opened: a decoder is created on first use as well.
        DecodingDeserializationSchema<LabelEvent> schema =
                InstantiationUtil.clone(
                        DecodingDeserializationSchema.labels(
                                LabelDecoding.of("id", "label", "ts", "epoch-millis")));
        TestingCollector<LabelEvent> out = new TestingCollector<>();

        schema.deserialize(record("labels", 0, 0, "{\"id\":\"e1\",\"label\":1,\"ts\":5}"), out);
        schema.deserialize(record("labels", 0, 1, "{\"label\":1}"), out);

        assertThat(out.records)
                .containsExactly(
                        LabelEvent.of("e1", "1", 5L),
                        LabelEvent.rejected(
                                new DeadLetter(
                                        "labels-0-1",
                                        ReasonCode.MISSING_FIELD,
                                        "id",
                                        "missing id field id",
                                        "{\"label\":1}")));
    }

    private static ConsumerRecord<byte[], byte[]> record(
            String topic, int partition, long offset, String value) {
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        return new ConsumerRecord<>(
                topic,
                partition,
                offset,
                KAFKA_TIME,
                TimestampType.CREATE_TIME,
                0,
                bytes == null ? 0 : bytes.length,
                null,
                bytes,
                new RecordHeaders(),
                Optional.empty());
    }

    private static final class TestingCollector<T> implements Collector<T> {
        final List<T> records = new ArrayList<>();

        @Override
        public void collect(T record) {
            records.add(record);
        }

        @Override
        public void close() {}
    }
}
