package dev.tributary.jobs.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The monitoring files of the repository ({@code grafana/}: dashboards, alert rules, Prometheus and
 * Grafana provisioning) as the tests read them: every PromQL expression with where it comes from,
 * and the small part of PromQL the checks need (metric selectors, label matchers, grouping labels).
 * This is not a PromQL parser: it understands the expressions these files use, which is what the
 * tests check, and {@code promtool} and the live Prometheus check the syntax.
 */
final class MonitoringFiles {

    /** The repository's {@code grafana/} folder, from the module's folder where tests run. */
    static final Path GRAFANA = Path.of("..", "grafana");

    static final Path DASHBOARDS = GRAFANA.resolve("dashboards");
    static final Path ALERTS = GRAFANA.resolve("prometheus").resolve("alerts.yml");
    static final Path PROMETHEUS_CONFIG = GRAFANA.resolve("prometheus").resolve("prometheus.yml");

    /** The data source every panel and variable must name. */
    static final String DATASOURCE_UID = "prometheus";

    /** Grafana's own variables the dashboards may use. */
    static final Set<String> GRAFANA_VARIABLES = Set.of("__rate_interval", "__interval", "__range");

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** {@code $name}, {@code ${name}} or {@code ${name:format}}, as Grafana writes variables. */
    private static final Pattern VARIABLE =
            Pattern.compile("\\$\\{(\\w+)(?::\\w+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

    /** A metric selector: a Flink metric or Prometheus's {@code up}, with optional matchers. */
    private static final Pattern SELECTOR =
            Pattern.compile("\\b(flink_[A-Za-z0-9_]+|up)\\b\\s*(\\{([^}]*)})?");

    private static final Pattern MATCHER =
            Pattern.compile(
                    "([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A Grafana {@code label_values(selector, label)} variable query. */
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\(\\s*(.+)\\s*,\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*\\)");

    private static final Pattern GROUPING_AFTER_OPERATOR =
            Pattern.compile(
                    "\\b(sum|min|max|avg|count|group|stddev|stdvar|topk|bottomk|quantile"
                            + "|count_values)\\s+(by|without)\\s*\\(([^)]*)\\)\\s*\\(");

    private static final Pattern GROUPING_AFTER_ARGUMENT =
            Pattern.compile("\\)\\s*(by|without)\\s*\\(([^)]*)\\)");

    private static final Pattern MATCHING = Pattern.compile("\\b(on|ignoring)\\s*\\(([^)]*)\\)");

    private static final Pattern GROUP_SIDE =
            Pattern.compile("\\b(group_left|group_right)\\s*\\(([^)]*)\\)");

    private MonitoringFiles() {}

    /** A PromQL expression and where it is written, for messages. */
    record Query(String source, String expr) {}

    /** A metric selector of an expression: {@code name{label="value", ...}}. */
    record Selector(String name, Map<String, String> matchers, String text) {}

    /**
     * Labels an expression groups or matches by, and the part of the expression whose series must
     * carry them.
     */
    record Grouping(String clause, List<String> labels, String scope) {}

    /** The dashboard files, sorted by name; fails if there are none. */
    static List<Path> dashboards(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found =
                    files.filter(p -> p.getFileName().toString().endsWith(".json"))
                            .sorted()
                            .toList();
            if (found.isEmpty()) {
                throw new IllegalStateException("no dashboard (*.json) in " + dir.toAbsolutePath());
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readJson(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** Every panel of a dashboard, the panels of its rows included, in order. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            for (JsonNode nested : panel.path("panels")) {
                all.add(nested);
            }
        }
        return all;
    }

    /**
     * Every query of a dashboard: each target of each panel, and each template variable's {@code
     * label_values(selector, label)} as {@code count by (label) (selector)}, which returns data
     * exactly when the variable has values.
     */
    static List<Query> dashboardQueries(Path file) {
        JsonNode dashboard = readJson(file);
        String name = file.getFileName().toString();
        List<Query> queries = new ArrayList<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!variable.path("type").asText().equals("query")) {
                continue;
            }
            String text = variableQuery(variable);
            Matcher m = LABEL_VALUES.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException(
                        name
                                + ": variable "
                                + variable.path("name").asText()
                                + " has query \""
                                + text
                                + "\"; expected label_values(selector, label)");
            }
            queries.add(
                    new Query(
                            name + ", variable $" + variable.path("name").asText(),
                            "count by (" + m.group(2) + ") (" + m.group(1) + ")"));
        }
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(
                        new Query(
                                name + ", panel \"" + panel.path("title").asText() + "\"",
                                target.path("expr").asText()));
            }
        }
        return queries;
    }

    /** The PromQL of a query variable, in either of the forms Grafana saves. */
    static String variableQuery(JsonNode variable) {
        JsonNode query = variable.path("query");
        return query.isTextual() ? query.asText() : query.path("query").asText();
    }

    /** The names of a dashboard's template variables. */
    static Set<String> variableNames(JsonNode dashboard) {
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            names.add(variable.path("name").asText());
        }
        return names;
    }

    /** Every alert rule's expression, with the alert's name. */
    static List<Query> alertQueries(Path alerts) {
        List<Query> queries = new ArrayList<>();
        for (JsonNode group : readYaml(alerts).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name =
                        rule.has("alert")
                                ? "alert " + rule.path("alert").asText()
                                : "record " + rule.path("record").asText();
                queries.add(
                        new Query(alerts.getFileName() + ", " + name, rule.path("expr").asText()));
            }
        }
        return queries;
    }

    /** The names of the alert rules, group by group, in order. */
    static List<String> alertNames(Path alerts) {
        List<String> names = new ArrayList<>();
        for (JsonNode group : readYaml(alerts).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                names.add(rule.path("alert").asText(rule.path("record").asText()));
            }
        }
        return names;
    }

    /** The variables an expression uses, without {@code $}. */
    static Set<String> variablesUsed(String expr) {
        Set<String> used = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(expr);
        while (m.find()) {
            used.add(firstNonNull(m.group(1), m.group(2), m.group(3)));
        }
        return used;
    }

    /**
     * The expression with each variable replaced by its value.
     *
     * @throws IllegalArgumentException for a variable without a value, naming it
     */
    static String substitute(String expr, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(expr);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = firstNonNull(m.group(1), m.group(2), m.group(3));
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException(
                        "$"
                                + name
                                + " in \""
                                + expr
                                + "\" has no value; known: "
                                + values.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The metric selectors of an expression, in order. */
    static List<Selector> selectors(String expr) {
        List<Selector> found = new ArrayList<>();
        Matcher m = SELECTOR.matcher(stripStrings(expr));
        while (m.find()) {
            // Matchers are read from the original text: stripStrings keeps every offset.
            String matchers = m.group(3) == null ? "" : expr.substring(m.start(3), m.end(3));
            found.add(
                    new Selector(
                            m.group(1),
                            labelMatchers(matchers),
                            expr.substring(m.start(), m.end())));
        }
        return found;
    }

    /** The label matchers of a selector's braces: label to value (the last one wins). */
    static Map<String, String> labelMatchers(String inside) {
        Map<String, String> matchers = new java.util.LinkedHashMap<>();
        Matcher m = MATCHER.matcher(inside);
        while (m.find()) {
            matchers.put(m.group(1), m.group(3));
        }
        return matchers;
    }

    /**
     * The grouping and matching clauses of an expression: {@code by}/{@code without} with the
     * aggregation's argument as scope, {@code on}/{@code ignoring}/{@code group_left}/{@code
     * group_right} with the whole expression as scope.
     */
    static List<Grouping> groupings(String expr) {
        String code = stripStrings(expr);
        List<Grouping> found = new ArrayList<>();
        Matcher before = GROUPING_AFTER_OPERATOR.matcher(code);
        while (before.find()) {
            int open = before.end() - 1;
            int close = matchingParen(code, open);
            found.add(
                    new Grouping(
                            before.group(2),
                            labelList(before.group(3)),
                            expr.substring(open + 1, close)));
        }
        Matcher after = GROUPING_AFTER_ARGUMENT.matcher(code);
        while (after.find()) {
            int close = after.start();
            int open = openingParen(code, close);
            found.add(
                    new Grouping(
                            after.group(1),
                            labelList(after.group(2)),
                            expr.substring(open + 1, close)));
        }
        for (Pattern p : List.of(MATCHING, GROUP_SIDE)) {
            Matcher m = p.matcher(code);
            while (m.find()) {
                found.add(new Grouping(m.group(1), labelList(m.group(2)), expr));
            }
        }
        return found;
    }

    private static List<String> labelList(String text) {
        List<String> labels = new ArrayList<>();
        for (String label : text.split(",")) {
            if (!label.isBlank()) {
                labels.add(label.trim());
            }
        }
        return labels;
    }

    private static int matchingParen(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            if (code.charAt(i) == '(') {
                depth++;
            } else if (code.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses in \"" + code + "\"");
    }

    private static int openingParen(String code, int close) {
        int depth = 0;
        for (int i = close; i >= 0; i--) {
            if (code.charAt(i) == ')') {
                depth++;
            } else if (code.charAt(i) == '(' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses in \"" + code + "\"");
    }

    /**
     * The expression with the inside of every string literal blanked (same length), so that a label
     * value such as {@code "a|b(c)"} is never read as code.
     */
    private static String stripStrings(String expr) {
        StringBuilder out = new StringBuilder(expr.length());
        boolean inString = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (inString) {
                if (c == '\\' && i + 1 < expr.length()) {
                    out.append("  ");
                    i++;
                    continue;
                }
                if (c == '"') {
                    inString = false;
                    out.append(c);
                } else {
                    out.append(' ');
                }
            } else {
                inString = c == '"';
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        throw new IllegalStateException("no group matched");
    }
}
