package dev.tributary.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a YAML job file into a validated {@link JobConfig}. This is the only place that sees the
 * raw YAML: everything downstream receives records. Every error names the key path, the value and
 * what was expected; unknown keys are errors, because a typo silently ignored is worse.
 */
public final class JobConfigParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The optimizers in the order the docs and the error messages list them. */
    private static final List<OptimizerConfig> OPTIMIZERS =
            List.of(
                    FtrlConfig.DEFAULTS,
                    SgdConfig.DEFAULTS,
                    AdaGradConfig.DEFAULTS,
                    AdamConfig.DEFAULTS,
                    NormalizedConfig.DEFAULTS);

    private static final int MAX_FACTORS = 256;
    private static final int MAX_HIDDEN = 4096;
    private static final int MAX_EMBEDDING_DIM = 512;
    private static final int MAX_BATCH = 1_000_000;

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
            labels = labels(root.section("labels"), features.label());
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

    private static LabelStreamConfig labels(ConfigNode node, LabelSpec label) {
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
                label.isTarget(defaultLabel),
                v -> "must be " + targetOf(label));
        node.rejectUnknownKeys();
        return new LabelStreamConfig(
                idField,
                labelField,
                timeField,
                timeFormat,
                new LabelJoinConfig(window, onTimeout.equals("default"), defaultLabel));
    }

    /**
     * What a target of {@code label} is, for a default label: a class index, not the text of a
     * label ({@link LabelSpec#expectation()}), which buckets would turn into one.
     */
    private static String targetOf(LabelSpec label) {
        return switch (label.task()) {
            case BINARY -> "0 or 1";
            case MULTICLASS ->
                    "a class index in 0.."
                            + (label.classes() - 1)
                            + (label.buckets().isEmpty()
                                    ? ""
                                    : " (a class of features.label, not a value to put in its"
                                            + " buckets)");
            case REGRESSION -> "a finite number";
        };
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
            models.add(model(m, id, features.label()));
        }
        if (models.isEmpty()) {
            throw new ConfigException(
                    node.childPath("models"), "is empty; expected at least one model");
        }
        node.rejectUnknownKeys();
        return new ExperimentConfig(
                name, features.space(), models, new EvaluationConfig((int) window), publishEvery);
    }

    /** One entry of {@code experiment.models}, after its id. */
    private static ModelConfig model(ConfigNode m, String id, LabelSpec label) {
        ModelFamily family =
                named(
                        m,
                        "family",
                        ModelFamily.values(),
                        ModelFamily::yamlName,
                        ModelFamily.LOGISTIC);
        ModelShape shape = shape(m, family, label);
        OptimizerConfig optimizer = optimizer(m.optionalSection("optimizer"), family);
        long seed = m.integer("seed", 0);
        Device device = named(m, "device", Device.values(), Device::yamlName, Device.CPU);
        BatchConfig batch = batch(m.optionalSection("batch"));
        m.rejectUnknownKeys();
        return new ModelConfig(id, family, optimizer, seed, shape, device, batch);
    }

    private static ModelShape shape(ConfigNode m, ModelFamily family, LabelSpec label) {
        Objective objective = objective(m, family, label.task());
        if (objective.task() != label.task()) {
            boolean chosen = m.has("objective");
            throw new ConfigException(
                    m.childPath(chosen ? "objective" : "family"),
                    (chosen
                                    ? "\"" + objective.yamlName() + "\" learns a "
                                    : "family " + family.yamlName() + " learns a ")
                            + objective.task().yamlName()
                            + " label, but features.label ("
                            + label.field()
                            + ") is "
                            + label.task().yamlName()
                            + "; "
                            + familiesFor(label.task()));
        }
        int classes = 1;
        if (objective == Objective.MULTICLASS) {
            // The label says how many classes there are; a model may repeat it, not contradict it.
            long c = m.integer("classes", label.classes());
            m.check(
                    "classes",
                    c,
                    c == label.classes(),
                    v -> "must equal the label's " + label.classes() + " classes");
            classes = (int) c;
        } else if (m.value("classes") != null) {
            throw new ConfigException(
                    m.childPath("classes"),
                    "applies to a multiclass objective only (family softmax, or mlp with"
                            + " objective multiclass), not "
                            + family.yamlName()
                            + " with objective "
                            + objective.yamlName());
        }
        double huberDelta = ModelShape.DEFAULT_HUBER_DELTA;
        if (objective == Objective.HUBER) {
            huberDelta = m.number("huber-delta", huberDelta);
            m.check("huber-delta", huberDelta, huberDelta > 0, v -> "must be > 0");
        } else {
            notFor(m, "huber-delta", "objective huber", "objective " + objective.yamlName());
        }
        int factors = ModelShape.DEFAULT_FACTORS;
        if (family == ModelFamily.FM) {
            factors = intIn(m, "factors", factors, 1, MAX_FACTORS);
        } else {
            notFor(m, "factors", "family fm", family.yamlName());
        }
        List<Integer> hidden = ModelShape.DEFAULT_HIDDEN;
        int embeddingDim = ModelShape.DEFAULT_EMBEDDING_DIM;
        if (family == ModelFamily.MLP) {
            hidden = hidden(m, hidden);
            embeddingDim = intIn(m, "embedding-dim", embeddingDim, 1, MAX_EMBEDDING_DIM);
        } else {
            notFor(m, "hidden", "family mlp", family.yamlName());
            notFor(m, "embedding-dim", "family mlp", family.yamlName());
        }
        double initScale = ModelShape.DEFAULT_INIT_SCALE;
        if (!family.isLinear()) {
            initScale = m.number("init-scale", initScale);
            m.check("init-scale", initScale, initScale >= 0, v -> "must be >= 0");
            m.check("init-scale", initScale, Double.isFinite(initScale), v -> "must be finite");
        } else {
            notFor(m, "init-scale", "families fm and mlp", family.yamlName());
        }
        return new ModelShape(
                objective, classes, huberDelta, factors, hidden, embeddingDim, initScale);
    }

    /** The objectives a family takes, its default first. */
    private static List<Objective> objectivesOf(ModelFamily family) {
        return switch (family) {
            case LOGISTIC -> List.of(Objective.BINARY);
            case SOFTMAX -> List.of(Objective.MULTICLASS);
            case LINEAR -> List.of(Objective.SQUARED, Objective.HUBER);
            case FM -> List.of(Objective.BINARY, Objective.SQUARED, Objective.HUBER);
            case MLP ->
                    List.of(
                            Objective.BINARY,
                            Objective.MULTICLASS,
                            Objective.SQUARED,
                            Objective.HUBER);
        };
    }

    /** Which families learn a label of this task, for an error message. */
    private static String familiesFor(Task task) {
        return switch (task) {
            case BINARY -> "a binary label is learned by logistic, fm and mlp";
            case MULTICLASS -> "a multiclass label is learned by softmax and mlp";
            case REGRESSION -> "a regression label is learned by linear, fm and mlp";
        };
    }

    private static Objective objective(ConfigNode m, ModelFamily family, Task labelTask) {
        List<Objective> allowed = objectivesOf(family);
        String text = m.string("objective", null);
        if (text == null) {
            // The family's first objective for the experiment's label, else its default (which
            // the caller then rejects with the reason).
            for (Objective o : allowed) {
                if (o.task() == labelTask) {
                    return o;
                }
            }
            return allowed.get(0);
        }
        for (Objective o : allowed) {
            if (o.yamlName().equals(text)) {
                return o;
            }
        }
        if (allowed.size() == 1) {
            throw new ConfigException(
                    m.childPath("objective"),
                    "\""
                            + text
                            + "\" does not apply to family "
                            + family.yamlName()
                            + ", which is always "
                            + allowed.get(0).yamlName());
        }
        boolean known = false;
        for (Objective o : Objective.values()) {
            known |= o.yamlName().equals(text);
        }
        throw new ConfigException(
                m.childPath("objective"),
                "\""
                        + text
                        + (known
                                ? "\" is not an objective of family " + family.yamlName()
                                : "\" is not known")
                        + "; expected one of "
                        + allowed.stream().map(Objective::yamlName).toList());
    }

    private static List<Integer> hidden(ConfigNode m, List<Integer> defaultValue) {
        JsonNode value = m.value("hidden");
        if (value == null) {
            return defaultValue;
        }
        if (!value.isArray() || value.isEmpty() || value.size() > 2) {
            throw new ConfigException(
                    m.childPath("hidden"),
                    ConfigNode.describe(value)
                            + " is not one or two layer widths; expected e.g. [64] or [64, 32]");
        }
        List<Integer> widths = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode w = value.get(i);
            if (!w.isIntegralNumber() || w.asLong() < 1 || w.asLong() > MAX_HIDDEN) {
                throw new ConfigException(
                        m.childPath("hidden") + "[" + i + "]",
                        ConfigNode.describe(w) + " must be an integer in 1.." + MAX_HIDDEN);
            }
            widths.add(w.asInt());
        }
        return widths;
    }

    private static OptimizerConfig optimizer(ConfigNode node, ModelFamily family) {
        String defaultType = family.isLinear() ? "ftrl" : "adam";
        String type = node.string("type", defaultType);
        OptimizerConfig kind = null;
        for (OptimizerConfig o : OPTIMIZERS) {
            if (o.yamlName().equals(type)) {
                kind = o;
            }
        }
        if (kind == null) {
            throw new ConfigException(
                    node.childPath("type"),
                    "\""
                            + type
                            + "\" is not known; expected one of "
                            + OPTIMIZERS.stream().map(OptimizerConfig::yamlName).toList());
        }
        if (kind.linearOnly() && !family.isLinear()) {
            throw new ConfigException(
                    node.childPath("type"),
                    "\""
                            + type
                            + "\" trains linear families only (logistic, softmax, linear); "
                            + family.yamlName()
                            + " takes one of "
                            + OPTIMIZERS.stream()
                                    .filter(o -> !o.linearOnly())
                                    .map(OptimizerConfig::yamlName)
                                    .toList());
        }
        OptimizerConfig config;
        if (kind instanceof FtrlConfig d) {
            double alpha = positive(node, "alpha", d.alpha());
            double beta = nonNegative(node, "beta", d.beta());
            double l1 = nonNegative(node, "l1", d.l1());
            double l2 = nonNegative(node, "l2", d.l2());
            config = new FtrlConfig(alpha, beta, l1, l2);
        } else if (kind instanceof SgdConfig d) {
            double rate = positive(node, "learning-rate", d.learningRate());
            SgdConfig.Schedule schedule =
                    named(
                            node,
                            "schedule",
                            SgdConfig.Schedule.values(),
                            SgdConfig.Schedule::yamlName,
                            d.schedule());
            double decaySteps = d.decaySteps();
            if (schedule == SgdConfig.Schedule.CONSTANT) {
                notFor(node, "decay-steps", "schedules inverse-time and inverse-sqrt", "constant");
            } else {
                decaySteps = positive(node, "decay-steps", decaySteps);
            }
            config = new SgdConfig(rate, schedule, decaySteps);
        } else if (kind instanceof AdaGradConfig d) {
            double rate = positive(node, "learning-rate", d.learningRate());
            double epsilon = positive(node, "epsilon", d.epsilon());
            config = new AdaGradConfig(rate, epsilon);
        } else if (kind instanceof AdamConfig d) {
            double rate = positive(node, "learning-rate", d.learningRate());
            double beta1 = unitInterval(node, "beta1", d.beta1());
            double beta2 = unitInterval(node, "beta2", d.beta2());
            double epsilon = positive(node, "epsilon", d.epsilon());
            config = new AdamConfig(rate, beta1, beta2, epsilon);
        } else {
            NormalizedConfig d = (NormalizedConfig) kind;
            config = new NormalizedConfig(positive(node, "learning-rate", d.learningRate()));
        }
        node.rejectUnknownKeys();
        return config;
    }

    private static BatchConfig batch(ConfigNode node) {
        BatchConfig d = BatchConfig.SINGLE;
        int size = intIn(node, "size", d.size(), 1, MAX_BATCH);
        java.time.Duration maxLatency = node.duration("max-latency", d.maxLatency());
        if (maxLatency.isZero()) {
            throw new ConfigException(
                    node.childPath("max-latency"),
                    ConfigNode.describe(node.value("max-latency")) + " must be longer than 0");
        }
        node.rejectUnknownKeys();
        return new BatchConfig(size, maxLatency);
    }

    /** The constant of {@code values} whose YAML name {@code key} holds, or the default. */
    private static <E> E named(
            ConfigNode node, String key, E[] values, Function<E, String> yamlName, E defaultValue) {
        String text = node.string(key, null);
        if (text == null) {
            return defaultValue;
        }
        for (E value : values) {
            if (yamlName.apply(value).equals(text)) {
                return value;
            }
        }
        throw new ConfigException(
                node.childPath(key),
                "\""
                        + text
                        + "\" is not known; expected one of "
                        + Arrays.stream(values).map(yamlName).toList());
    }

    /**
     * Fails when {@code key} is given where it does not apply. The key counts as read, so that a
     * typo elsewhere lists it among the known keys and an explicit null reads as absent.
     */
    private static void notFor(ConfigNode node, String key, String appliesTo, String here) {
        if (node.value(key) != null) {
            throw new ConfigException(
                    node.childPath(key), "applies to " + appliesTo + " only, not " + here);
        }
    }

    private static int intIn(ConfigNode node, String key, long defaultValue, long min, long max) {
        long value = node.integer(key, defaultValue);
        node.check(key, value, value >= min && value <= max, v -> "must be in " + min + ".." + max);
        return (int) value;
    }

    private static double positive(ConfigNode node, String key, double defaultValue) {
        double value = node.number(key, defaultValue);
        node.check(key, value, value > 0, v -> "must be > 0");
        return value;
    }

    private static double nonNegative(ConfigNode node, String key, double defaultValue) {
        double value = node.number(key, defaultValue);
        node.check(key, value, value >= 0, v -> "must be >= 0");
        return value;
    }

    private static double unitInterval(ConfigNode node, String key, double defaultValue) {
        double value = node.number(key, defaultValue);
        node.check(key, value, value >= 0 && value < 1, v -> "must be in [0, 1)");
        return value;
    }

    private static CheckpointConfig checkpoints(ConfigNode node) {
        java.time.Duration interval = node.duration("interval", CheckpointConfig.DEFAULT_INTERVAL);
        node.check("interval", interval, !interval.isZero(), v -> "must be longer than 0");
        String directory = node.string("directory", null);
        node.rejectUnknownKeys();
        return new CheckpointConfig(interval, directory);
    }
}
