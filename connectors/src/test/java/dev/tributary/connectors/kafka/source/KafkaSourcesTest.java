package dev.tributary.connectors.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connectors.kafka.ControlRecord;
import dev.tributary.connectors.kafka.EventDecoding;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.LabelDecoding;
import dev.tributary.connectors.kafka.LabelEvent;
import dev.tributary.connectors.kafka.StartingOffsets;
import dev.tributary.core.model.RawEvent;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class KafkaSourcesTest {

    private static final KafkaSettings SETTINGS =
            KafkaSettings.of("localhost:9092", "tributary", "job-a");
    private static final EventDecoding EVENTS = EventDecoding.of("id", "ts", "iso");
    private static final LabelDecoding LABELS = LabelDecoding.of("id", "label", "ts", "iso");

    @Test
    void sourcesAreUnboundedUnlessAskedAndProducePojos() {
        KafkaSource<RawEvent> events = KafkaSources.events(SETTINGS, EVENTS);
        KafkaSource<RawEvent> boundedEvents = KafkaSources.eventsUpToLatest(SETTINGS, EVENTS);
        KafkaSource<LabelEvent> labels = KafkaSources.labels(SETTINGS, LABELS);
        KafkaSource<LabelEvent> boundedLabels = KafkaSources.labelsUpToLatest(SETTINGS, LABELS);

        assertThat(events.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(labels.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(boundedEvents.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(boundedLabels.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(events.getProducedType()).isEqualTo(TypeInformation.of(RawEvent.class));
        assertThat(labels.getProducedType()).isEqualTo(TypeInformation.of(LabelEvent.class));
    }

    @Test
    void theControlSourceFollowsTheOthers() {
        KafkaSource<ControlRecord> control = KafkaSources.control(SETTINGS);
        KafkaSource<ControlRecord> bounded = KafkaSources.controlUpToLatest(SETTINGS);

        assertThat(control.getBoundedness()).isEqualTo(Boundedness.CONTINUOUS_UNBOUNDED);
        assertThat(bounded.getBoundedness()).isEqualTo(Boundedness.BOUNDED);
        assertThat(control.getProducedType()).isEqualTo(TypeInformation.of(ControlRecord.class));
    }

    @Test
    void startingOffsetsMapToFlinksInitializers() {
        TopicPartition partition = new TopicPartition("events", 0);

        assertThat(startingOffset(StartingOffsets.EARLIEST, partition))
                .isEqualTo(KafkaPartitionSplit.EARLIEST_OFFSET);
        assertThat(resetStrategy(StartingOffsets.EARLIEST)).isEqualTo("EARLIEST");
        assertThat(startingOffset(StartingOffsets.COMMITTED, partition))
                .isEqualTo(KafkaPartitionSplit.COMMITTED_OFFSET);
        assertThat(resetStrategy(StartingOffsets.COMMITTED))
                .as("a partition without a committed offset starts at the earliest")
                .isEqualTo("EARLIEST");
        assertThat(resetStrategy(StartingOffsets.LATEST)).isEqualTo("LATEST");
        for (StartingOffsets offsets : StartingOffsets.values()) {
            assertThat(KafkaSources.events(SETTINGS.withStartingOffsets(offsets), EVENTS))
                    .isNotNull();
        }
    }

    @Test
    void aBadTopicFailsWhenTheSourceIsBuilt() {
        assertThatThrownBy(
                        () ->
                                KafkaSources.builder(
                                        SETTINGS,
                                        "no such topic",
                                        DecodingDeserializationSchema.events(EVENTS)))
                .hasMessageStartingWith("topic: 'no such topic' must contain only");
    }

    /** Earliest and committed offsets are resolved by the reader, without asking the broker. */
    private static long startingOffset(StartingOffsets offsets, TopicPartition partition) {
        return KafkaSources.offsetsInitializer(offsets)
                .getPartitionOffsets(List.of(partition), null)
                .get(partition);
    }

    @SuppressWarnings("deprecation") // the connector still reports Kafka's OffsetResetStrategy
    private static String resetStrategy(StartingOffsets offsets) {
        return KafkaSources.offsetsInitializer(offsets).getAutoOffsetResetStrategy().name();
    }
}
