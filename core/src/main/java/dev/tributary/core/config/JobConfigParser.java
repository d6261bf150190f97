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
import java.util.Locale;
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
    private static final int MAX_CONSECUTIVE_WINDOWS = 1000;
    private static final int MAX_REPLAY_EXAMPLES = 10_000_000;

    /** The metrics a retrain may read, per label task, the default first. */
    private static final Map<Task, List<String>> RETRAIN_METRICS =
            Map.of(
                    Task.BINARY, List.of("logloss", "accuracy", "auc"),
                    Task.MULTICLASS, List.of("logloss", "accuracy"),
                    Task.REGRESSION, List.of("rmse", "mae"));

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
        long parallelism = root.integer("parallelism", 1);
        root.check(
                "parallelism",
                parallelism,
                parallelism >= 1 && parallelism <= JobConfig.MAX_PARALLELISM,
                v ->
                        "must be in 1.."
                                + JobConfig.MAX_PARALLELISM
                                + ": the parallelism of the job's stages (1 on one machine)");
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
                cleaning,
                (int) parallelism);
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
        DriftInjection injectDrift = null;
        if (node.has("inject-drift")) {
            if (kind != SourceKind.FILE) {
                throw new ConfigException(
                        node.childPath("inject-drift"),
                        "is for replayed files only; a kafka source reads what producers sent");
            }
            injectDrift = injectDrift(node.section("inject-drift"));
        }
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
                experimentField,
                injectDrift);
    }

    private static DriftInjection injectDrift(ConfigNode node) {
        String afterText = node.string("after");
        java.time.Instant after;
        try {
            after = java.time.Instant.parse(afterText);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException(
                    node.childPath("after"),
                    "\""
                            + afterText
                            + "\" is not an instant; expected ISO-8601 in UTC such as"
                            + " 2001-02-01T00:00:00Z");
        }
        String label = node.string("label");
        JsonNode byNode = node.value("by");
        List<String> by = new ArrayList<>();
        if (byNode != null && byNode.isTextual()) {
            by.add(byNode.asText());
        } else if (byNode != null && byNode.isArray() && !byNode.isEmpty()) {
            for (int i = 0; i < byNode.size(); i++) {
                JsonNode field = byNode.get(i);
                if (!field.isTextual() || field.asText().isBlank()) {
                    throw new ConfigException(
                            node.childPath("by") + "[" + i + "]",
                            ConfigNode.describe(field) + " is not a field name");
                }
                by.add(field.asText());
            }
        } else {
            throw new ConfigException(
                    node.childPath("by"),
                    (byNode == null ? "is missing" : ConfigNode.describe(byNode) + " is not valid")
                            + "; expected the field or list of fields that make up an entity,"
                            + " e.g. [origin, dest]");
        }
        double fraction = node.number("fraction", 0.5);
        node.check(
                "fraction",
                fraction,
                fraction > 0 && fraction <= 1,
                v -> "must be in (0, 1]: the share of entities whose label flips");
        node.rejectUnknownKeys();
        return new DriftInjection(after, label, by, fraction);
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
        SliceConfig slices = slices(evaluation, features);
        FeatureDriftConfig featureDrift = featureDrift(evaluation);
        evaluation.rejectUnknownKeys();
        List<ModelConfig> models = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<ConfigNode> modelNodes = node.sectionList("models");
        for (ConfigNode m : modelNodes) {
            models.add(model(m, modelId(m, ids), features.label()));
        }
        if (models.isEmpty()) {
            throw new ConfigException(
                    node.childPath("models"), "is empty; expected at least one model");
        }
        // Absent, null or off: no automatic retraining.
        JsonNode retrainValue = node.value("retrain");
        RetrainConfig retrain =
                retrainValue == null || isOff(retrainValue)
                        ? null
                        : retrain(node.section("retrain"), features.label(), modelNodes, ids);
        node.rejectUnknownKeys();
        return new ExperimentConfig(
                name,
                features.space(),
                models,
                new EvaluationConfig((int) window, slices, featureDrift),
                publishEvery,
                retrain);
    }

    /**
     * {@code experiment.evaluation.slices}: absent or off for none, a field name, or a mapping of
     * {@code by}, {@code worst}, {@code min-examples} and {@code max}. The field must be a discrete
     * feature field (category, boolean or integer): a slice per distinct value of a number or a
     * text would measure nothing, and a name that is no field at all is most likely a typo.
     */
    private static SliceConfig slices(ConfigNode evaluation, FeatureSpec features) {
        JsonNode value = evaluation.value("slices");
        if (value == null || isOff(value)) {
            return null;
        }
        String key = "slices";
        ConfigNode section = null;
        String field;
        if (value.isTextual()) {
            field = evaluation.string(key);
        } else {
            section = evaluation.section(key);
            field = section.string("by");
            key = "slices.by";
        }
        List<String> discrete =
                features.fields().stream()
                        .filter(
                                f ->
                                        f.type() == FieldType.CATEGORY
                                                || f.type() == FieldType.BOOLEAN
                                                || f.type() == FieldType.INTEGER)
                        .map(FieldSpec::name)
                        .toList();
        if (!discrete.contains(field)) {
            FieldSpec named =
                    features.fields().stream()
                            .filter(f -> f.name().equals(field))
                            .findFirst()
                            .orElse(null);
            throw new ConfigException(
                    evaluation.childPath(key),
                    "\""
                            + field
                            + "\" "
                            + (named == null
                                    ? "is not a field of the feature spec"
                                    : "is a "
                                            + named.type().name().toLowerCase(Locale.ROOT)
                                            + " field")
                            + "; expected a category, boolean or integer field, one of "
                            + discrete);
        }
        if (section == null) {
            return SliceConfig.by(field);
        }
        long worst = section.integer("worst", SliceConfig.DEFAULT_WORST);
        section.check("worst", worst, worst >= 1 && worst <= 1000, v -> "must be in 1..1000");
        long minExamples = section.integer("min-examples", SliceConfig.DEFAULT_MIN_EXAMPLES);
        section.check(
                "min-examples",
                minExamples,
                minExamples >= 1,
                v -> "must be >= 1: the examples a slice needs before it is ranked");
        long max = section.integer("max", SliceConfig.DEFAULT_MAX_SLICES);
        section.check(
                "max",
                max,
                max >= 1 && max <= SliceConfig.MAX_SLICES_LIMIT,
                v ->
                        "must be in 1.."
                                + SliceConfig.MAX_SLICES_LIMIT
                                + ": the distinct values measured one by one");
        section.rejectUnknownKeys();
        return new SliceConfig(field, (int) worst, minExamples, (int) max);
    }

    /**
     * {@code experiment.evaluation.feature-drift}: {@code off}, or the reference, window and bins
     * of the population stability of every dense input feature; absent means the defaults.
     */
    private static FeatureDriftConfig featureDrift(ConfigNode evaluation) {
        String key = "feature-drift";
        JsonNode value = evaluation.value(key);
        if (isOff(value)) {
            return null;
        }
        ConfigNode section = evaluation.optionalSection(key);
        FeatureDriftConfig d = FeatureDriftConfig.DEFAULTS;
        long reference = section.integer("reference", d.reference());
        long window = section.integer("window", d.window());
        long bins = section.integer("bins", d.bins());
        String values = "must be in 1.." + FeatureDriftConfig.MAX_VALUES;
        section.check(
                "reference",
                reference,
                reference >= 1 && reference <= FeatureDriftConfig.MAX_VALUES,
                v -> values + ": the first values of a feature that fix its reference");
        section.check(
                "window",
                window,
                window >= 1 && window <= FeatureDriftConfig.MAX_VALUES,
                v -> values + ": the most recent values compared with the reference");
        section.check(
                "bins",
                bins,
                bins >= 2 && bins <= FeatureDriftConfig.MAX_BINS,
                v -> "must be in 2.." + FeatureDriftConfig.MAX_BINS);
        section.rejectUnknownKeys();
        return new FeatureDriftConfig((int) reference, (int) window, (int) bins);
    }

    /** The id of a model definition, checked and added to the experiment's {@code ids}. */
    private static String modelId(ConfigNode m, Set<String> ids) {
        String id = m.string("id");
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new ConfigException(
                    m.childPath("id"),
                    "\"" + id + "\" must use only letters, digits, '.', '_' and '-'");
        }
        if (!ids.add(id)) {
            throw new ConfigException(m.childPath("id"), "\"" + id + "\" is used by another model");
        }
        return id;
    }

    /**
     * {@code experiment.retrain}: when to start challengers and how to roll them out. Every value
     * is checked here, with its key path, before the records check it again with theirs.
     *
     * @param modelNodes the experiment's model definitions, to check their ids against the names
     *     retrains give challengers
     * @param ids the ids of the experiment's models; the challenger templates' are added
     */
    private static RetrainConfig retrain(
            ConfigNode node, LabelSpec label, List<ConfigNode> modelNodes, Set<String> ids) {
        Task task = label.task();
        List<String> metrics = RETRAIN_METRICS.get(task);
        String metric = node.string("metric", metrics.get(0));
        if (!RETRAIN_METRICS.get(Task.BINARY).contains(metric)
                && !RETRAIN_METRICS.get(Task.REGRESSION).contains(metric)) {
            throw new ConfigException(
                    node.childPath("metric"),
                    "\""
                            + metric
                            + "\" is not known; expected one of [logloss, accuracy, auc, rmse,"
                            + " mae]");
        }
        if (!metrics.contains(metric)) {
            throw new ConfigException(
                    node.childPath("metric"),
                    "\""
                            + metric
                            + "\" does not judge a "
                            + task.yamlName()
                            + " label (features.label "
                            + label.field()
                            + "); expected one of "
                            + metrics);
        }
        boolean higherIsWorse = !metric.equals("auc") && !metric.equals("accuracy");

        RetrainPolicy.Threshold threshold = threshold(node, metric, higherIsWorse);
        RetrainPolicy.Degradation degradation = degradation(node, metric, higherIsWorse);
        DriftConfig.Detector detector = detector(node, task);
        java.time.Duration schedule = null;
        if (!isOff(node.value("schedule"))) {
            schedule = node.duration("schedule", null);
            if (schedule != null && schedule.isZero()) {
                throw new ConfigException(
                        node.childPath("schedule"),
                        ConfigNode.describe(node.value("schedule"))
                                + " must be longer than 0 (off, or leave it out, for no schedule)");
            }
        }
        if (threshold == null && degradation == null && detector == null && schedule == null) {
            throw new ConfigException(
                    node.path(),
                    "every trigger is off; expected at least one of threshold, degradation, drift,"
                            + " schedule");
        }
        double hysteresis = nonNegative(node, "hysteresis", 0.0);
        node.check("hysteresis", hysteresis, Double.isFinite(hysteresis), v -> "must be finite");
        java.time.Duration coolDown = node.duration("cool-down", RetrainPolicy.DEFAULT_COOL_DOWN);
        int maxPerHour =
                intIn(
                        node,
                        "max-per-hour",
                        RetrainPolicy.DEFAULT_MAX_RETRAINS_PER_HOUR,
                        1,
                        RetrainPolicy.MAX_RETRAINS_PER_HOUR);
        RetrainPolicy.Action action =
                named(
                        node,
                        "action",
                        RetrainPolicy.Action.values(),
                        a -> a.name().toLowerCase(java.util.Locale.ROOT),
                        RetrainPolicy.Action.WARM);
        int replayExamples = RetrainPolicy.DEFAULT_REPLAY_EXAMPLES;
        if (action == RetrainPolicy.Action.REPLAY) {
            replayExamples = intIn(node, "replay-examples", replayExamples, 1, MAX_REPLAY_EXAMPLES);
        } else {
            notFor(
                    node,
                    "replay-examples",
                    "action replay",
                    action.name().toLowerCase(java.util.Locale.ROOT));
        }

        // Challenger templates are model definitions like those of experiment.models, under ids
        // of their own: a retrain names a challenger after its template.
        List<ModelConfig> challengers = new ArrayList<>();
        List<ConfigNode> challengerNodes =
                node.value("challengers") == null ? List.of() : node.sectionList("challengers");
        for (ConfigNode c : challengerNodes) {
            challengers.add(model(c, modelId(c, ids), label));
        }
        List<String> templates = new ArrayList<>();
        if (challengers.isEmpty()) {
            templates.add(modelNodes.get(0).string("id"));
        } else {
            challengers.forEach(c -> templates.add(c.id()));
        }
        List<ConfigNode> definitions = new ArrayList<>(modelNodes);
        definitions.addAll(challengerNodes);
        for (ConfigNode definition : definitions) {
            String id = definition.string("id");
            for (String template : templates) {
                if (id.matches(java.util.regex.Pattern.quote(template) + "-r[0-9]+")) {
                    throw new ConfigException(
                            definition.childPath("id"),
                            "\""
                                    + id
                                    + "\" is the name a retrain gives a challenger of "
                                    + template
                                    + "; expected another id");
                }
            }
        }

        RolloutPlan rollout = rollout(node.optionalSection("rollout"), challengers.size());
        node.rejectUnknownKeys();
        try {
            RetrainPolicy policy =
                    new RetrainPolicy(
                            metric,
                            threshold,
                            degradation,
                            detector != null,
                            schedule,
                            hysteresis,
                            coolDown,
                            maxPerHour,
                            action,
                            replayExamples);
            // With the drift trigger off no detector runs; the record still names one.
            DriftConfig drift = detector == null ? DriftConfig.DEFAULT : new DriftConfig(detector);
            return new RetrainConfig(policy, drift, rollout, challengers);
        } catch (IllegalArgumentException e) {
            // Every value was checked above; this keeps a rule added to the records later from
            // surfacing as a stack trace.
            throw new ConfigException(node.path(), e.getMessage());
        }
    }

    /** Whether a value switches an optional part off: {@code off} or {@code false}. */
    private static boolean isOff(JsonNode value) {
        return value != null
                && ((value.isTextual() && value.asText().trim().equals("off"))
                        || (value.isBoolean() && !value.asBoolean()));
    }

    /** A mapping that may also be {@code off}; {@code null} when off or absent. */
    private static ConfigNode switchable(ConfigNode node, String key, String example) {
        JsonNode value = node.value(key);
        if (value == null || isOff(value)) {
            return null;
        }
        if (!value.isObject()) {
            throw new ConfigException(
                    node.childPath(key),
                    ConfigNode.describe(value)
                            + " is not a mapping; expected e.g. "
                            + example
                            + ", or off");
        }
        return new ConfigNode(node.childPath(key), value);
    }

    private static RetrainPolicy.Threshold threshold(
            ConfigNode retrain, String metric, boolean higherIsWorse) {
        ConfigNode node =
                switchable(
                        retrain,
                        "threshold",
                        higherIsWorse
                                ? "{ above: 0.55, windows: 3 }"
                                : "{ below: 0.7, windows: 3 }");
        if (node == null) {
            return null;
        }
        boolean above = node.value("above") != null;
        boolean below = node.value("below") != null;
        if (above == below) {
            throw new ConfigException(
                    node.path(),
                    (above ? "has both above and below" : "has neither above nor below")
                            + "; expected "
                            + (higherIsWorse ? "above" : "below")
                            + ", the bound "
                            + metric
                            + " must not cross");
        }
        String key = above ? "above" : "below";
        double value = node.number(key, 0);
        if (above != higherIsWorse) {
            throw new ConfigException(
                    node.childPath(key),
                    value
                            + " would fire on a good "
                            + metric
                            + ", which is worse when "
                            + (higherIsWorse ? "higher" : "lower")
                            + "; expected "
                            + (higherIsWorse ? "above" : "below"));
        }
        node.check(key, value, Double.isFinite(value), v -> "must be finite");
        int windows =
                intIn(
                        node,
                        "windows",
                        RetrainPolicy.DEFAULT_CONSECUTIVE_WINDOWS,
                        1,
                        MAX_CONSECUTIVE_WINDOWS);
        node.rejectUnknownKeys();
        return new RetrainPolicy.Threshold(
                above ? RetrainPolicy.Direction.ABOVE : RetrainPolicy.Direction.BELOW,
                value,
                windows);
    }

    private static RetrainPolicy.Degradation degradation(
            ConfigNode retrain, String metric, boolean higherIsWorse) {
        RetrainPolicy.Degradation d = RetrainPolicy.DEFAULT_DEGRADATION;
        if (retrain.value("degradation") == null) {
            return d;
        }
        ConfigNode node = switchable(retrain, "degradation", "{ fraction: 0.1, windows: 3 }");
        if (node == null) {
            return null;
        }
        double fraction = positive(node, "fraction", d.fraction());
        node.check("fraction", fraction, Double.isFinite(fraction), v -> "must be finite");
        if (!higherIsWorse) {
            node.check(
                    "fraction",
                    fraction,
                    fraction < 1,
                    v -> "must be < 1 for " + metric + ", where lower is worse");
        }
        int windows = intIn(node, "windows", d.consecutiveWindows(), 1, MAX_CONSECUTIVE_WINDOWS);
        node.rejectUnknownKeys();
        return new RetrainPolicy.Degradation(fraction, windows);
    }

    /** The drift detector of the drift trigger; {@code null} when off. */
    private static DriftConfig.Detector detector(ConfigNode node, Task task) {
        JsonNode value = node.value("drift");
        if (value == null) {
            return DriftConfig.DEFAULT.detector();
        }
        if (isOff(value)) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<String> real = new ArrayList<>();
        for (DriftConfig.Detector d : DriftConfig.Detector.values()) {
            names.add(d.yamlName());
            if (d.readsRealValues()) {
                real.add(d.yamlName());
            }
        }
        names.add("off");
        real.add("off");
        DriftConfig.Detector detector =
                value.isTextual() ? DriftConfig.Detector.ofYamlName(value.asText().trim()) : null;
        if (detector == null) {
            throw new ConfigException(
                    node.childPath("drift"),
                    ConfigNode.describe(value) + " is not known; expected one of " + names);
        }
        if (task == Task.REGRESSION && !detector.readsRealValues()) {
            throw new ConfigException(
                    node.childPath("drift"),
                    ConfigNode.describe(value)
                            + " reads 0/1 errors and cannot watch a regression label; expected"
                            + " one of "
                            + real);
        }
        return detector;
    }

    /** {@code experiment.retrain.rollout}, for retrains that start {@code challengers} at once. */
    private static RolloutPlan rollout(ConfigNode node, int challengers) {
        List<Double> steps = RolloutPlan.DEFAULT_CANARY_STEPS;
        JsonNode canary = node.value("canary");
        String canaryPath = node.childPath("canary");
        if (canary != null) {
            if (!canary.isArray()) {
                throw new ConfigException(
                        canaryPath,
                        ConfigNode.describe(canary)
                                + " is not a list; expected fractions of traffic, e.g. [0.05, 0.25,"
                                + " 0.5]");
            }
            if (canary.isEmpty()) {
                throw new ConfigException(canaryPath, "[] is empty; expected at least one step");
            }
            steps = new ArrayList<>();
            for (int i = 0; i < canary.size(); i++) {
                JsonNode step = canary.get(i);
                String stepPath = canaryPath + "[" + i + "]";
                if (!step.isNumber()) {
                    throw new ConfigException(
                            stepPath,
                            ConfigNode.describe(step)
                                    + " is not a number; expected a fraction of traffic in (0, 1)");
                }
                double fraction = step.asDouble();
                if (!(fraction > 0 && fraction < 1)) {
                    throw new ConfigException(stepPath, fraction + " must be in (0, 1)");
                }
                if (i > 0 && !(fraction > steps.get(i - 1))) {
                    throw new ConfigException(
                            stepPath,
                            fraction
                                    + " must be > "
                                    + steps.get(i - 1)
                                    + ", the step before it: the steps increase");
                }
                steps.add(fraction);
            }
        }
        double largest = steps.get(steps.size() - 1);
        int concurrent = Math.max(1, challengers);
        if (concurrent * largest >= 1) {
            throw new ConfigException(
                    canaryPath,
                    concurrent
                            + " challengers at up to "
                            + largest
                            + " of traffic each leave the champion nothing; expected the"
                            + " challengers times the largest step to be < 1");
        }
        long minPairs = node.integer("min-pairs", RolloutPlan.DEFAULT_MIN_PAIRS_PER_STEP);
        node.check("min-pairs", minPairs, minPairs >= 1, v -> "must be >= 1");
        java.time.Duration stallTimeout =
                node.duration("stall-timeout", RolloutPlan.DEFAULT_STALL_TIMEOUT);
        if (stallTimeout.isZero()) {
            throw new ConfigException(
                    node.childPath("stall-timeout"),
                    ConfigNode.describe(node.value("stall-timeout")) + " must be longer than 0");
        }
        double maxLossRatio = node.number("max-loss-ratio", RolloutPlan.DEFAULT_MAX_LOSS_RATIO);
        node.check(
                "max-loss-ratio",
                maxLossRatio,
                maxLossRatio >= 1 && Double.isFinite(maxLossRatio),
                v -> "must be finite and >= 1");
        node.rejectUnknownKeys();
        try {
            return new RolloutPlan(steps, minPairs, stallTimeout, maxLossRatio);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(node.path(), e.getMessage());
        }
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
