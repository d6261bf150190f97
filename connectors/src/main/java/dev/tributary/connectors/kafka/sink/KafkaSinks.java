package dev.tributary.connectors.kafka.sink;

import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.ModelUpdate;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.Prediction;
import java.util.Objects;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Builds the Flink {@link KafkaSink}s of a Tributary job from its {@link KafkaSettings}: records
 * written as JSON ({@link JsonRecordSerializationSchema}), with the settings' producer properties.
 *
 * <p>With {@link DeliveryGuarantee#EXACTLY_ONCE} a sink writes in Kafka transactions committed on
 * Flink checkpoints (so the job must checkpoint, and readers see the records only after the
 * checkpoint completes, when they read with {@code isolation.level=read_committed}); its
 * transactional ids start with {@link KafkaSettings#transactionalIdPrefix(String)}, distinct per
 * topic, so that several sinks of one job never share ids. {@code transaction.timeout.ms} comes
 * from {@link KafkaSettings#producerProperties()}.
 */
public final class KafkaSinks {

    private KafkaSinks() {}

    /**
     * A sink writing records of {@code type} to {@code topic} as JSON.
     *
     * @param key the Kafka key of a record, as text (UTF-8); may return {@code null}
     */
    public static <T> KafkaSink<T> json(
            KafkaSettings settings,
            String topic,
            SerializableFunction<T, String> key,
            Class<T> type,
            DeliveryGuarantee guarantee) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(guarantee, "guarantee");
        KafkaSinkBuilder<T> builder =
                KafkaSink.<T>builder()
                        .setKafkaProducerConfig(settings.producerProperties())
                        .setRecordSerializer(new JsonRecordSerializationSchema<>(topic, key, type))
                        .setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            builder.setTransactionalIdPrefix(settings.transactionalIdPrefix(topic));
        }
        return builder.build();
    }

    /** Predictions to the predictions topic, keyed by event id. */
    public static KafkaSink<Prediction> predictions(
            KafkaSettings settings, DeliveryGuarantee guarantee) {
        return json(
                settings,
                settings.topics().predictions(),
                Prediction::id,
                Prediction.class,
                guarantee);
    }

    /** Dead letters to the dead-letters topic, keyed by the rejected record's id. */
    public static KafkaSink<DeadLetter> deadLetters(
            KafkaSettings settings, DeliveryGuarantee guarantee) {
        return json(
                settings,
                settings.topics().deadLetters(),
                DeadLetter::id,
                DeadLetter.class,
                guarantee);
    }

    /** Supervisor decisions to the decisions topic, keyed by experiment. */
    public static KafkaSink<Decision> decisions(
            KafkaSettings settings, DeliveryGuarantee guarantee) {
        return json(
                settings,
                settings.topics().decisions(),
                Decision::experiment,
                Decision.class,
                guarantee);
    }

    /**
     * Model-version announcements to the model-updates topic, keyed by {@code experiment/model}.
     */
    public static KafkaSink<ModelUpdate> modelUpdates(
            KafkaSettings settings, DeliveryGuarantee guarantee) {
        return json(
                settings,
                settings.topics().modelUpdates(),
                ModelUpdate::key,
                ModelUpdate.class,
                guarantee);
    }
}
