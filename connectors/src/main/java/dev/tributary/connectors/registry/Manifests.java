package dev.tributary.connectors.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.connectors.kafka.JsonRecordEncoder;
import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.InputStatistics;
import dev.tributary.core.model.ModelInputs;
import dev.tributary.core.model.ModelVersion;
import dev.tributary.core.model.Provenance;
import dev.tributary.core.model.Sha256;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.core.model.TrainingRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON forms of {@code manifest.json}, {@code champion.json}, {@code traffic.json} and the
 * lines of {@code decisions.jsonl}. Keys are written in a fixed order (metrics sorted by name) with
 * {@code \n} line ends, so that equal inputs give equal bytes on every platform; non-finite metrics
 * are written as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}. A decision
 * is one compact line in the format of the {@code decisions} topic ({@link JsonRecordEncoder}:
 * non-finite numbers as {@code null}).
 */
final class Manifests {

    /** The manifest format this release writes and reads. */
    static final int FORMAT_VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper CANONICAL =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final ObjectWriter WRITER =
            MAPPER.writer(
                    new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

    private Manifests() {}

    /** A manifest as read back; {@code inputs} is null when the manifest has none. */
    record Manifest(ModelVersion version, String onnxFile, long sizeBytes, ModelInputs inputs) {}

    static byte[] manifestJson(ModelVersion v, String onnxFile, long sizeBytes) {
        return manifestJson(v, onnxFile, sizeBytes, null);
    }

    static byte[] manifestJson(
            ModelVersion v, String onnxFile, long sizeBytes, ModelInputs inputs) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("experiment", v.experiment());
        root.put("model", v.modelId());
        root.put("version", v.version());
        root.put("parent_version", v.parentVersion());
        root.put("sha256", v.sha256());
        root.put("onnx_file", onnxFile);
        root.put("size_bytes", sizeBytes);
        ObjectNode metrics = root.putObject("metrics");
        new TreeMap<>(v.metrics()).forEach(metrics::put);
        Provenance p = v.provenance();
        ObjectNode provenance = root.putObject("provenance");
        ObjectNode range = provenance.putObject("training_range");
        range.put("first_event_time", p.trainingRange().firstEventTime());
        range.put("last_event_time", p.trainingRange().lastEventTime());
        range.put("examples", p.trainingRange().examples());
        provenance.put("config_hash", p.configHash());
        provenance.put("code_version", p.codeVersion());
        provenance.put("seed", p.seed());
        provenance.put("family", p.family());
        provenance.put("optimizer", p.optimizer());
        provenance.put("backend", p.backend());
        provenance.put("device", p.device());
        if (inputs != null) {
            writeInputs(root.putObject("inputs"), inputs);
        }
        return toBytes(root);
    }

    /**
     * The inputs section: the feature spec as a JSON object (its canonical text is what the SHA-256
     * is of), and per dense input the statistics in force, in vector order.
     */
    private static void writeInputs(ObjectNode node, ModelInputs inputs) {
        if (!inputs.featureSpec().isEmpty()) {
            try {
                node.set("feature_spec", MAPPER.readTree(inputs.featureSpec()));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("the feature spec is not JSON", e);
            }
            node.put("feature_spec_sha256", inputs.featureSpecSha256());
        }
        if (!inputs.vocabularyAdmitted().isEmpty()) {
            ObjectNode vocabularies = node.putObject("vocabulary_sizes");
            inputs.vocabularyAdmitted().forEach(vocabularies::put);
        }
        InputStatistics stats = inputs.statistics();
        ArrayNode dense = node.putArray("dense_inputs");
        for (int j = 0; j < stats.dimension(); j++) {
            ObjectNode input = dense.addObject();
            input.put("name", stats.names().get(j));
            putNumber(input, "impute", stats.impute()[j]);
            putNumber(input, "clip_lower", stats.lower()[j]);
            putNumber(input, "clip_upper", stats.upper()[j]);
            putNumber(input, "mean", stats.mean()[j]);
            putNumber(input, "inv_std", stats.invStd()[j]);
        }
    }

    private static void putNumber(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.put(field, Double.toString(value));
        }
    }

    private static ModelInputs readInputs(JsonNode root, String where) {
        JsonNode node = root.get("inputs");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw missing("inputs", "an object", where);
        }
        String spec = "";
        JsonNode specNode = node.get("feature_spec");
        if (specNode != null && !specNode.isNull()) {
            spec = canonical(specNode);
            String sha = text(node, "feature_spec_sha256", where);
            if (!sha.equals(Sha256.hex(spec.getBytes(StandardCharsets.UTF_8)))) {
                throw new RegistryIntegrityException(
                        where + ": the feature spec does not match its feature_spec_sha256");
            }
        }
        JsonNode dense = node.get("dense_inputs");
        if (dense == null || !dense.isArray()) {
            throw missing("inputs.dense_inputs", "an array", where);
        }
        int d = dense.size();
        List<String> names = new ArrayList<>();
        double[][] columns = new double[5][d];
        String[] fields = {"impute", "clip_lower", "clip_upper", "mean", "inv_std"};
        for (int j = 0; j < d; j++) {
            JsonNode input = dense.get(j);
            names.add(text(input, "name", where));
            for (int c = 0; c < fields.length; c++) {
                JsonNode value = input.get(fields[c]);
                if (value == null) {
                    throw missing("inputs.dense_inputs[" + j + "]." + fields[c], "a number", where);
                }
                columns[c][j] = doubleValue(value, fields[c], where);
            }
        }
        Map<String, Long> vocabularySizes = new TreeMap<>();
        JsonNode sizes = node.get("vocabulary_sizes");
        if (sizes != null && sizes.isObject()) {
            for (Map.Entry<String, JsonNode> e : sizes.properties()) {
                vocabularySizes.put(e.getKey(), longValue(sizes, e.getKey(), where));
            }
        }
        return new ModelInputs(
                spec,
                new InputStatistics(
                        names, columns[0], columns[1], columns[2], columns[3], columns[4]),
                vocabularySizes);
    }

    /** The canonical text of a JSON value: object keys sorted, no whitespace. */
    private static String canonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsString(MAPPER.treeToValue(node, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    static Manifest readManifest(byte[] json, String where) {
        JsonNode root = parse(json, where);
        checkFormat(root, where);
        JsonNode provenanceNode = object(root, "provenance", where);
        JsonNode rangeNode = object(provenanceNode, "training_range", where);
        TrainingRange range =
                new TrainingRange(
                        longValue(rangeNode, "first_event_time", where),
                        longValue(rangeNode, "last_event_time", where),
                        longValue(rangeNode, "examples", where));
        Provenance provenance =
                new Provenance(
                        range,
                        text(provenanceNode, "config_hash", where),
                        text(provenanceNode, "code_version", where),
                        longValue(provenanceNode, "seed", where),
                        optionalText(provenanceNode, "family", where),
                        optionalText(provenanceNode, "optimizer", where),
                        // Manifests written before backends existed were trained in Java.
                        textOr(provenanceNode, "backend", Provenance.JAVA_BACKEND, where),
                        textOr(provenanceNode, "device", Provenance.CPU_DEVICE, where));
        Map<String, Double> metrics = new HashMap<>();
        JsonNode metricsNode = object(root, "metrics", where);
        for (Map.Entry<String, JsonNode> metric : metricsNode.properties()) {
            metrics.put(
                    metric.getKey(),
                    doubleValue(metric.getValue(), "metrics." + metric.getKey(), where));
        }
        try {
            ModelVersion version =
                    new ModelVersion(
                            text(root, "experiment", where),
                            text(root, "model", where),
                            longValue(root, "version", where),
                            longValue(root, "parent_version", where),
                            provenance,
                            metrics,
                            text(root, "sha256", where));
            return new Manifest(
                    version,
                    text(root, "onnx_file", where),
                    longValue(root, "size_bytes", where),
                    readInputs(root, where));
        } catch (IllegalArgumentException e) {
            throw new RegistryIntegrityException(where + " is invalid: " + e.getMessage(), e);
        }
    }

    static byte[] championJson(ChampionPointer champion) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("experiment", champion.experiment());
        root.put("model", champion.modelId());
        root.put("version", champion.version());
        return toBytes(root);
    }

    static ChampionPointer readChampion(byte[] json, String where) {
        JsonNode root = parse(json, where);
        checkFormat(root, where);
        try {
            return new ChampionPointer(
                    text(root, "experiment", where),
                    text(root, "model", where),
                    longValue(root, "version", where));
        } catch (IllegalArgumentException e) {
            throw new RegistryIntegrityException(where + " is invalid: " + e.getMessage(), e);
        }
    }

    static byte[] trafficJson(String experiment, TrafficSplit split, Decision decidedBy) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format_version", FORMAT_VERSION);
        root.put("experiment", experiment);
        root.put("champion", split.champion());
        root.put("champion_fraction", split.share(split.champion()));
        ArrayNode canaries = root.putArray("canaries");
        for (int i = 0; i < split.canaries().length; i++) {
            ObjectNode canary = canaries.addObject();
            canary.put("model", split.canaries()[i]);
            canary.put("fraction", split.fractions()[i]);
        }
        ObjectNode decision = root.putObject("decided_by");
        decision.put("kind", decidedBy.kind().name());
        decision.put("model", decidedBy.modelId());
        decision.put("event_time", decidedBy.eventTime());
        decision.put("examples", decidedBy.examples());
        return toBytes(root);
    }

    static TrafficSplit readTraffic(byte[] json, String where) {
        JsonNode root = parse(json, where);
        checkFormat(root, where);
        JsonNode canaries = root.get("canaries");
        if (canaries == null || !canaries.isArray()) {
            throw missing("canaries", "an array", where);
        }
        String[] models = new String[canaries.size()];
        double[] fractions = new double[canaries.size()];
        for (int i = 0; i < models.length; i++) {
            JsonNode canary = canaries.get(i);
            models[i] = text(canary, "model", where);
            JsonNode fraction = canary.get("fraction");
            if (fraction == null) {
                throw missing("canaries[" + i + "].fraction", "a number", where);
            }
            fractions[i] = doubleValue(fraction, "canaries[" + i + "].fraction", where);
        }
        try {
            return new TrafficSplit(text(root, "champion", where), models, fractions);
        } catch (IllegalArgumentException e) {
            throw new RegistryIntegrityException(where + " is invalid: " + e.getMessage(), e);
        }
    }

    private static final JsonRecordEncoder<Decision> DECISIONS =
            new JsonRecordEncoder<>(Decision.class);

    /** A decision as one line of the decision log, {@code \n} included. */
    static byte[] decisionLine(Decision decision) {
        return (DECISIONS.encodeToString(decision) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** A decision from one line of the decision log; {@code null} numbers are NaN. */
    static Decision readDecision(String line, String where) {
        JsonNode root = parse(line.getBytes(StandardCharsets.UTF_8), where);
        DecisionKind kind = enumValue(DecisionKind.class, root, "kind", where);
        String action = optionalText(root, "action", where);
        Map<String, Double> evidence = new LinkedHashMap<>();
        JsonNode evidenceNode = root.get("evidence");
        if (evidenceNode != null && !evidenceNode.isNull()) {
            if (!evidenceNode.isObject()) {
                throw missing("evidence", "an object", where);
            }
            for (Map.Entry<String, JsonNode> e : evidenceNode.properties()) {
                evidence.put(
                        e.getKey(), nullableDouble(e.getValue(), "evidence." + e.getKey(), where));
            }
        }
        JsonNode traffic = root.get("traffic");
        try {
            return new Decision(
                    text(root, "experiment", where),
                    kind,
                    text(root, "modelId", where),
                    longValue(root, "version", where),
                    longValue(root, "eventTime", where),
                    longValue(root, "examples", where),
                    optionalText(root, "reason", where),
                    optionalText(root, "source", where),
                    action == null
                            ? null
                            : enumValue(RetrainPolicy.Action.class, root, "action", where),
                    traffic == null ? Double.NaN : nullableDouble(traffic, "traffic", where),
                    evidence);
        } catch (IllegalArgumentException e) {
            throw new RegistryIntegrityException(where + " is invalid: " + e.getMessage(), e);
        }
    }

    private static <E extends Enum<E>> E enumValue(
            Class<E> type, JsonNode parent, String field, String where) {
        String name = text(parent, field, where);
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new RegistryIntegrityException(
                    where + ": field '" + field + "' is '" + name + "', not a known value", e);
        }
    }

    private static double nullableDouble(JsonNode node, String field, String where) {
        return node.isNull() ? Double.NaN : doubleValue(node, field, where);
    }

    private static byte[] toBytes(ObjectNode root) {
        try {
            return (WRITER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static JsonNode parse(byte[] json, String where) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new RegistryIntegrityException(where + " is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new RegistryIntegrityException(
                    where + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static void checkFormat(JsonNode root, String where) {
        long format = longValue(root, "format_version", where);
        if (format != FORMAT_VERSION) {
            throw new RegistryIntegrityException(
                    where
                            + " has format_version "
                            + format
                            + "; this release reads format_version "
                            + FORMAT_VERSION);
        }
    }

    private static JsonNode object(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw missing(field, "an object", where);
        }
        return node;
    }

    private static String text(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw missing(field, "a string", where);
        }
        return node.textValue();
    }

    private static String textOr(JsonNode parent, String field, String absent, String where) {
        String value = optionalText(parent, field, where);
        return value == null ? absent : value;
    }

    private static String optionalText(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw missing(field, "a string or null", where);
        }
        return node.textValue();
    }

    private static long longValue(JsonNode parent, String field, String where) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw missing(field, "an integer", where);
        }
        return node.longValue();
    }

    private static double doubleValue(JsonNode node, String field, String where) {
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            switch (node.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw missing(field, "a number", where);
    }

    private static RegistryIntegrityException missing(String field, String what, String where) {
        return new RegistryIntegrityException(
                where + ": field '" + field + "' is missing or not " + what);
    }
}
