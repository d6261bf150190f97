package dev.tributary.connectors.kafka.source;

import dev.tributary.connectors.kafka.ControlRecord;
import dev.tributary.connectors.kafka.EventDecoding;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.KafkaTopics;
import dev.tributary.connectors.kafka.LabelDecoding;
import dev.tributary.connectors.kafka.LabelEvent;
import dev.tributary.connectors.kafka.StartingOffsets;
import dev.tributary.core.model.RawEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Builds the Flink {@link KafkaSource}s of a Tributary job from its {@link KafkaSettings}.
 *
 * <p>Every source reads one topic with the settings' consumer properties (bootstrap servers, group
 * id, the extra properties) and {@code isolation.level=read_committed}, so that a job never reads
 * records of aborted transactions; starts where {@link KafkaSettings#startingOffsets()} says when
 * it does not restore from a checkpoint; commits offsets to the group on checkpoints (for
 * monitoring; a restore uses the checkpointed offsets); and uses {@code <groupId>-<topic>} as
 * client-id prefix, so that the consumers of several sources in one job have distinct ids.
 *
 * <p>The {@code ...UpToLatest} variants are bounded: they stop at the offsets that are latest when
 * the job starts, for tests and for ending a demo.
 */
public final class KafkaSources {

    /** How often an unbounded control source looks for its topic (and new partitions). */
    public static final Duration CONTROL_DISCOVERY_INTERVAL = Duration.ofSeconds(30);

    private static final String PARTITION_DISCOVERY = "partition.discovery.interval.ms";

    private KafkaSources() {}

    /** The events topic, unbounded. */
    public static KafkaSource<RawEvent> events(KafkaSettings settings, EventDecoding decoding) {
        return eventsBuilder(settings, decoding).build();
    }

    /** The events topic up to the offsets that are latest when the job starts. */
    public static KafkaSource<RawEvent> eventsUpToLatest(
            KafkaSettings settings, EventDecoding decoding) {
        return eventsBuilder(settings, decoding).setBounded(OffsetsInitializer.latest()).build();
    }

    /** The labels topic, unbounded. */
    public static KafkaSource<LabelEvent> labels(KafkaSettings settings, LabelDecoding decoding) {
        return labelsBuilder(settings, decoding).build();
    }

    /** The labels topic up to the offsets that are latest when the job starts. */
    public static KafkaSource<LabelEvent> labelsUpToLatest(
            KafkaSettings settings, LabelDecoding decoding) {
        return labelsBuilder(settings, decoding).setBounded(OffsetsInitializer.latest()).build();
    }

    /** The control topic, unbounded. */
    public static KafkaSource<ControlRecord> control(KafkaSettings settings) {
        return controlBuilder(settings).build();
    }

    /**
     * The control topic up to the offsets that are latest when the job starts. The topic must exist
     * ({@code TopicTools.exists}): a bounded source whose pattern matches no topic never ends, as
     * Flink's Kafka enumerator (5.0) signals the end of splits only after it found partitions.
     */
    public static KafkaSource<ControlRecord> controlUpToLatest(KafkaSettings settings) {
        return controlBuilder(settings).setBounded(OffsetsInitializer.latest()).build();
    }

    /**
     * A builder for a source of any topic (e.g. the control topic), configured as described above,
     * for callers that need more (a bound, a rack id, Flink source options).
     */
    public static <T> KafkaSourceBuilder<T> builder(
            KafkaSettings settings,
            String topic,
            KafkaRecordDeserializationSchema<T> deserializer) {
        return unsubscribed(settings, topic, deserializer).setTopics(topic);
    }

    private static <T> KafkaSourceBuilder<T> unsubscribed(
            KafkaSettings settings,
            String topic,
            KafkaRecordDeserializationSchema<T> deserializer) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(deserializer, "deserializer");
        KafkaTopics.validateName("topic", topic);
        return KafkaSource.<T>builder()
                .setProperties(settings.consumerProperties())
                .setClientIdPrefix(settings.groupId() + "-" + topic)
                .setStartingOffsets(offsetsInitializer(settings.startingOffsets()))
                .setDeserializer(deserializer);
    }

    private static KafkaSourceBuilder<RawEvent> eventsBuilder(
            KafkaSettings settings, EventDecoding decoding) {
        Objects.requireNonNull(settings, "settings");
        return builder(
                settings,
                settings.topics().events(),
                DecodingDeserializationSchema.events(decoding));
    }

    private static KafkaSourceBuilder<LabelEvent> labelsBuilder(
            KafkaSettings settings, LabelDecoding decoding) {
        Objects.requireNonNull(settings, "settings");
        return builder(
                settings,
                settings.topics().labels(),
                DecodingDeserializationSchema.labels(decoding));
    }

    /**
     * The control topic is optional: it is subscribed to by a pattern matching its name alone,
     * which matches nothing while the topic does not exist (a topic list would fail the job). Once
     * the topic is created (by {@code tributary control}, say), the unbounded source finds it
     * within {@link #CONTROL_DISCOVERY_INTERVAL} unless the properties set {@code
     * partition.discovery.interval.ms}, and reads it from its start.
     */
    private static KafkaSourceBuilder<ControlRecord> controlBuilder(KafkaSettings settings) {
        Objects.requireNonNull(settings, "settings");
        String topic = settings.topics().control();
        KafkaSourceBuilder<ControlRecord> builder =
                unsubscribed(settings, topic, DecodingDeserializationSchema.control())
                        .setTopicPattern(Pattern.compile(Pattern.quote(topic)));
        if (!settings.properties().containsKey(PARTITION_DISCOVERY)) {
            builder.setProperty(
                    PARTITION_DISCOVERY, Long.toString(CONTROL_DISCOVERY_INTERVAL.toMillis()));
        }
        return builder;
    }

    /** Flink's initializer for a starting position. */
    @SuppressWarnings("deprecation")
    static OffsetsInitializer offsetsInitializer(StartingOffsets offsets) {
        switch (offsets) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            case COMMITTED:
                // The connector takes Kafka's deprecated OffsetResetStrategy here; it offers no
                // other way to fall back to the earliest offset.
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            default:
                throw new IllegalArgumentException("unknown starting offsets " + offsets);
        }
    }
}
