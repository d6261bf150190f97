package dev.tributary.connectors.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.kafka.ControlRecord;
import dev.tributary.connectors.kafka.EventDecoding;
import dev.tributary.connectors.kafka.LabelDecoding;
import dev.tributary.connectors.kafka.LabelEvent;
import dev.tributary.connectors.kafka.ModelUpdate;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The records the Kafka sources produce and the sinks consume are Flink POJOs, serialized without
 * Kryo: jobs run with {@code pipeline.generic-types: false}.
 */
class KafkaRecordTypesTest {

    @Test
    void labelEventsArePojos() throws IOException {
        assertPojoRoundTrip(
                LabelEvent.class,
                LabelEvent.of("e1", "1", 1_000L),
                LabelEvent.of("e2", null, RawEvent.NO_TIME),
                LabelEvent.unreadable("labels-0-3", "missing id field id", "{\"label\":1}"));
    }

    @Test
    void controlRecordsArePojos() throws IOException {
        assertPojoRoundTrip(
                ControlRecord.class,
                ControlRecord.of(
                        new ControlCommand(
                                "c1", "ctr", ControlCommand.Kind.ROLLBACK, "lr", "ana", 5L)),
                ControlRecord.rejected(
                        new DeadLetter("control-0-1", ReasonCode.MALFORMED, "", "bad", "{")));
        assertPojoRoundTrip(
                ControlCommand.class,
                new ControlCommand("c2", "ctr", ControlCommand.Kind.PAUSE, "", "", 0L));
    }

    @Test
    void modelUpdatesArePojos() throws IOException {
        assertPojoRoundTrip(
                ModelUpdate.class,
                new ModelUpdate("ctr", "lr", 2, "ab".repeat(32), "/registry/ctr/lr/2.onnx", 5L));
    }

    @Test
    void theSinksInputsArePojos() throws IOException {
        assertPojoRoundTrip(
                Prediction.class,
                new Prediction("e1", "ctr", "lr", 1, 0.5, Arm.CANARY, 10L, Double.NaN));
        assertPojoRoundTrip(
                DeadLetter.class,
                new DeadLetter("e1", ReasonCode.MALFORMED, "", "invalid JSON", "{"));
        assertPojoRoundTrip(
                Decision.class, new Decision("ctr", DecisionKind.PROMOTE, "lr", 1L, 2L, "better"));
    }

    @Test
    void theDeserializersProduceTheseTypes() {
        assertThat(
                        DecodingDeserializationSchema.events(EventDecoding.of("id", "ts", "iso"))
                                .getProducedType())
                .isInstanceOf(PojoTypeInfo.class)
                .isEqualTo(TypeInformation.of(RawEvent.class));
        assertThat(
                        DecodingDeserializationSchema.labels(
                                        LabelDecoding.of("id", "label", "ts", "iso"))
                                .getProducedType())
                .isInstanceOf(PojoTypeInfo.class)
                .isEqualTo(TypeInformation.of(LabelEvent.class));
        assertThat(DecodingDeserializationSchema.control().getProducedType())
                .isInstanceOf(PojoTypeInfo.class)
                .isEqualTo(TypeInformation.of(ControlRecord.class));
    }

    @SafeVarargs
    private static <T> void assertPojoRoundTrip(Class<T> type, T... values) throws IOException {
        TypeInformation<T> info = TypeInformation.of(type);
        assertThat(info).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<T> serializer = info.createSerializer(config);
        for (T value : values) {
            DataOutputSerializer out = new DataOutputSerializer(128);
            serializer.serialize(value, out);
            T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(value);
            assertThat(serializer.copy(value)).isEqualTo(value);
        }
    }
}
