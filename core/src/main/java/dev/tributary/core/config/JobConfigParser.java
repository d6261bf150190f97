package dev.tributary.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a YAML job file into a validated {@link JobConfig}. This is the only place that sees the
 * raw YAML: everything downstream receives records. Every error names the key path, the value and
 * what was expected; unknown keys are errors, because a typo silently ignored is worse.
 */
public final class JobConfigParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private JobConfigParser() {}

    public static JobConfig parse(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job file " + file, e);
        }
    }

    public static JobConfig parse(String yaml) {
        ConfigNode root;
        try {
            root = ConfigNode.root(YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new ConfigException("", "not valid YAML: " + e.getOriginalMessage());
        }
        String name = root.string("name", "tributary-job");
        SourceConfig source = source(root.section("source"));
        FeatureSpec features = FeatureSpecParser.parse(root.section("features"));
        ExperimentConfig experiment = experiment(root.section("experiment"), features);
        CheckpointConfig checkpoints = checkpoints(root.optionalSection("checkpoints"));
        ConfigNode output = root.optionalSection("output");
        String outputDirectory = output.string("directory", "tributary-out");
        output.rejectUnknownKeys();
        KafkaConfig kafka = root.has("kafka") ? kafka(root.section("kafka")) : null;
        if (source.kind() == SourceKind.KAFKA && kafka == null) {
            throw new ConfigException(
                    "kafka", "is missing; a kafka source needs the kafka section");
        }
        LabelStreamConfig labels = null;
        if (root.has("labels")) {
            if (kafka == null) {
                throw new ConfigException(
                        "labels",
                        "needs the kafka section: labels on their own stream come from Kafka");
            }
            labels = labels(root.section("labels"));
        }
        ConfigNode servingNode = root.optionalSection("serving");
        long updateEvery = servingNode.integer("update-every", ServingConfig.DEFAULT_UPDATE_EVERY);
        servingNode.check(
                "update-every",
                updateEvery,
                updateEvery >= 0 && updateEvery <= Integer.MAX_VALUE,
                v -> "must be >= 0 (0 = at publications only)");
        servingNode.rejectUnknownKeys();
        CleaningConfig cleaning = cleaning(root.optionalSection("cleaning"));
        root.rejectUnknownKeys();
        return new JobConfig(
                name,
                source,
                features,
                experiment,
                checkpoints,
                outputDirectory,
                kafka,
                labels,
                new ServingConfig((int) updateEvery),
                cleaning);
    }

    private static CleaningConfig cleaning(ConfigNode node) {
        java.time.Duration dedup = node.duration("dedup-window", null);
        if (dedup != null) {
            node.check(
                    "dedup-window",
                    dedup,
                    !dedup.isZero(),
                    v -> "must be longer than 0 (leave it out for no deduplication)");
        }
        java.time.Duration lateness = node.duration("allowed-lateness", null);
        java.time.Duration maxFuture = node.duration("max-future", null);
        node.rejectUnknownKeys();
        return new CleaningConfig(dedup, lateness, maxFuture);
    }

    private static KafkaConfig kafka(ConfigNode node) {
        String servers = node.string("bootstrap-servers");
        String groupId = node.string("group-id", "tributary");
        String offsets = node.string("starting-offsets", "committed");
        if (!Set.of("earliest", "latest", "committed").contains(offsets)) {
            throw new ConfigException(
                    node.childPath("starting-offsets"),
                    "\""
                            + offsets
                            + "\" is not known; expected one of [earliest, latest, committed]");
        }
        String prefix = node.string("transactional-id-prefix", groupId);
        Map<String, String> properties = node.stringMap("properties");
        ConfigNode t = node.optionalSection("topics");
        KafkaConfig.Topics d = KafkaConfig.Topics.DEFAULTS;
        KafkaConfig.Topics topics =
                new KafkaConfig.Topics(
                        t.string("events", d.events()),
                        t.string("labels", d.labels()),
                        t.string("control", d.control()),
                        t.string("predictions", d.predictions()),
                        t.string("dead-letters", d.deadLetters()),
                        t.string("decisions", d.decisions()),
                        t.string("model-updates", d.modelUpdates()));
        t.rejectUnknownKeys();
        node.rejectUnknownKeys();
        return new KafkaConfig(servers, groupId, offsets, prefix, properties, topics);
    }

    private static LabelStreamConfig labels(ConfigNode node) {
        String idField = node.string("id-field", "id");
        String labelField = node.string("label-field", "label");
        String timeField = node.string("time-field", null);
        String timeFormat = node.string("time-format", "iso");
        java.time.Duration window =
                node.duration("attribution-window", LabelJoinConfig.DEFAULT_WINDOW);
        node.check("attribution-window", window, !window.isZero(), v -> "must be longer than 0");
        String onTimeout = node.string("on-timeout", "default");
        if (!onTimeout.equals("default") && !onTimeout.equals("drop")) {
            throw new ConfigException(
                    node.childPath("on-timeout"),
                    "\"" + onTimeout + "\" is not known; expected one of [default, drop]");
        }
        double defaultLabel = node.number("default-label", 0);
        node.check(
                "default-label",
                defaultLabel,
                defaultLabel == 0 || defaultLabel == 1,
                v -> "must be 0 or 1");
        node.rejectUnknownKeys();
        return new LabelStreamConfig(
                idField,
                labelField,
                timeField,
                timeFormat,
                new LabelJoinConfig(window, onTimeout.equals("default"), defaultLabel));
    }

    private static SourceConfig source(ConfigNode node) {
        SourceKind kind = node.choice("type", SourceKind.class, SourceKind.FILE);
        String path = kind == SourceKind.FILE ? node.string("path") : null;
        String format =
                kind == SourceKind.FILE ? node.string("format", inferFormat(path)) : "jsonl";
        if (!format.equals("csv") && !format.equals("jsonl")) {
            throw new ConfigException(
                    node.childPath("format"),
                    "\"" + format + "\" is not known; expected one of [csv, jsonl]");
        }
        ConfigNode time = node.section("event-time");
        String timeField = time.string("field");
        String timeFormat = time.string("format", "iso");
        String zone = time.string("zone", "UTC");
        try {
            java.time.ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(
                    time.childPath("zone"),
                    "\"" + zone + "\" is not a time zone; expected e.g. UTC");
        }
        if (!Set.of("iso", "epoch-millis", "epoch-seconds").contains(timeFormat)) {
            try {
                java.time.format.DateTimeFormatter.ofPattern(timeFormat);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(
                        time.childPath("format"),
                        "\""
                                + timeFormat
                                + "\" is not a date-time pattern; expected iso, epoch-millis,"
                                + " epoch-seconds or a pattern such as yyyy-MM-dd'T'HH:mm");
            }
        }
        time.rejectUnknownKeys();
        String idField = node.string("id-field", null);
        if (kind == SourceKind.KAFKA && idField == null) {
            throw new ConfigException(
                    node.childPath("id-field"),
                    "is missing; a kafka source needs the field that holds each event's id");
        }
        double rate = node.number("rate", 0);
        node.check("rate", rate, rate >= 0, v -> "must be >= 0 (events per second, 0 = unlimited)");
        long maxEvents = node.integer("max-events", 0);
        node.check("max-events", maxEvents, maxEvents >= 0, v -> "must be >= 0 (0 = all)");
        String experimentField = node.string("experiment-field", null);
        node.rejectUnknownKeys();
        return new SourceConfig(
                kind,
                path,
                format,
                timeField,
                timeFormat,
                zone,
                idField,
                rate,
                maxEvents,
                experimentField);
    }

    private static String inferFormat(String path) {
        String p = path.endsWith(".gz") ? path.substring(0, path.length() - 3) : path;
        return p.endsWith(".jsonl") || p.endsWith(".json") ? "jsonl" : "csv";
    }

    private static ExperimentConfig experiment(ConfigNode node, FeatureSpec features) {
        String name = node.string("name");
        long publishEvery = node.integer("publish-every", 100_000);
        node.check(
                "publish-every",
                publishEvery,
                publishEvery >= 0,
                v -> "must be >= 0 (0 = only at the end)");
        ConfigNode evaluation = node.optionalSection("evaluation");
        long window = evaluation.integer("window", EvaluationConfig.DEFAULT_WINDOW);
        evaluation.check(
                "window",
                window,
                window >= 1 && window <= 10_000_000,
                v -> "must be in 1..10000000");
        evaluation.rejectUnknownKeys();
        List<ModelConfig> models = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode m : node.sectionList("models")) {
            String id = m.string("id");
            if (!id.matches("[A-Za-z0-9._-]+")) {
                throw new ConfigException(
                        m.childPath("id"),
                        "\"" + id + "\" must use only letters, digits, '.', '_' and '-'");
            }
            if (!ids.add(id)) {
                throw new ConfigException(
                        m.childPath("id"), "\"" + id + "\" is used by another model");
            }
            ModelFamily family = m.choice("family", ModelFamily.class, ModelFamily.LOGISTIC);
            OptimizerConfig optimizer = optimizer(m.optionalSection("optimizer"));
            long seed = m.integer("seed", 0);
            m.rejectUnknownKeys();
            models.add(new ModelConfig(id, family, optimizer, seed));
        }
        if (models.isEmpty()) {
            throw new ConfigException(
                    node.childPath("models"), "is empty; expected at least one model");
        }
        node.rejectUnknownKeys();
        return new ExperimentConfig(
                name, features.space(), models, new EvaluationConfig((int) window), publishEvery);
    }

    private static OptimizerConfig optimizer(ConfigNode node) {
        String type = node.string("type", "ftrl");
        if (!type.equals("ftrl")) {
            throw new ConfigException(
                    node.childPath("type"),
                    "\"" + type + "\" is not known; expected one of [ftrl]");
        }
        FtrlConfig d = FtrlConfig.DEFAULTS;
        double alpha = node.number("alpha", d.alpha());
        node.check("alpha", alpha, alpha > 0, v -> "must be > 0");
        double beta = node.number("beta", d.beta());
        node.check("beta", beta, beta >= 0, v -> "must be >= 0");
        double l1 = node.number("l1", d.l1());
        node.check("l1", l1, l1 >= 0, v -> "must be >= 0");
        double l2 = node.number("l2", d.l2());
        node.check("l2", l2, l2 >= 0, v -> "must be >= 0");
        node.rejectUnknownKeys();
        return new FtrlConfig(alpha, beta, l1, l2);
    }

    private static CheckpointConfig checkpoints(ConfigNode node) {
        java.time.Duration interval = node.duration("interval", CheckpointConfig.DEFAULT_INTERVAL);
        node.check("interval", interval, !interval.isZero(), v -> "must be longer than 0");
        String directory = node.string("directory", null);
        node.rejectUnknownKeys();
        return new CheckpointConfig(interval, directory);
    }
}
