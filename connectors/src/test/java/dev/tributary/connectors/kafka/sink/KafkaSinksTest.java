package dev.tributary.connectors.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.KafkaTopics;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.Prediction;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.TypeDatasetFacet;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.lineage.LineageDataset;
import org.junit.jupiter.api.Test;

/**
 * The sinks build for every guarantee and write where the settings say, as Flink's lineage reports
 * it; that exactly-once works against a broker is {@code KafkaRoundTripITCase}'s part.
 */
class KafkaSinksTest {

    private static final KafkaSettings SETTINGS =
            KafkaSettings.of("localhost:9092", "tributary", "job-a");

    @Test
    void everySinkBuildsForEveryGuarantee() {
        // Flink's builder refuses exactly-once without a transactional-id prefix.
        for (DeliveryGuarantee guarantee : DeliveryGuarantee.values()) {
            assertThat(written(KafkaSinks.predictions(SETTINGS, guarantee)))
                    .as("%s", guarantee)
                    .isEqualTo("predictions");
            assertThat(written(KafkaSinks.deadLetters(SETTINGS, guarantee)))
                    .isEqualTo("dead-letters");
            assertThat(written(KafkaSinks.decisions(SETTINGS, guarantee))).isEqualTo("decisions");
            assertThat(written(KafkaSinks.modelUpdates(SETTINGS, guarantee)))
                    .isEqualTo("model-updates");
        }
    }

    @Test
    void sinksUseTheSettingsProducerPropertiesAndTopics() {
        KafkaSettings settings =
                SETTINGS.withTopics(KafkaTopics.withPrefix("t."))
                        .withProperties(Map.of("security.protocol", "SASL_SSL"));

        LineageDataset dataset =
                single(KafkaSinks.decisions(settings, DeliveryGuarantee.EXACTLY_ONCE));

        assertThat(dataset.name()).isEqualTo("t.decisions");
        assertThat(dataset.namespace()).isEqualTo("kafka://localhost:9092");
        KafkaDatasetFacet kafka = (KafkaDatasetFacet) dataset.facets().get("kafka");
        assertThat(kafka.getProperties())
                .containsEntry("transaction.timeout.ms", "600000")
                .containsEntry("security.protocol", "SASL_SSL");
        TypeDatasetFacet type = (TypeDatasetFacet) dataset.facets().get("type");
        assertThat(type.getTypeInformation()).isEqualTo(TypeInformation.of(Decision.class));
    }

    private static String written(KafkaSink<?> sink) {
        return single(sink).name();
    }

    private static LineageDataset single(KafkaSink<?> sink) {
        List<LineageDataset> datasets = sink.getLineageVertex().datasets();
        assertThat(datasets).hasSize(1);
        return datasets.get(0);
    }

    @Test
    void rejectsAnIllegalTopicOrAMissingGuarantee() {
        assertThatThrownBy(
                        () ->
                                KafkaSinks.json(
                                        SETTINGS,
                                        "a/b",
                                        Prediction::id,
                                        Prediction.class,
                                        DeliveryGuarantee.EXACTLY_ONCE))
                .hasMessageStartingWith("topic: 'a/b' must contain only");
        assertThatThrownBy(
                        () ->
                                KafkaSinks.json(
                                        SETTINGS, "p", Prediction::id, Prediction.class, null))
                .hasMessage("guarantee");
    }
}
