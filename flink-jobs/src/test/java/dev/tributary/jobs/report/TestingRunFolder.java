package dev.tributary.jobs.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small hand-made run folders in the formats a run writes: {@code summary.json}, {@code
 * progress.jsonl} lines shaped like {@code ExperimentStatus} JSON (undefined metrics as {@code
 * "NaN"} strings, as Jackson writes them) and {@code decisions.jsonl} lines shaped like {@code
 * Decision} JSON.
 */
final class TestingRunFolder {

    static final long T0 = 978_307_200_000L; // 2001-01-01T00:00:00Z
    static final long HOUR = 3_600_000L;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final ObjectNode summary = JSON.createObjectNode();
    private final List<String> progress = new ArrayList<>();
    private final List<String> decisions = new ArrayList<>();
    private boolean writeDecisions = true;

    TestingRunFolder(Path dir) {
        this.dir = dir;
        summary.put("format_version", 1);
        summary.put("job", "test-job");
        summary.put("experiment", "exp");
        summary.put("events", 3000);
        summary.put("trained", 3000);
        summary.put("dead_letters", 0);
        summary.putObject("dead_letters_by_reason");
        summary.put("throughput_eps", 1000);
        summary.put("wall_seconds", 3.0);
        summary.putArray("evaluations");
        summary.putArray("models");
    }

    /** A model's state in a progress line: binary metrics (log loss, accuracy, AUC). */
    static ObjectNode binary(String id, long version, String arm, double logLoss, double auc) {
        return model(id, version, arm, logLoss, 0.7, auc, Double.NaN, Double.NaN);
    }

    static ObjectNode model(
            String id,
            long version,
            String arm,
            double logLoss,
            double accuracy,
            double auc,
            double rmse,
            double mae) {
        ObjectNode e = JSON.createObjectNode();
        ObjectNode ref = e.putObject("model");
        ref.put("modelId", id);
        ref.put("version", version);
        ref.put("arm", arm);
        ObjectNode window = metrics(logLoss, accuracy, auc, rmse, mae);
        e.set("window", window);
        e.set("sinceVersion", window.deepCopy());
        e.set("sinceStart", window.deepCopy());
        e.set("faded", window.deepCopy());
        e.putArray("worstSlices");
        return e;
    }

    private static ObjectNode metrics(
            double logLoss, double accuracy, double auc, double rmse, double mae) {
        ObjectNode m = JSON.createObjectNode();
        m.put("examples", 1000);
        put(m, "logLoss", logLoss);
        put(m, "accuracy", accuracy);
        put(m, "auc", auc);
        put(m, "rmse", rmse);
        put(m, "mae", mae);
        put(m, "precision", Double.NaN);
        put(m, "recall", Double.NaN);
        put(m, "f1", Double.NaN);
        put(m, "ece", Double.NaN);
        return m;
    }

    private static void put(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, "NaN");
        }
    }

    /** A progress line without a wall-clock stamp, as runs before the stamp wrote them. */
    TestingRunFolder progress(long examples, long eventTime, ObjectNode... models) {
        return progress(examples, eventTime, null, models);
    }

    /** A progress line; {@code wallTime} null for none. */
    TestingRunFolder progress(long examples, long eventTime, Long wallTime, ObjectNode... models) {
        ObjectNode line = JSON.createObjectNode();
        line.put("experiment", "exp");
        line.put("examples", examples);
        line.put("eventTime", eventTime);
        ArrayNode evaluations = line.putArray("evaluations");
        for (ObjectNode model : models) {
            evaluations.add(model);
        }
        line.put("last", false);
        if (wallTime != null) {
            line.put(RunRecords.WALL_TIME_FIELD, wallTime);
        }
        progress.add(line.toString());
        return this;
    }

    /** A line of progress.jsonl exactly as given. */
    TestingRunFolder progressLine(String line) {
        progress.add(line);
        return this;
    }

    TestingRunFolder decision(String kind, String model, long eventTime, double traffic) {
        return decision(
                kind,
                model,
                0,
                eventTime,
                traffic,
                "",
                kind.toLowerCase(java.util.Locale.ROOT) + " of " + model);
    }

    TestingRunFolder decision(
            String kind,
            String model,
            long version,
            long eventTime,
            double traffic,
            String source,
            String reason) {
        ObjectNode d = JSON.createObjectNode();
        d.put("experiment", "exp");
        d.put("kind", kind);
        d.put("modelId", model);
        d.put("version", version);
        d.put("eventTime", eventTime);
        d.put("examples", 100);
        d.put("reason", reason);
        d.put("source", source);
        d.putNull("action");
        put(d, "traffic", traffic);
        d.putObject("evidence");
        decisions.add(d.toString());
        return this;
    }

    /** Writes no decisions.jsonl (a Kafka job's run folder). */
    TestingRunFolder withoutDecisionsFile() {
        writeDecisions = false;
        return this;
    }

    ObjectNode summary() {
        return summary;
    }

    /** Adds the champion's evaluation to the summary, with worst slices by log loss. */
    TestingRunFolder championWithSlices(String model, double fadedLogLoss, Object... slices) {
        ObjectNode e = ((ArrayNode) summary.get("evaluations")).addObject();
        e.put("model", model);
        e.put("version", 1);
        e.put("arm", "champion");
        e.putObject("faded").put("logloss", fadedLogLoss);
        ArrayNode worst = e.putArray("worst_slices");
        for (int i = 0; i < slices.length; i += 3) {
            ObjectNode slice = worst.addObject();
            slice.put("slice", (String) slices[i]);
            slice.put("examples", ((Number) slices[i + 1]).longValue());
            slice.put("logloss", ((Number) slices[i + 2]).doubleValue());
        }
        return this;
    }

    Path write() throws IOException {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("summary.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsString(summary),
                StandardCharsets.UTF_8);
        Files.write(dir.resolve("progress.jsonl"), progress, StandardCharsets.UTF_8);
        if (writeDecisions) {
            Files.write(dir.resolve("decisions.jsonl"), decisions, StandardCharsets.UTF_8);
        }
        return dir;
    }
}
