package dev.tributary.connectors.file.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.file.ReplayFormat;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.ModelVersion;
import dev.tributary.core.model.Provenance;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.Sha256;
import dev.tributary.core.model.TrainingRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The records that cross Flink operators in this module are Flink POJOs, serialized without Kryo:
 * jobs run with {@code pipeline.generic-types: false}.
 */
class RawEventTypeInformationTest {

    @Test
    void rawEventIsAPojoAndSerializesWithGenericTypesDisabled() throws IOException {
        TypeInformation<RawEvent> type = TypeInformation.of(RawEvent.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertThat(
                        FileReplaySource.create(
                                        ReplayFileSettings.of("f", ReplayFormat.CSV, "t", "iso"))
                                .getProducedType())
                .isEqualTo(type);

        Map<String, String> fields = new HashMap<>();
        fields.put("user", "alice");
        fields.put("amount", "12.5");
        RawEvent readable = RawEvent.of("e1", 1_709_287_200_000L, fields);
        RawEvent unreadable = RawEvent.unreadable("row-2", "CSV row has 1 field", "x");

        TypeSerializer<RawEvent> serializer = type.createSerializer(withoutGenericTypes());
        assertThat(roundTrip(serializer, readable)).isEqualTo(readable);
        assertThat(roundTrip(serializer, unreadable)).isEqualTo(unreadable);
        assertThat(serializer.copy(readable)).isEqualTo(readable);
    }

    @Test
    void modelArtifactIsAPojoAndSerializesWithGenericTypesDisabled() throws IOException {
        TypeInformation<ModelArtifact> type = TypeInformation.of(ModelArtifact.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);

        byte[] onnx = "not really onnx".getBytes(StandardCharsets.UTF_8);
        ModelArtifact artifact =
                new ModelArtifact(
                        new ModelVersion(
                                "exp",
                                "lr",
                                2,
                                1,
                                new Provenance(
                                        new TrainingRange(1, 2, 3),
                                        "cfg",
                                        "0.1.0",
                                        42,
                                        "logistic",
                                        null),
                                Map.of("auc", 0.75),
                                Sha256.hex(onnx)),
                        onnx);

        TypeSerializer<ModelArtifact> serializer = type.createSerializer(withoutGenericTypes());
        assertThat(roundTrip(serializer, artifact)).isEqualTo(artifact);
    }

    /** Guards the guard: with generic types disabled, a Kryo type must fail to get a serializer. */
    @Test
    void genericTypesAreReallyDisabled() {
        TypeInformation<Object> generic = new GenericTypeInfo<>(Object.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> generic.createSerializer(withoutGenericTypes()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static SerializerConfigImpl withoutGenericTypes() {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        return config;
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
