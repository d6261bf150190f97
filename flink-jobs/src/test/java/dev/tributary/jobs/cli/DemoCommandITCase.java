package dev.tributary.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.model.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary demo} end to end, as a user runs it (shortened with {@code --events}): the
 * bundled flights stream through a MiniCluster with RocksDB, a registry of ONNX models whose newest
 * version reproduces the in-job predictions, and a summary that agrees with the progress line.
 */
class DemoCommandITCase {

    @TempDir Path out;

    @Test
    void demoTrainsPublishesAndSummarizes() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream console = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(console);
            exit =
                    Main.commandLine()
                            .execute("demo", "--events", "120000", "--out", out.toString());
        } finally {
            System.setOut(original);
        }
        String console = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(console).isZero();

        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.path("events").asLong()).isEqualTo(120_000);
        assertThat(summary.path("trained").asLong() + summary.path("dead_letters").asLong())
                .isEqualTo(120_000);
        assertThat(summary.path("trained").asLong()).isEqualTo(120_000);
        // Through Kafka: every event was served exactly one prediction, committed.
        assertThat(summary.path("predictions").asLong()).isEqualTo(120_000);
        // Labels reach serving: measured from each label's arrival to the first prediction by a
        // model that learned from it (serving snapshots every 1,000 examples).
        JsonNode freshness = summary.path("freshness_ms");
        assertThat(freshness.path("p50").isIntegralNumber()).as(summary.toString()).isTrue();
        assertThat(freshness.path("p50").asLong()).isNotNegative();
        assertThat(freshness.path("p99").asLong())
                .isPositive()
                .isGreaterThanOrEqualTo(freshness.path("p50").asLong())
                .isLessThanOrEqualTo(freshness.path("max").asLong());
        assertThat(console).contains("Freshness, label arrival to first prediction");
        JsonNode prequential = summary.path("prequential");
        assertThat(prequential.path("auc").asDouble()).isGreaterThan(0.6);
        assertThat(prequential.path("logloss").asDouble()).isBetween(0.3, Math.log(2));
        assertThat(summary.path("throughput_eps").asDouble()).isPositive();

        // 120k examples, published every 100k and at the end of input: champion and shadow, and
        // the challenger a drift (a weather day) started, if it is still in rollout at the end.
        JsonNode models = summary.path("models");
        JsonNode newest = null;
        int championVersions = 0;
        for (JsonNode model : models) {
            if (model.path("model").asText().equals("logreg-ftrl")) {
                newest = model;
                championVersions++;
            }
        }
        assertThat(championVersions).as(models.toString()).isEqualTo(2);
        assertThat(newest.path("version").asLong()).isEqualTo(2);
        Path onnx = Path.of(newest.path("path").asText()).resolve("model.onnx");
        assertThat(Sha256.hex(Files.readAllBytes(onnx))).isEqualTo(newest.path("sha256").asText());

        assertThat(summary.path("evaluations").size()).isBetween(2, 3);
        assertThat(summary.path("evaluations").get(0).path("model").asText())
                .isEqualTo("logreg-ftrl");
        assertThat(summary.path("evaluations").get(1).path("arm").asText()).isEqualTo("shadow");

        JsonNode check = summary.path("onnx_reference_check");
        assertThat(check.path("model").asText()).isEqualTo("logreg-ftrl");
        assertThat(check.path("version").asLong()).isEqualTo(2);
        assertThat(check.path("examples").asInt()).isEqualTo(10_000);
        assertThat(check.path("max_abs_diff").asDouble()).isLessThanOrEqualTo(1e-6);
        assertThat(check.path("passed").asBoolean()).isTrue();

        // The last progress line shows exactly the numbers of the summary.
        Matcher last = lastProgressLine(console);
        assertThat(last.group(1).replace(",", "")).isEqualTo("120000");
        assertThat(last.group(2))
                .isEqualTo(
                        String.format(Locale.ROOT, "%.4f", prequential.path("logloss").asDouble()));
        assertThat(last.group(3))
                .isEqualTo(String.format(Locale.ROOT, "%.4f", prequential.path("auc").asDouble()));
    }

    /**
     * The demo's story of automatic retraining, on the whole stream replayed from the file (the
     * same job as through Kafka, ten times faster): the drift injected on 1 February 2001 is
     * detected within hours, a challenger is fitted, judged in shadow, served at 5%, 25% and 50%,
     * and promoted on proof; the registry's champion pointer and traffic split follow. Before the
     * drift, challengers that weather days started are never promoted.
     */
    @Test
    void demoTellsTheDriftStory() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream console = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(console);
            exit = Main.commandLine().execute("demo", "--replay", "--out", out.toString());
        } finally {
            System.setOut(original);
        }
        String console = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(console).isZero();
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());

        long drift = Instant.parse("2001-02-01T00:00:00Z").toEpochMilli();
        JsonNode promote = null;
        List<String> path = new ArrayList<>();
        for (JsonNode d : summary.path("decisions")) {
            String kind = d.path("kind").asText();
            long time = d.path("event_time_ms").asLong();
            assertThat(d.path("evidence").size()).as("evidence of %s", d).isPositive();
            if (kind.equals("promote")) {
                assertThat(time).as("no promotion before the drift: %s", d).isGreaterThan(drift);
                if (promote == null) {
                    promote = d;
                }
            }
        }
        assertThat(promote).as(summary.path("decisions").toString()).isNotNull();
        String challenger = promote.path("model").asText();
        for (JsonNode d : summary.path("decisions")) {
            if (d.path("model").asText().equals(challenger)
                    && !d.path("kind").asText().equals("publish")
                    && !d.path("kind").asText().equals("drift")) {
                path.add(d.path("kind").asText() + " " + d.path("traffic").asDouble());
            }
        }
        assertThat(path.subList(0, 5))
                .containsExactly(
                        "retrain 0.0", "canary 0.05", "canary 0.25", "canary 0.5", "promote 1.0");
        JsonNode retrain = summary.path("decisions").get(0);
        for (JsonNode d : summary.path("decisions")) {
            if (d.path("model").asText().equals(challenger)
                    && d.path("kind").asText().equals("retrain")) {
                retrain = d;
            }
        }
        // Detected within a day of flights, and promoted within two more.
        assertThat(retrain.path("event_time_ms").asLong()).isBetween(drift, drift + 86_400_000L);
        assertThat(promote.path("event_time_ms").asLong())
                .isBetween(
                        retrain.path("event_time_ms").asLong(),
                        retrain.path("event_time_ms").asLong() + 2 * 86_400_000L);
        assertThat(promote.path("evidence").path("lower").asDouble()).isPositive();
        assertThat(promote.path("evidence").path("pairs").asLong()).isGreaterThanOrEqualTo(2000);

        // The registry's champion pointer, the run's champion and the reference check follow.
        JsonNode pointer =
                new ObjectMapper().readTree(out.resolve("registry/flights/champion.json").toFile());
        assertThat(pointer.path("model").asText()).isIn(challenger, laterChampion(summary));
        assertThat(summary.path("evaluations").get(0).path("model").asText())
                .isEqualTo(pointer.path("model").asText());
        assertThat(summary.path("onnx_reference_check").path("model").asText())
                .isEqualTo(pointer.path("model").asText());
        assertThat(summary.path("onnx_reference_check").path("passed").asBoolean()).isTrue();
        assertThat(console).contains("Automatic retraining:").contains("PROMOTE " + challenger);

        // The input is watched too: the demo's one dense feature, distance, keeps its distribution
        // (the injected drift changes labels, not inputs).
        assertThat(summary.path("feature_drift"))
                .singleElement()
                .satisfies(
                        f -> {
                            assertThat(f.path("feature").asText()).isEqualTo("distance");
                            assertThat(f.path("shift").asText()).isEqualTo("stable");
                            assertThat(f.path("observations").asLong()).isEqualTo(1_000_000);
                        });
        assertThat(console).contains("Input drift (PSI, last window): distance 0.0");

        // Metrics per origin airport: the five worst with 500 examples or more, worst first, and
        // the worst worse than the champion's average.
        JsonNode champion = summary.path("evaluations").get(0);
        JsonNode worst = champion.path("worst_slices");
        assertThat(worst).hasSize(5);
        for (int i = 0; i < worst.size(); i++) {
            assertThat(worst.get(i).path("slice").asText()).matches("[A-Z]{3}|\\(other\\)");
            assertThat(worst.get(i).path("examples").asLong()).isGreaterThanOrEqualTo(500);
            if (i > 0) {
                assertThat(worst.get(i).path("logloss").asDouble())
                        .isLessThanOrEqualTo(worst.get(i - 1).path("logloss").asDouble());
            }
        }
        assertThat(worst.get(0).path("logloss").asDouble())
                .isGreaterThan(champion.path("faded").path("logloss").asDouble());
        assertThat(console)
                .contains(
                        "Worst slices of "
                                + champion.path("model").asText()
                                + " (faded): "
                                + worst.get(0).path("slice").asText()
                                + " log loss ");
    }

    /** The model of the last promotion, or "" without one. */
    private static String laterChampion(JsonNode summary) {
        String last = "";
        for (JsonNode d : summary.path("decisions")) {
            if (d.path("kind").asText().equals("promote")) {
                last = d.path("model").asText();
            }
        }
        return last;
    }

    private static Matcher lastProgressLine(String console) {
        Matcher m =
                Pattern.compile("([\\d,]+) examples .*?log loss (\\S+)  accuracy \\S+  AUC (\\S+)")
                        .matcher(console);
        Matcher last = null;
        while (m.find()) {
            last =
                    Pattern.compile(
                                    "([\\d,]+) examples .*?log loss (\\S+)  accuracy \\S+  AUC (\\S+)")
                            .matcher(m.group());
            last.find();
        }
        assertThat(last).as("a progress line in:\n" + console).isNotNull();
        return last;
    }
}
