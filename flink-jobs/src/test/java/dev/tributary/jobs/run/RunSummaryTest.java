package dev.tributary.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.core.supervision.ModelEvaluation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSummaryTest {

    /** A strict parser: it rejects the NaN tokens that are not JSON. */
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path directory;

    private static RunSummary summary(List<Decision> decisions) {
        return new RunSummary(
                "job",
                100,
                0,
                Map.of(),
                new ExperimentStatus("ctr", 100, 5_000, new ModelEvaluation[0], true),
                1.5,
                List.of(),
                null,
                null,
                null,
                decisions);
    }

    @Test
    void listsEveryDecisionButThePublicationsWithItsEvidence() throws Exception {
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("pairs", 20_000.0);
        evidence.put("mean_difference", -0.0012345);
        evidence.put("upper", Double.NaN);
        List<Decision> decisions =
                List.of(
                        new Decision("ctr", DecisionKind.PUBLISH, "lr", 1_000, 5_000, "every 5000"),
                        new Decision(
                                "ctr",
                                DecisionKind.RETRAIN,
                                "lr-r1",
                                0,
                                1_700_000_000_000L,
                                40_000,
                                "drift on lr",
                                "lr-template",
                                RetrainPolicy.Action.WARM,
                                Double.NaN,
                                Map.of("metric", 0.31)),
                        new Decision(
                                "ctr",
                                DecisionKind.CANARY,
                                "lr-r1",
                                2,
                                1_700_000_060_000L,
                                60_000,
                                "better by 0.0012",
                                "",
                                null,
                                0.05,
                                evidence),
                        new Decision("ctr", DecisionKind.PUBLISH, "lr", 2_000, 10_000, "every"));
        summary(decisions).write(directory.resolve("summary.json"));

        JsonNode root = JSON.readTree(directory.resolve("summary.json").toFile());

        assertThat(root.get("decision_counts").toString())
                .isEqualTo("{\"publish\":2,\"retrain\":1,\"canary\":1}");
        assertThat(root.has("decisions_omitted")).isFalse();
        JsonNode listed = root.get("decisions");
        assertThat(listed).hasSize(2);
        JsonNode retrain = listed.get(0);
        assertThat(retrain.get("kind").asText()).isEqualTo("retrain");
        assertThat(retrain.get("model").asText()).isEqualTo("lr-r1");
        assertThat(retrain.get("event_time").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(retrain.get("event_time_ms").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(retrain.get("examples").asLong()).isEqualTo(40_000);
        assertThat(retrain.get("source").asText()).isEqualTo("lr-template");
        assertThat(retrain.get("action").asText()).isEqualTo("warm");
        assertThat(retrain.has("traffic")).as("a retrain leaves traffic as it is").isFalse();
        JsonNode canary = listed.get(1);
        assertThat(canary.get("version").asLong()).isEqualTo(2);
        assertThat(canary.get("reason").asText()).isEqualTo("better by 0.0012");
        assertThat(canary.get("traffic").asDouble()).isEqualTo(0.05);
        assertThat(canary.has("source")).isFalse();
        assertThat(canary.has("action")).isFalse();
        assertThat(canary.get("evidence").toString())
                .isEqualTo("{\"mean_difference\":-0.0012345,\"pairs\":20000.0,\"upper\":null}");
    }

    @Test
    void listsTheLatestThousandDecisionsAndCountsTheOthers() throws Exception {
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 1_250; i++) {
            decisions.add(new Decision("ctr", DecisionKind.DRIFT, "lr", i, i, "drift " + i));
            decisions.add(new Decision("ctr", DecisionKind.PUBLISH, "lr", i, i, "publish"));
        }

        Map<String, Object> json = summary(decisions).toJsonMap();

        assertThat(json.get("decisions_omitted")).isEqualTo(250);
        List<?> listed = (List<?>) json.get("decisions");
        assertThat(listed).hasSize(RunSummary.MAX_DECISIONS_LISTED);
        assertThat(((Map<?, ?>) listed.get(0)).get("reason")).isEqualTo("drift 250");
        assertThat(((Map<?, ?>) listed.get(listed.size() - 1)).get("reason"))
                .isEqualTo("drift 1249");
    }

    @Test
    void aRunWithoutDecisionsHasAnEmptyList() {
        Map<String, Object> json = summary(List.of()).toJsonMap();

        assertThat(json.get("decisions")).isEqualTo(List.of());
        assertThat(json.get("decision_counts")).isEqualTo(Map.of());
    }
}
