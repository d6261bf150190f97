package dev.tributary.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code features} section of a job file, or the feature spec a published model carries.
 * Every mistake fails at start-up naming its key path, e.g. {@code features.fields[2].clip}: a
 * transform the field's type does not take, an unknown key, a range that is empty, a cross of a
 * field that yields no single token.
 */
public final class FeatureSpecParser {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private FeatureSpecParser() {}

    /** Parses the canonical JSON a published model carries (see {@link FeatureSpec}). */
    public static FeatureSpec parseJson(String json) {
        try {
            return parse(new ConfigNode("features", JSON.readTree(json)));
        } catch (JsonProcessingException e) {
            throw new ConfigException("features", "not valid JSON: " + e.getOriginalMessage());
        }
    }

    static FeatureSpec parse(ConfigNode node) {
        long hashBits = node.integer("hash-bits", 20);
        node.check("hash-bits", hashBits, hashBits >= 1 && hashBits <= 30, v -> "must be in 1..30");
        LabelSpec labelSpec = label(node);
        String label = labelSpec.field();
        String entity = node.string("entity", null);
        List<FieldSpec> fields = new ArrayList<>();
        Map<String, FieldSpec> byName = new HashMap<>();
        for (ConfigNode f : node.sectionList("fields")) {
            FieldSpec spec = field(f);
            if (spec.name().equals(label)) {
                throw new ConfigException(
                        f.childPath("name"),
                        "\""
                                + spec.name()
                                + "\" is the label; a model must not take its label as a feature");
            }
            if (byName.containsKey(spec.name())) {
                throw new ConfigException(
                        f.childPath("name"), "\"" + spec.name() + "\" is declared twice");
            }
            fields.add(spec);
            byName.put(spec.name(), spec);
        }
        if (fields.isEmpty()) {
            throw new ConfigException(
                    node.childPath("fields"), "is empty; expected at least one field");
        }
        List<List<String>> crosses = node.stringListList("crosses");
        for (int i = 0; i < crosses.size(); i++) {
            String crossPath = node.childPath("crosses") + "[" + i + "]";
            List<String> cross = crosses.get(i);
            if (cross.size() < 2) {
                throw new ConfigException(crossPath, cross + " must name at least two fields");
            }
            for (String name : cross) {
                FieldSpec field = byName.get(name);
                if (field == null) {
                    throw new ConfigException(
                            crossPath, "\"" + name + "\" is not a field of features.fields");
                }
                if (!field.isCrossable()) {
                    throw new ConfigException(
                            crossPath,
                            "\""
                                    + name
                                    + "\" is a "
                                    + lower(field.type())
                                    + (field.type() == FieldType.NUMBER ? " without buckets" : "")
                                    + "; a cross combines fields of one token each: category,"
                                    + " boolean, integer, or number with buckets");
                }
            }
        }
        EntityFeatures entityFeatures = null;
        if (node.has("entity-features")) {
            entityFeatures = entityFeatures(node.section("entity-features"), entity, byName);
        }
        node.rejectUnknownKeys();
        return new FeatureSpec(
                fields,
                crosses,
                (int) hashBits,
                labelSpec,
                entity,
                canonicalJson(node.json()),
                entityFeatures);
    }

    /**
     * {@code label: field} (binary), or {@code label: { field, task: binary | multiclass |
     * regression, classes, buckets }}.
     */
    private static LabelSpec label(ConfigNode node) {
        if (!node.has("label") || node.value("label").isValueNode()) {
            return LabelSpec.binary(node.string("label"));
        }
        ConfigNode l = node.section("label");
        String field = l.string("field");
        Task task = l.choice("task", Task.class, Task.BINARY);
        List<Double> buckets = new ArrayList<>();
        // value(), not has(): a key counts as read, so that a typo lists every key of the label.
        JsonNode list = l.value("buckets");
        if (list != null) {
            if (task != Task.MULTICLASS) {
                throw new ConfigException(
                        l.childPath("buckets"), "applies to a multiclass label only");
            }
            if (!list.isArray() || list.isEmpty()) {
                throw new ConfigException(
                        l.childPath("buckets"),
                        ConfigNode.describe(list) + " is not a list of ascending numbers");
            }
            for (JsonNode bound : list) {
                if (!bound.isNumber()
                        || !Double.isFinite(bound.asDouble())
                        || (!buckets.isEmpty()
                                && bound.asDouble() <= buckets.get(buckets.size() - 1))) {
                    throw new ConfigException(
                            l.childPath("buckets"),
                            ConfigNode.describe(list) + " is not a list of ascending numbers");
                }
                buckets.add(bound.asDouble());
            }
        }
        int classes;
        if (task == Task.MULTICLASS && buckets.isEmpty()) {
            if (l.value("classes") == null) {
                throw new ConfigException(
                        l.childPath("classes"),
                        "is missing; a multiclass label needs classes (labels are class indices"
                                + " 0..classes-1) or buckets");
            }
            long n = l.integer("classes", 0);
            l.check("classes", n, n >= 2 && n <= 100_000, v -> "must be in 2..100000");
            classes = (int) n;
        } else {
            if (l.value("classes") != null) {
                throw new ConfigException(
                        l.childPath("classes"),
                        task == Task.MULTICLASS
                                ? "follows from the buckets (" + (buckets.size() + 1) + " classes)"
                                : "applies to a multiclass label only");
            }
            classes = task == Task.MULTICLASS ? buckets.size() + 1 : task == Task.BINARY ? 2 : 1;
        }
        l.rejectUnknownKeys();
        return new LabelSpec(field, task, classes, buckets);
    }

    private static EntityFeatures entityFeatures(
            ConfigNode node, String entity, Map<String, FieldSpec> byName) {
        if (entity == null) {
            throw new ConfigException(
                    node.path(),
                    "needs features.entity, the field naming the entity they are kept for");
        }
        java.time.Duration window = node.duration("window", null);
        if (window == null) {
            throw new ConfigException(node.childPath("window"), "is missing; expected e.g. 1h");
        }
        node.check(
                "window",
                window,
                window.toMillis() >= EntityFeatures.WINDOW_STEPS,
                v -> "is too short; expected at least 12ms");
        java.time.Duration ttl = node.duration("ttl", window);
        node.check(
                "ttl",
                ttl,
                ttl.compareTo(window) >= 0,
                v -> "is shorter than the window " + window + "; expected ttl >= window");
        boolean count = node.bool("count", true);
        boolean sinceLast = node.bool("since-last", true);
        List<String> means = new ArrayList<>();
        JsonNode meansValue = node.value("mean");
        if (meansValue != null) {
            if (!meansValue.isArray()) {
                throw new ConfigException(
                        node.childPath("mean"),
                        ConfigNode.describe(meansValue) + " is not a list of numeric field names");
            }
            for (JsonNode name : meansValue) {
                FieldSpec field = byName.get(name.asText());
                if (field == null || !field.type().isNumeric() || field.number().isBucketized()) {
                    throw new ConfigException(
                            node.childPath("mean"),
                            ConfigNode.describe(name)
                                    + " is not a number or integer field without buckets of"
                                    + " features.fields");
                }
                means.add(name.asText());
            }
        }
        if (!count && !sinceLast && means.isEmpty()) {
            throw new ConfigException(
                    node.path(), "adds no feature; expected count, since-last or mean");
        }
        node.rejectUnknownKeys();
        return new EntityFeatures(window, ttl, count, sinceLast, means);
    }

    private static FieldSpec field(ConfigNode f) {
        String name = f.string("name");
        if (name.contains(":")) {
            throw new ConfigException(
                    f.childPath("name"),
                    "\"" + name + "\" contains ':', which derived feature names use");
        }
        FieldType type = f.choice("type", FieldType.class, null);
        boolean required = f.bool("required", true);
        ValueRule rule = rule(f, type);
        NumberTransforms number =
                type.isNumeric() ? numberTransforms(f, type) : NumberTransforms.NONE;
        TextEncoding text = type == FieldType.TEXT ? text(f) : null;
        TimestampEncoding timestamp = type == FieldType.TIMESTAMP ? timestamp(f) : null;
        Vocabulary vocabulary = null;
        if (type == FieldType.CATEGORY && f.has("vocabulary")) {
            ConfigNode v = f.section("vocabulary");
            long minCount = v.integer("min-count", 1);
            v.check("min-count", minCount, minCount >= 1, x -> "must be >= 1");
            long bits = v.integer("bits", Vocabulary.DEFAULT_BITS);
            v.check("bits", bits, bits >= 1 && bits <= 24, x -> "must be in 1..24");
            v.rejectUnknownKeys();
            vocabulary = new Vocabulary(name, minCount, (int) bits);
        }
        rejectUnknownKeys(f, type);
        return new FieldSpec(name, type, required, rule, number, text, timestamp, vocabulary);
    }

    /** An unknown key names the keys this type takes: most often a transform of another type. */
    private static void rejectUnknownKeys(ConfigNode f, FieldType type) {
        for (var it = f.json().fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keysOf(type).contains(key)) {
                boolean elsewhere =
                        EnumSet.allOf(FieldType.class).stream()
                                .anyMatch(t -> keysOf(t).contains(key));
                throw new ConfigException(
                        f.childPath(key),
                        elsewhere
                                ? "does not apply to a "
                                        + lower(type)
                                        + " field; a "
                                        + lower(type)
                                        + " field takes "
                                        + keysOf(type)
                                : "is not a known key; a "
                                        + lower(type)
                                        + " field takes "
                                        + keysOf(type));
            }
        }
    }

    private static List<String> keysOf(FieldType type) {
        List<String> common = List.of("name", "type", "required");
        List<String> own =
                switch (type) {
                    case NUMBER, INTEGER ->
                            List.of(
                                    "range",
                                    "log1p",
                                    "clip",
                                    "impute",
                                    "missing-indicator",
                                    "buckets",
                                    "standardize");
                    case CATEGORY -> List.of("allowed", "vocabulary");
                    case TEXT -> List.of("ngrams", "max-tokens", "lowercase");
                    case TIMESTAMP -> List.of("format", "zone", "parts");
                    case BOOLEAN -> List.of();
                };
        List<String> keys = new ArrayList<>(common);
        keys.addAll(own);
        return keys;
    }

    private static ValueRule rule(ConfigNode f, FieldType type) {
        double min = Double.NEGATIVE_INFINITY;
        double max = Double.POSITIVE_INFINITY;
        if (type.isNumeric() && f.has("range")) {
            double[] range = pair(f, "range", "[min, max]");
            if (!(range[0] <= range[1])) {
                throw new ConfigException(
                        f.childPath("range"),
                        "[" + range[0] + ", " + range[1] + "] is empty; expected min <= max");
            }
            min = range[0];
            max = range[1];
        }
        List<String> allowed = List.of();
        if (type == FieldType.CATEGORY && f.has("allowed")) {
            JsonNode list = f.value("allowed");
            if (!list.isArray() || list.isEmpty()) {
                throw new ConfigException(
                        f.childPath("allowed"),
                        ConfigNode.describe(list) + " is not a non-empty list of values");
            }
            List<String> values = new ArrayList<>();
            for (JsonNode v : list) {
                if (!v.isValueNode() || v.isNull()) {
                    throw new ConfigException(
                            f.childPath("allowed"), ConfigNode.describe(v) + " is not a value");
                }
                values.add(v.asText());
            }
            allowed = values;
        }
        return new ValueRule(min, max, allowed);
    }

    private static NumberTransforms numberTransforms(ConfigNode f, FieldType type) {
        boolean log1p = f.bool("log1p", false);
        Clipping clip = Clipping.NONE;
        if (f.has("clip")) {
            JsonNode value = f.value("clip");
            if (value.isObject()) {
                ConfigNode c = new ConfigNode(f.childPath("clip"), value);
                double[] q = pair(c, "quantiles", "[lower, upper] quantile levels");
                c.rejectUnknownKeys();
                if (!(0 < q[0] && q[0] < q[1] && q[1] < 1)) {
                    throw new ConfigException(
                            c.childPath("quantiles"),
                            "["
                                    + q[0]
                                    + ", "
                                    + q[1]
                                    + "] are not quantile levels with 0 < lower < upper < 1");
                }
                clip = new Clipping(Clipping.Kind.QUANTILES, q[0], q[1]);
            } else {
                double[] bounds = pair(f, "clip", "[lower, upper] or {quantiles: [lower, upper]}");
                if (!(bounds[0] < bounds[1])) {
                    throw new ConfigException(
                            f.childPath("clip"),
                            "["
                                    + bounds[0]
                                    + ", "
                                    + bounds[1]
                                    + "] is empty; expected lower < upper");
                }
                clip = new Clipping(Clipping.Kind.FIXED, bounds[0], bounds[1]);
            }
        }
        Imputation impute = Imputation.ZERO;
        JsonNode imputeValue = f.value("impute");
        if (imputeValue != null) {
            if (imputeValue.isNumber() && Double.isFinite(imputeValue.asDouble())) {
                impute = new Imputation(Imputation.Kind.CONSTANT, imputeValue.asDouble());
            } else if (imputeValue.isTextual()
                    && Set.of("mean", "median").contains(imputeValue.asText())) {
                impute =
                        new Imputation(
                                Imputation.Kind.valueOf(
                                        imputeValue.asText().toUpperCase(Locale.ROOT)),
                                0.0);
            } else {
                throw new ConfigException(
                        f.childPath("impute"),
                        ConfigNode.describe(imputeValue)
                                + " is not known; expected mean, median or a number");
            }
        }
        boolean indicator = f.bool("missing-indicator", false);
        List<Double> buckets = new ArrayList<>();
        JsonNode bucketsValue = f.value("buckets");
        if (bucketsValue != null) {
            if (!bucketsValue.isArray() || bucketsValue.isEmpty()) {
                throw new ConfigException(
                        f.childPath("buckets"),
                        ConfigNode.describe(bucketsValue)
                                + " is not a non-empty list of ascending boundaries");
            }
            for (JsonNode b : bucketsValue) {
                if (!b.isNumber() || !Double.isFinite(b.asDouble())) {
                    throw new ConfigException(
                            f.childPath("buckets"),
                            ConfigNode.describe(b) + " is not a finite number");
                }
                if (!buckets.isEmpty() && !(buckets.get(buckets.size() - 1) < b.asDouble())) {
                    throw new ConfigException(
                            f.childPath("buckets"),
                            ConfigNode.describe(bucketsValue)
                                    + " does not ascend; expected strictly ascending boundaries");
                }
                buckets.add(b.asDouble());
            }
        }
        boolean standardize = f.bool("standardize", true);
        if (!buckets.isEmpty()) {
            if (impute.isLearned()) {
                throw new ConfigException(
                        f.childPath("impute"),
                        impute.kind().name().toLowerCase(Locale.ROOT)
                                + " is learned by the model on dense values, but buckets make"
                                + " this field a category; impute a constant instead");
            }
            if (clip.isLearned()) {
                throw new ConfigException(
                        f.childPath("clip"),
                        "quantiles are learned by the model on dense values, but buckets make"
                                + " this field a category; clip to fixed bounds instead");
            }
            if (f.has("standardize")) {
                throw new ConfigException(
                        f.childPath("standardize"),
                        "does not apply: buckets make this field a category");
            }
        }
        if (log1p && impute.kind() == Imputation.Kind.CONSTANT && !(impute.constant() > -1)) {
            throw new ConfigException(
                    f.childPath("impute"),
                    impute.constant() + " cannot be imputed: log1p needs values > -1");
        }
        return new NumberTransforms(log1p, clip, impute, indicator, buckets, standardize);
    }

    private static TextEncoding text(ConfigNode f) {
        TextEncoding d = TextEncoding.DEFAULT;
        long ngrams = f.integer("ngrams", d.ngrams());
        f.check("ngrams", ngrams, ngrams >= 1 && ngrams <= 5, v -> "must be in 1..5");
        long maxTokens = f.integer("max-tokens", d.maxTokens());
        f.check(
                "max-tokens",
                maxTokens,
                maxTokens >= 1 && maxTokens <= 100_000,
                v -> "must be in 1..100000");
        boolean lowercase = f.bool("lowercase", d.lowercase());
        return new TextEncoding((int) ngrams, (int) maxTokens, lowercase);
    }

    private static TimestampEncoding timestamp(ConfigNode f) {
        TimestampEncoding.Format format =
                f.choice("format", TimestampEncoding.Format.class, TimestampEncoding.Format.ISO);
        String zoneText = f.string("zone", "UTC");
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneText);
        } catch (DateTimeException e) {
            throw new ConfigException(
                    f.childPath("zone"),
                    "\"" + zoneText + "\" is not a time zone; expected e.g. UTC or Europe/Paris");
        }
        Set<TimestampEncoding.Part> parts = EnumSet.allOf(TimestampEncoding.Part.class);
        JsonNode partsValue = f.value("parts");
        if (partsValue != null) {
            if (!partsValue.isArray() || partsValue.isEmpty()) {
                throw new ConfigException(
                        f.childPath("parts"),
                        ConfigNode.describe(partsValue)
                                + " is not a non-empty list; expected some of"
                                + " [hour-of-day, day-of-week, cyclic, hour-cyclic, day-cyclic]");
            }
            parts = EnumSet.noneOf(TimestampEncoding.Part.class);
            for (JsonNode p : partsValue) {
                String text = p.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_');
                try {
                    parts.add(TimestampEncoding.Part.valueOf(text));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(
                            f.childPath("parts"),
                            ConfigNode.describe(p)
                                    + " is not known; expected some of"
                                    + " [hour-of-day, day-of-week, cyclic, hour-cyclic, day-cyclic]");
                }
            }
        }
        return new TimestampEncoding(format, zone, parts);
    }

    private static double[] pair(ConfigNode node, String key, String expected) {
        JsonNode value = node.value(key);
        if (value == null
                || !value.isArray()
                || value.size() != 2
                || !value.get(0).isNumber()
                || !value.get(1).isNumber()) {
            throw new ConfigException(
                    node.childPath(key),
                    (value == null ? "is missing" : ConfigNode.describe(value) + " is not known")
                            + "; expected "
                            + expected);
        }
        return new double[] {value.get(0).asDouble(), value.get(1).asDouble()};
    }

    private static String canonicalJson(JsonNode node) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed feature spec cannot be written as JSON", e);
        }
    }

    private static String lower(FieldType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
