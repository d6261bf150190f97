package dev.tributary.connectors.kafka.sink;

import dev.tributary.connectors.kafka.JsonRecordEncoder;
import dev.tributary.connectors.kafka.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.DefaultTypeDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.lineage.TypeDatasetFacet;
import org.apache.flink.connector.kafka.lineage.TypeDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Adapts {@link JsonRecordEncoder} to Flink's Kafka sink: each record becomes one Kafka record on a
 * fixed topic, its value the record's JSON, its key a UTF-8 string taken from the record ({@code
 * null} keys are left to the producer's partitioner) and its timestamp the Flink record's timestamp
 * when it has one. It names its topic and type to Flink's lineage, so that a job graph shows where
 * it writes.
 *
 * @param <T> the type of record written
 */
public final class JsonRecordSerializationSchema<T>
        implements KafkaRecordSerializationSchema<T>,
                KafkaDatasetFacetProvider,
                TypeDatasetFacetProvider {

    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;
    private final Class<T> type;

    /** Created per subtask, in open or on first use: the encoder is not serializable. */
    private transient JsonRecordEncoder<T> encoder;

    /**
     * @param topic the topic written
     * @param key the record's Kafka key, as text; may return {@code null}
     * @param type the type of record written
     */
    public JsonRecordSerializationSchema(
            String topic, SerializableFunction<T, String> key, Class<T> type) {
        KafkaTopics.validateName("topic", topic);
        this.topic = topic;
        this.key = Objects.requireNonNull(key, "key");
        this.type = Objects.requireNonNull(type, "type");
    }

    @Override
    public void open(
            SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        encoder = new JsonRecordEncoder<>(type);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T element, KafkaSinkContext context, Long timestamp) {
        if (encoder == null) {
            encoder = new JsonRecordEncoder<>(type);
        }
        String keyText = key.apply(element);
        return new ProducerRecord<>(
                topic,
                null,
                // Kafka rejects negative timestamps; Flink uses Long.MIN_VALUE for "none".
                timestamp == null || timestamp < 0 ? null : timestamp,
                keyText == null ? null : keyText.getBytes(StandardCharsets.UTF_8),
                encoder.encode(element));
    }

    /** The topic written. */
    public String topic() {
        return topic;
    }

    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return Optional.of(
                new DefaultKafkaDatasetFacet(
                        DefaultKafkaDatasetIdentifier.ofTopics(List.of(topic))));
    }

    @Override
    public Optional<TypeDatasetFacet> getTypeDatasetFacet() {
        return Optional.of(new DefaultTypeDatasetFacet(TypeInformation.of(type)));
    }
}
