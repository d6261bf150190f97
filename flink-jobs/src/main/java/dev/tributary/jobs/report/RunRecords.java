package dev.tributary.jobs.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The records of a finished run that the report is drawn from, read from its output folder: {@code
 * summary.json} (the facts), {@code progress.jsonl} (metrics over time), the decisions and the
 * registry's final traffic split.
 *
 * <p>Reading is lenient about content and strict about presence. Fields this reader does not know
 * are ignored (a newer run may carry more), absent or {@code "NaN"} metrics are undefined, and a
 * progress line without a wall-clock stamp (written before lines were stamped) simply has none. A
 * folder without {@code summary.json} or {@code progress.jsonl} is not a finished run, and says so.
 *
 * <p>The decisions come from {@code decisions.jsonl} (a file job writes it), else from the
 * registry's decision log {@code registry/<experiment>/decisions.jsonl} (a Kafka job sends its
 * decisions to a topic, and the registry keeps the log), else from {@code summary.json}, which
 * lists all but the publications.
 *
 * @param directory the run's output folder, absolute
 * @param summary {@code summary.json}
 * @param traffic the registry's {@code traffic.json} of the experiment, or a missing node
 * @param progress the progress lines, one per example count (the last written wins: the file is
 *     written at least once, so a restarted job may write a count again), by example count
 * @param decisions the decisions, in the order they were made
 * @param decisionsFile where the decisions were read from, relative to the folder
 */
public record RunRecords(
        Path directory,
        JsonNode summary,
        JsonNode traffic,
        List<ProgressPoint> progress,
        List<DecisionPoint> decisions,
        String decisionsFile) {

    static final String SUMMARY = "summary.json";
    static final String PROGRESS = "progress.jsonl";
    static final String DECISIONS = "decisions.jsonl";

    /**
     * The wall-clock stamp of a progress line, epoch milliseconds; the name the progress file's
     * writer ({@code JsonLinesFileSink}) uses, which a test holds the two to.
     */
    static final String WALL_TIME_FIELD = "wallTimeMs";

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public RunRecords {
        progress = List.copyOf(progress);
        decisions = List.copyOf(decisions);
    }

    /** The experiment the run trained, as its summary names it (empty if it does not). */
    String experiment() {
        return summary.path("experiment").asText("");
    }

    /**
     * Reads a finished run's folder.
     *
     * @throws NotAFinishedRunException when the folder does not exist or lacks {@code summary.json}
     *     or {@code progress.jsonl}
     * @throws IOException when a file cannot be read or is not JSON (naming the file and line)
     */
    public static RunRecords read(Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new NotAFinishedRunException(dir, "", "no such folder");
        }
        for (String required : List.of(SUMMARY, PROGRESS)) {
            if (!Files.isRegularFile(dir.resolve(required))) {
                throw new NotAFinishedRunException(
                        dir,
                        required,
                        "it has no "
                                + required
                                + " (every run writes "
                                + SUMMARY
                                + " when it finishes, next to "
                                + PROGRESS
                                + ")");
            }
        }
        JsonNode summary = readJson(dir.resolve(SUMMARY));
        String experiment = summary.path("experiment").asText("");
        Path registry = dir.resolve("registry").resolve(experiment);
        JsonNode traffic =
                !experiment.isEmpty() && Files.isRegularFile(registry.resolve("traffic.json"))
                        ? readJson(registry.resolve("traffic.json"))
                        : MissingNode.getInstance();
        List<ProgressPoint> progress = readProgress(dir.resolve(PROGRESS), experiment);

        List<DecisionPoint> decisions;
        String decisionsFile;
        Path registryLog = registry.resolve(DECISIONS);
        if (Files.isRegularFile(dir.resolve(DECISIONS))) {
            decisionsFile = DECISIONS;
            decisions = readDecisionLines(dir.resolve(DECISIONS));
        } else if (!experiment.isEmpty() && Files.isRegularFile(registryLog)) {
            decisionsFile = dir.relativize(registryLog).toString();
            decisions = readDecisionLines(registryLog);
        } else {
            decisionsFile = SUMMARY;
            decisions = new ArrayList<>();
            for (JsonNode d : summary.path("decisions")) {
                decisions.add(
                        new DecisionPoint(
                                d.path("kind").asText("").toUpperCase(Locale.ROOT),
                                d.path("model").asText(""),
                                d.path("version").asLong(0),
                                d.path("event_time_ms").asLong(0),
                                d.path("examples").asLong(0),
                                number(d.get("traffic")),
                                d.path("source").asText(""),
                                d.path("reason").asText("")));
            }
        }
        return new RunRecords(dir, summary, traffic, progress, decisions, decisionsFile);
    }

    private static JsonNode readJson(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not readable JSON: " + e.getMessage(), e);
        }
    }

    private static List<ProgressPoint> readProgress(Path file, String experiment)
            throws IOException {
        TreeMap<Long, ProgressPoint> byExamples = new TreeMap<>();
        forEachLine(
                file,
                line -> {
                    if (!experiment.isEmpty()
                            && line.has("experiment")
                            && !experiment.equals(line.path("experiment").asText())) {
                        return;
                    }
                    List<ProgressPoint.Model> models = new ArrayList<>();
                    for (JsonNode e : line.path("evaluations")) {
                        JsonNode model = e.path("model");
                        Map<Metric, Double> window = new EnumMap<>(Metric.class);
                        for (Metric metric : Metric.values()) {
                            window.put(metric, number(e.path("window").get(metric.progressName())));
                        }
                        models.add(
                                new ProgressPoint.Model(
                                        model.path("modelId").asText(""),
                                        model.path("version").asLong(0),
                                        model.path("arm").asText(""),
                                        window));
                    }
                    JsonNode wall = line.get(WALL_TIME_FIELD);
                    long examples = line.path("examples").asLong(0);
                    byExamples.put(
                            examples,
                            new ProgressPoint(
                                    examples,
                                    line.path("eventTime").asLong(0),
                                    wall != null && wall.isIntegralNumber()
                                            ? OptionalLong.of(wall.asLong())
                                            : OptionalLong.empty(),
                                    models));
                });
        return new ArrayList<>(byExamples.values());
    }

    private static List<DecisionPoint> readDecisionLines(Path file) throws IOException {
        List<DecisionPoint> decisions = new ArrayList<>();
        forEachLine(
                file,
                d ->
                        decisions.add(
                                new DecisionPoint(
                                        d.path("kind").asText("").toUpperCase(Locale.ROOT),
                                        d.path("modelId").asText(""),
                                        d.path("version").asLong(0),
                                        d.path("eventTime").asLong(0),
                                        d.path("examples").asLong(0),
                                        number(d.get("traffic")),
                                        d.path("source").asText(""),
                                        d.path("reason").asText(""))));
        return decisions;
    }

    private interface LineConsumer {
        void accept(JsonNode line);
    }

    private static void forEachLine(Path file, LineConsumer consumer) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    throw new IOException(
                            file + " line " + number + " is not JSON: " + e.getMessage(), e);
                }
                if (node == null || !node.isObject()) {
                    throw new IOException(
                            file + " line " + number + " is not a JSON object: " + line);
                }
                consumer.accept(node);
            }
        }
    }

    /**
     * A number as the run's files write it: a JSON number, or a string such as {@code "NaN"} (how
     * Jackson writes a non-finite double); anything else, null or absent is undefined ({@code
     * NaN}).
     */
    static double number(JsonNode node) {
        if (node == null) {
            return Double.NaN;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                return Double.parseDouble(node.textValue());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }
}
