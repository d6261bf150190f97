package dev.tributary.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML mapping being read, together with its key path, so that every error can say exactly where
 * it is. Reading a key marks it as known; {@link #rejectUnknownKeys()} then catches typos such as
 * {@code lerning-rate} instead of silently using a default.
 */
final class ConfigNode {

    private static final Pattern DURATION =
            Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)", Pattern.CASE_INSENSITIVE);

    private final String path;
    private final JsonNode node;
    private final Set<String> readKeys = new LinkedHashSet<>();

    ConfigNode(String path, JsonNode node) {
        this.path = path;
        this.node = node;
    }

    static ConfigNode root(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new ConfigException("", "the job file is empty; expected a YAML mapping");
        }
        if (!node.isObject()) {
            throw new ConfigException("", "expected a YAML mapping at the top of the job file");
        }
        return new ConfigNode("", node);
    }

    String path() {
        return path;
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** The raw value of {@code key} (marked as read), or {@code null} when absent or null. */
    JsonNode value(String key) {
        return raw(key);
    }

    /** This whole mapping as JSON. */
    JsonNode json() {
        return node;
    }

    private JsonNode raw(String key) {
        readKeys.add(key);
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value;
    }

    ConfigNode section(String key) {
        JsonNode value = raw(key);
        if (value == null) {
            throw new ConfigException(childPath(key), "is missing; expected a mapping");
        }
        if (!value.isObject()) {
            throw new ConfigException(
                    childPath(key), describe(value) + " is not a mapping; expected a mapping");
        }
        return new ConfigNode(childPath(key), value);
    }

    /** An optional section; absent reads as an empty mapping so that defaults apply. */
    ConfigNode optionalSection(String key) {
        if (!has(key)) {
            readKeys.add(key);
            return new ConfigNode(
                    childPath(key),
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        return section(key);
    }

    List<ConfigNode> sectionList(String key) {
        JsonNode value = raw(key);
        if (value == null) {
            throw new ConfigException(childPath(key), "is missing; expected a list of mappings");
        }
        if (!value.isArray()) {
            throw new ConfigException(
                    childPath(key),
                    describe(value) + " is not a list; expected a list of mappings");
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            String itemPath = childPath(key) + "[" + i + "]";
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                throw new ConfigException(itemPath, describe(item) + " is not a mapping");
            }
            items.add(new ConfigNode(itemPath, item));
        }
        return items;
    }

    List<List<String>> stringListList(String key) {
        JsonNode value = raw(key);
        List<List<String>> lists = new ArrayList<>();
        if (value == null) {
            return lists;
        }
        if (!value.isArray()) {
            throw new ConfigException(
                    childPath(key), describe(value) + " is not a list; expected a list of lists");
        }
        for (int i = 0; i < value.size(); i++) {
            String itemPath = childPath(key) + "[" + i + "]";
            JsonNode item = value.get(i);
            if (!item.isArray()) {
                throw new ConfigException(
                        itemPath,
                        describe(item) + " is not a list; expected a list of field names");
            }
            List<String> names = new ArrayList<>();
            for (JsonNode name : item) {
                if (!name.isTextual()) {
                    throw new ConfigException(itemPath, describe(name) + " is not a field name");
                }
                names.add(name.asText());
            }
            lists.add(names);
        }
        return lists;
    }

    /** A mapping of string keys to scalar values, read as text; absent reads as empty. */
    java.util.Map<String, String> stringMap(String key) {
        JsonNode value = raw(key);
        java.util.Map<String, String> map = new java.util.TreeMap<>();
        if (value == null) {
            return map;
        }
        if (!value.isObject()) {
            throw new ConfigException(childPath(key), describe(value) + " is not a mapping");
        }
        for (Iterator<java.util.Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            java.util.Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new ConfigException(
                        childPath(key) + "." + e.getKey(),
                        describe(e.getValue()) + " is not a scalar; expected a string or number");
            }
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }

    String string(String key) {
        JsonNode value = raw(key);
        if (value == null) {
            throw new ConfigException(childPath(key), "is missing; expected a string");
        }
        return text(key, value);
    }

    String string(String key, String defaultValue) {
        JsonNode value = raw(key);
        return value == null ? defaultValue : text(key, value);
    }

    private String text(String key, JsonNode value) {
        if (!value.isValueNode()) {
            throw new ConfigException(childPath(key), describe(value) + " is not a string");
        }
        String text = value.asText().trim();
        if (text.isEmpty()) {
            throw new ConfigException(childPath(key), "is empty; expected a non-empty string");
        }
        return text;
    }

    double number(String key, double defaultValue) {
        JsonNode value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isNumber()) {
            throw new ConfigException(
                    childPath(key), describe(value) + " is not a number; expected a number");
        }
        return value.asDouble();
    }

    long integer(String key, long defaultValue) {
        JsonNode value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber()) {
            throw new ConfigException(
                    childPath(key), describe(value) + " is not an integer; expected an integer");
        }
        return value.asLong();
    }

    boolean bool(String key, boolean defaultValue) {
        JsonNode value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw new ConfigException(
                    childPath(key), describe(value) + " is not a boolean; expected true or false");
        }
        return value.asBoolean();
    }

    Duration duration(String key, Duration defaultValue) {
        JsonNode value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        Matcher m = DURATION.matcher(value.asText().trim());
        if (!value.isTextual() || !m.matches()) {
            throw new ConfigException(
                    childPath(key),
                    describe(value)
                            + " is not a duration; expected e.g. \"500ms\", \"30s\", \"5m\", \"1h\"");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m", "min" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E defaultValue) {
        JsonNode value = raw(key);
        if (value == null) {
            if (defaultValue == null) {
                throw new ConfigException(
                        childPath(key), "is missing; expected one of " + names(type));
            }
            return defaultValue;
        }
        String text = value.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(text)) {
                return constant;
            }
        }
        throw new ConfigException(
                childPath(key), describe(value) + " is not known; expected one of " + names(type));
    }

    /** Fails on any key of this mapping that was never read: almost always a typo. */
    void rejectUnknownKeys() {
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!readKeys.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            throw new ConfigException(
                    childPath(first), "is not a known key; expected one of " + readKeys);
        }
    }

    <T> T check(String key, T value, boolean ok, Function<T, String> expectation) {
        if (!ok) {
            throw new ConfigException(childPath(key), value + " " + expectation.apply(value));
        }
        return value;
    }

    private static <E extends Enum<E>> String names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toList()
                .toString();
    }

    static String describe(JsonNode value) {
        return value.isTextual() ? "\"" + value.asText() + "\"" : value.toString();
    }
}
