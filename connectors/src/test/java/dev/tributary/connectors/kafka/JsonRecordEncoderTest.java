package dev.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.ModelVersion;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.Provenance;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.core.model.TrainingRange;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRecordEncoderTest {

    /** A strict parser: it rejects the NaN and Infinity tokens that are not JSON. */
    private static final ObjectMapper STRICT = new ObjectMapper();

    @Test
    void predictionsWithoutALabelWriteNullNotNaN() throws Exception {
        Prediction prediction =
                new Prediction("e1", "ctr", "lr", 3, 0.25, Arm.CHAMPION, 1_000L, Double.NaN);

        String json = new JsonRecordEncoder<>(Prediction.class).encodeToString(prediction);

        assertThat(json)
                .isEqualTo(
                        "{\"id\":\"e1\",\"experiment\":\"ctr\",\"modelId\":\"lr\","
                                + "\"modelVersion\":3,\"score\":0.25,\"arm\":\"CHAMPION\","
                                + "\"eventTime\":1000,\"label\":null}");
        assertThat(STRICT.readTree(json).get("label").isNull()).isTrue();
    }

    @Test
    void everyNonFiniteNumberIsWrittenAsNull() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("nan", Double.NaN);
        values.put("inf", Double.POSITIVE_INFINITY);
        values.put("negInf", Float.NEGATIVE_INFINITY);
        values.put("floatNan", Float.NaN);
        values.put("ok", 1.5);
        values.put("doubles", new double[] {1, Double.NaN, Double.NEGATIVE_INFINITY});
        values.put("floats", new float[] {Float.NaN, 2.5f});
        values.put("metrics", Map.of("auc", Double.NaN));
        @SuppressWarnings({"unchecked", "rawtypes"})
        JsonRecordEncoder<Map<String, Object>> encoder = new JsonRecordEncoder<>((Class) Map.class);

        byte[] bytes = encoder.encode(values);

        JsonNode tree = STRICT.readTree(bytes);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"nan\":null,\"inf\":null,\"negInf\":null,\"floatNan\":null,\"ok\":1.5,"
                                + "\"doubles\":[1.0,null,null],\"floats\":[null,2.5],"
                                + "\"metrics\":{\"auc\":null}}");
        assertThat(tree.get("ok").asDouble()).isEqualTo(1.5);
    }

    @Test
    void recordsOfTheOtherTopics() throws Exception {
        DeadLetter letter =
                new DeadLetter("e7", ReasonCode.MALFORMED, null, "invalid JSON", "{\"id\":");
        Decision decision =
                new Decision("ctr", DecisionKind.PUBLISH, "lr", 5_000L, 100_000, "every 100000");
        ModelUpdate update =
                ModelUpdate.of(
                        new ModelVersion(
                                "ctr",
                                "lr",
                                4,
                                3,
                                new Provenance(
                                        new TrainingRange(1, 2, 3), "cfg", "0.1.0", 42, "lr", null),
                                Map.of("auc", 0.7),
                                "ab".repeat(32)),
                        "/registry/ctr/lr/4/model.onnx",
                        9_000L);

        assertThat(new JsonRecordEncoder<>(DeadLetter.class).encodeToString(letter))
                .isEqualTo(
                        "{\"id\":\"e7\",\"reason\":\"MALFORMED\",\"field\":\"\","
                                + "\"detail\":\"invalid JSON\",\"raw\":\"{\\\"id\\\":\"}");
        assertThat(new JsonRecordEncoder<>(Decision.class).encodeToString(decision))
                .isEqualTo(
                        "{\"experiment\":\"ctr\",\"kind\":\"PUBLISH\",\"modelId\":\"lr\","
                                + "\"version\":0,\"eventTime\":5000,\"examples\":100000,"
                                + "\"reason\":\"every 100000\",\"source\":\"\",\"action\":null,"
                                + "\"traffic\":null,\"evidence\":{}}");
        // A rollout decision carries its evidence, sorted by name; NaN is null.
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("pairs", 2000.0);
        evidence.put("lower", 0.004);
        evidence.put("statistic", Double.NaN);
        Decision canary =
                new Decision(
                        "ctr",
                        DecisionKind.CANARY,
                        "lr-r1",
                        0,
                        5_000L,
                        100_000,
                        "challenger better",
                        "",
                        null,
                        0.05,
                        evidence);
        assertThat(new JsonRecordEncoder<>(Decision.class).encodeToString(canary))
                .endsWith(
                        "\"traffic\":0.05,\"evidence\":{\"lower\":0.004,\"pairs\":2000.0,"
                                + "\"statistic\":null}}");
        String json = new JsonRecordEncoder<>(ModelUpdate.class).encodeToString(update);
        assertThat(json)
                .isEqualTo(
                        "{\"experiment\":\"ctr\",\"modelId\":\"lr\",\"version\":4,"
                                + "\"sha256\":\""
                                + "ab".repeat(32)
                                + "\",\"path\":\"/registry/ctr/lr/4/model.onnx\","
                                + "\"eventTime\":9000}");
        assertThat(STRICT.readValue(json, ModelUpdate.class)).isEqualTo(update);
    }

    @Test
    void modelUpdatesAreKeyedByExperimentAndModel() {
        ModelUpdate update = new ModelUpdate("ctr", "lr", 1, "00", "p", 0);

        assertThat(update.key()).isEqualTo("ctr/lr");
        assertThatThrownBy(() -> new ModelUpdate("ctr", "lr", 0, "00", "p", 0))
                .hasMessage("version must be >= 1, was 0");
        assertThatThrownBy(() -> new ModelUpdate("ctr", "lr", 1, "00", null, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("path");
    }
}
