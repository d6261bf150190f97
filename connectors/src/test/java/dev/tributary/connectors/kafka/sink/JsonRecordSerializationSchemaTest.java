package dev.tributary.connectors.kafka.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.Prediction;
import java.nio.charset.StandardCharsets;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class JsonRecordSerializationSchemaTest {

    private static final Prediction PREDICTION =
            new Prediction("e1", "ctr", "lr", 3, 0.25, Arm.SHADOW, 1_000L, Double.NaN);

    @Test
    void writesTheTopicTheKeyTheJsonAndTheTimestamp() throws Exception {
        JsonRecordSerializationSchema<Prediction> schema =
                InstantiationUtil.clone(
                        new JsonRecordSerializationSchema<>(
                                "predictions", Prediction::id, Prediction.class));

        ProducerRecord<byte[], byte[]> record = schema.serialize(PREDICTION, null, 1_000L);

        assertThat(record.topic()).isEqualTo("predictions");
        assertThat(record.partition()).isNull();
        assertThat(record.timestamp()).isEqualTo(1_000L);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("e1");
        assertThat(new ObjectMapper().readValue(record.value(), Prediction.class).score())
                .isEqualTo(0.25);
        assertThat(new ObjectMapper().readTree(record.value()).get("label").isNull()).isTrue();
    }

    @Test
    void missingTimestampsAndKeysAreLeftToKafka() {
        JsonRecordSerializationSchema<Prediction> schema =
                new JsonRecordSerializationSchema<>("predictions", p -> null, Prediction.class);
        schema.open(null, null);

        assertThat(schema.serialize(PREDICTION, null, null).timestamp()).isNull();
        assertThat(schema.serialize(PREDICTION, null, Long.MIN_VALUE).timestamp()).isNull();
        assertThat(schema.serialize(PREDICTION, null, 5L).key()).isNull();
    }

    @Test
    void keysAreUtf8() {
        JsonRecordSerializationSchema<Prediction> schema =
                new JsonRecordSerializationSchema<>(
                        "predictions", p -> p.experiment() + "/é", Prediction.class);

        assertThat(schema.serialize(PREDICTION, null, 5L).key())
                .isEqualTo("ctr/é".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rejectsAnIllegalTopic() {
        assertThatThrownBy(
                        () ->
                                new JsonRecordSerializationSchema<>(
                                        "", Prediction::id, Prediction.class))
                .hasMessage("topic: must name a Kafka topic, was ''");
    }
}
