package dev.tributary.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.metrics.TributaryMetric;
import dev.tributary.jobs.monitoring.MonitoringFiles.Grouping;
import dev.tributary.jobs.monitoring.MonitoringFiles.Query;
import dev.tributary.jobs.monitoring.MonitoringFiles.Selector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards ({@code grafana/dashboards/*.json}) and alert rules ({@code
 * grafana/prometheus/alerts.yml}) name only metrics that exist: every Tributary series is the
 * {@link TributaryMetric#prometheusName()} of a catalogued metric, selected and grouped only by the
 * labels of its scope or Flink's own, and every other series is a Flink metric seen in a real
 * scrape of a running job. The dashboards are also well formed for Grafana's provisioning. {@code
 * LivePrometheusITCase} then checks that every query returns data from a running job.
 */
class DashboardNamesTest {

    /**
     * Flink metrics the dashboards and rules may use: each one seen in {@code curl
     * localhost:9249/metrics} of a running {@code tributary demo --metrics-port 9249} (the Kafka
     * demo and the file replay). Add a name only after seeing it there.
     */
    static final Set<String> FLINK_METRICS =
            Set.of(
                    "flink_jobmanager_numRunningJobs",
                    "flink_jobmanager_job_uptime",
                    "flink_jobmanager_job_numRestarts",
                    "flink_jobmanager_job_lastCheckpointDuration",
                    "flink_jobmanager_job_lastCheckpointSize",
                    "flink_jobmanager_job_lastCheckpointFullSize",
                    "flink_jobmanager_job_lastCheckpointCompletedTimestamp",
                    "flink_jobmanager_job_numberOfCompletedCheckpoints",
                    "flink_jobmanager_job_numberOfFailedCheckpoints",
                    "flink_jobmanager_Status_JVM_Memory_Heap_Used",
                    "flink_taskmanager_Status_JVM_Memory_Heap_Used",
                    "flink_taskmanager_Status_JVM_Memory_Heap_Max",
                    "flink_taskmanager_Status_JVM_GarbageCollector_All_TimeMsPerSecond",
                    "flink_taskmanager_job_task_numRecordsInPerSecond",
                    "flink_taskmanager_job_task_numRecordsOutPerSecond",
                    "flink_taskmanager_job_task_backPressuredTimeMsPerSecond",
                    "flink_taskmanager_job_task_busyTimeMsPerSecond",
                    "flink_taskmanager_job_task_operator_pendingRecords");

    /** The labels Flink's reporter puts on an operator's metrics (its scope variables). */
    static final Set<String> FLINK_LABELS =
            Set.of(
                    "host",
                    "tm_id",
                    "job_id",
                    "job_name",
                    "task_id",
                    "task_name",
                    "task_attempt_id",
                    "task_attempt_num",
                    "subtask_index",
                    "operator_id",
                    "operator_name");

    /** The labels Prometheus adds to every scraped series. */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance");

    static final Set<String> PANEL_TYPES = Set.of("timeseries", "stat", "bargauge");

    /** The severities alerts.yml routes by, as docs/operations.md describes them. */
    static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");

    private static final Pattern FLINK_NAME = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

    @TempDir Path temp;

    @Test
    void dashboardsAndAlertsNameOnlyMetricsThatExist() {
        List<String> problems = problems(MonitoringFiles.DASHBOARDS, MonitoringFiles.ALERTS);
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void theChecksReadEveryQuery() {
        // Guards against a check that passes because it read nothing: every dashboard has
        // queries, and together they use most of the catalogue.
        Set<String> used = new TreeSet<>();
        for (Path file : MonitoringFiles.dashboards(MonitoringFiles.DASHBOARDS)) {
            List<Query> queries = MonitoringFiles.dashboardQueries(file);
            assertThat(queries).as(file.toString()).hasSizeGreaterThan(5);
            queries.forEach(q -> used.addAll(metricNames(q.expr())));
        }
        MonitoringFiles.alertQueries(MonitoringFiles.ALERTS)
                .forEach(q -> used.addAll(metricNames(q.expr())));
        Set<String> missing = new TreeSet<>();
        for (TributaryMetric metric : TributaryMetric.values()) {
            if (!used.contains(metric.prometheusName())
                    && !used.contains(metric.prometheusName() + "_count")) {
                missing.add(metric.name());
            }
        }
        // Deduplication's own counter is shown through the dead letters of reason duplicate,
        // which every job exports (the counter exists only with cleaning.dedup-window).
        assertThat(missing)
                .as("catalogued metrics no panel shows")
                .containsOnly("DUPLICATES_DROPPED");
        assertThat(MonitoringFiles.alertNames(MonitoringFiles.ALERTS)).hasSizeGreaterThan(6);
    }

    @Test
    void everyAlertHasForSeverityAndAnnotations() {
        List<String> problems = new ArrayList<>();
        for (JsonNode group : MonitoringFiles.readYaml(MonitoringFiles.ALERTS).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("alert").asText();
                if (name.isEmpty()) {
                    problems.add("a rule without an alert name: " + rule);
                    continue;
                }
                if (!rule.path("for").asText().matches("\\d+[smh]")) {
                    problems.add(name + ": for: " + rule.path("for") + ", expected a duration");
                }
                String severity = rule.path("labels").path("severity").asText();
                if (!SEVERITIES.contains(severity)) {
                    problems.add(name + ": severity \"" + severity + "\", expected " + SEVERITIES);
                }
                JsonNode annotations = rule.path("annotations");
                if (annotations.path("summary").asText().isBlank()) {
                    problems.add(name + ": no summary annotation");
                }
                // The description says which experiment, model, reason or job it is about.
                if (!annotations.path("description").asText().contains("$labels")) {
                    problems.add(name + ": no description annotation naming its $labels");
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void provisioningPointsAtTheseFiles() {
        JsonNode datasource =
                MonitoringFiles.readYaml(
                                MonitoringFiles.GRAFANA.resolve(
                                        "provisioning/datasources/prometheus.yml"))
                        .path("datasources")
                        .get(0);
        assertThat(datasource.path("uid").asText()).isEqualTo(MonitoringFiles.DATASOURCE_UID);
        assertThat(datasource.path("type").asText()).isEqualTo("prometheus");
        assertThat(datasource.path("url").asText()).isEqualTo("http://prometheus:9090");

        JsonNode provider =
                MonitoringFiles.readYaml(
                                MonitoringFiles.GRAFANA.resolve(
                                        "provisioning/dashboards/tributary.yml"))
                        .path("providers")
                        .get(0);
        assertThat(provider.path("type").asText()).isEqualTo("file");
        assertThat(provider.path("options").path("path").asText())
                .isEqualTo("/var/lib/grafana/dashboards");

        JsonNode prometheus = MonitoringFiles.readYaml(MonitoringFiles.PROMETHEUS_CONFIG);
        assertThat(prometheus.path("global").path("scrape_interval").asText()).isEqualTo("5s");
        assertThat(prometheus.path("rule_files").get(0).asText()).isEqualTo("alerts.yml");
        List<String> targets = new ArrayList<>();
        prometheus
                .path("scrape_configs")
                .get(0)
                .path("static_configs")
                .forEach(c -> c.path("targets").forEach(t -> targets.add(t.asText())));
        assertThat(targets).containsExactlyInAnyOrder("jobmanager:9249", "taskmanager:9249");
    }

    @Test
    void aBogusTributaryNameFails() throws IOException {
        Path dir = copyWithFirstExpr("flink_taskmanager_job_task_operator_tributary_bogus_gauge");
        assertThat(problems(dir, MonitoringFiles.ALERTS))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains("tributary_bogus_gauge")
                                        .contains("is not the prometheusName() of a"));
    }

    @Test
    void aFlinkNameOutsideTheAllowListFails() throws IOException {
        Path dir = copyWithFirstExpr("rate(flink_taskmanager_job_task_numBogusPerSecond[1m])");
        assertThat(problems(dir, MonitoringFiles.ALERTS))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains("flink_taskmanager_job_task_numBogusPerSecond")
                                        .contains("not in the allow-list"));
    }

    @Test
    void aLabelOutsideTheScopeFails() throws IOException {
        String champion = TributaryMetric.CHAMPION_VERSION.prometheusName();
        Path grouped = copyWithFirstExpr("max by (model) (" + champion + ")");
        assertThat(problems(grouped, MonitoringFiles.ALERTS))
                .anySatisfy(p -> assertThat(p).contains("by (model)").contains(champion));
        Path selected = copyWithFirstExpr(champion + "{arm=\"champion\"}");
        assertThat(problems(selected, MonitoringFiles.ALERTS))
                .anySatisfy(p -> assertThat(p).contains("label arm").contains(champion));
    }

    @Test
    void aSumOfASummaryFails() throws IOException {
        String freshness = TributaryMetric.FRESHNESS.prometheusName();
        Path dir = copyWithFirstExpr("rate(" + freshness + "_sum[1m])");
        assertThat(problems(dir, MonitoringFiles.ALERTS))
                .anySatisfy(p -> assertThat(p).contains(freshness + "_sum").contains("no _sum"));
    }

    @Test
    void aBogusNameInTheAlertsFails() throws IOException {
        String alerts =
                Files.readString(MonitoringFiles.ALERTS)
                        .replace(
                                TributaryMetric.FEATURE_PSI.prometheusName(),
                                "flink_taskmanager_job_task_operator_tributary_experiment_feature_pis");
        Path copy = temp.resolve("alerts.yml");
        Files.writeString(copy, alerts);
        assertThat(problems(MonitoringFiles.DASHBOARDS, copy))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .contains("alert TributaryFeatureShift")
                                        .contains("feature_pis"));
    }

    @Test
    void brokenDashboardsFail() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("broken"));
        Path source = MonitoringFiles.dashboards(MonitoringFiles.DASHBOARDS).get(0);
        ObjectNode dashboard = (ObjectNode) MonitoringFiles.readJson(source);
        List<JsonNode> panels = MonitoringFiles.panels(dashboard);
        ((ObjectNode) panels.get(1)).put("id", panels.get(0).path("id").asInt());
        ((ObjectNode) panels.get(2).path("datasource")).put("uid", "elsewhere");
        ((ObjectNode) panels.get(3)).put("type", "graph");
        Files.writeString(
                dir.resolve("edited.json"),
                MonitoringFiles.JSON
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(dashboard));
        Files.writeString(dir.resolve("truncated.json"), "{\"panels\": [", StandardCharsets.UTF_8);

        List<String> problems = problems(dir, MonitoringFiles.ALERTS);
        assertThat(problems)
                .anySatisfy(p -> assertThat(p).contains("edited.json").contains("panel id"))
                .anySatisfy(p -> assertThat(p).contains("edited.json").contains("\"elsewhere\""))
                .anySatisfy(p -> assertThat(p).contains("edited.json").contains("type graph"))
                .anySatisfy(p -> assertThat(p).contains("truncated.json").contains("JSON"));
    }

    /** A copy of the dashboards whose first panel's first query is {@code expr}. */
    private Path copyWithFirstExpr(String expr) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("dashboards"));
        Path source = MonitoringFiles.dashboards(MonitoringFiles.DASHBOARDS).get(0);
        ObjectNode dashboard = (ObjectNode) MonitoringFiles.readJson(source);
        for (JsonNode panel : MonitoringFiles.panels(dashboard)) {
            if (panel.path("targets").size() > 0) {
                ((ObjectNode) panel.path("targets").get(0)).put("expr", expr);
                break;
            }
        }
        Files.writeString(
                dir.resolve(source.getFileName()),
                MonitoringFiles.JSON
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(dashboard));
        return dir;
    }

    /**
     * Everything wrong with the dashboards in {@code dashboardDir} and the rules in {@code alerts}.
     */
    static List<String> problems(Path dashboardDir, Path alerts) {
        List<String> problems = new ArrayList<>();
        Set<String> uids = new HashSet<>();
        for (Path file : MonitoringFiles.dashboards(dashboardDir)) {
            String name = file.getFileName().toString();
            JsonNode dashboard;
            try {
                dashboard = MonitoringFiles.readJson(file);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
                continue;
            }
            problems.addAll(structureProblems(name, dashboard, uids));
            Set<String> variables = MonitoringFiles.variableNames(dashboard);
            for (Query query : MonitoringFiles.dashboardQueries(file)) {
                for (String used : MonitoringFiles.variablesUsed(query.expr())) {
                    if (!variables.contains(used)
                            && !MonitoringFiles.GRAFANA_VARIABLES.contains(used)) {
                        problems.add(
                                query.source()
                                        + ": $"
                                        + used
                                        + " is neither a variable of the dashboard "
                                        + variables
                                        + " nor one of Grafana's "
                                        + MonitoringFiles.GRAFANA_VARIABLES);
                    }
                }
                problems.addAll(queryProblems(query));
            }
        }
        for (Query query : MonitoringFiles.alertQueries(alerts)) {
            problems.addAll(queryProblems(query));
        }
        return problems;
    }

    private static List<String> structureProblems(
            String name, JsonNode dashboard, Set<String> uids) {
        List<String> problems = new ArrayList<>();
        String uid = dashboard.path("uid").asText();
        if (uid.isEmpty() || !uids.add(uid)) {
            problems.add(name + ": dashboard uid \"" + uid + "\" is empty or used twice");
        }
        int schema = dashboard.path("schemaVersion").asInt();
        if (schema < 36 || schema > 41) {
            problems.add(name + ": schemaVersion " + schema + ", expected 36..41 (Grafana 11)");
        }
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : MonitoringFiles.panels(dashboard)) {
            String title = panel.path("title").asText();
            String where = name + ", panel \"" + title + "\"";
            if (!panel.path("id").canConvertToInt() || !ids.add(panel.path("id").asInt())) {
                problems.add(
                        where + ": panel id " + panel.path("id") + " is missing or not unique");
            }
            String type = panel.path("type").asText();
            if (type.equals("row")) {
                continue;
            }
            if (!PANEL_TYPES.contains(type)) {
                problems.add(where + ": type " + type + ", expected one of " + PANEL_TYPES);
            }
            checkDatasource(where, panel.path("datasource"), problems);
            if (panel.path("targets").isEmpty()) {
                problems.add(where + ": no query");
            }
            for (JsonNode target : panel.path("targets")) {
                if (target.has("datasource")) {
                    checkDatasource(where + " query", target.path("datasource"), problems);
                }
                if (target.path("expr").asText().isBlank()) {
                    problems.add(where + ": a query without expr");
                }
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                checkDatasource(
                        name + ", variable $" + variable.path("name").asText(),
                        variable.path("datasource"),
                        problems);
            }
        }
        return problems;
    }

    private static void checkDatasource(String where, JsonNode datasource, List<String> problems) {
        String uid = datasource.path("uid").asText();
        if (!uid.equals(MonitoringFiles.DATASOURCE_UID)) {
            problems.add(
                    where
                            + ": data source uid \""
                            + uid
                            + "\", expected \""
                            + MonitoringFiles.DATASOURCE_UID
                            + "\"");
        }
    }

    /** What is wrong with the metric names and labels of one expression. */
    static List<String> queryProblems(Query query) {
        List<String> problems = new ArrayList<>();
        if (MonitoringFiles.selectors(query.expr()).isEmpty()) {
            problems.add(query.source() + ": \"" + query.expr() + "\" selects no metric");
        }
        for (String name : metricNames(query.expr())) {
            String problem = nameProblem(name);
            if (problem != null) {
                problems.add(query.source() + ": " + problem);
            }
        }
        for (Selector selector : MonitoringFiles.selectors(query.expr())) {
            TributaryMetric metric = tributaryMetric(selector.name());
            if (metric == null) {
                continue;
            }
            for (String label : selector.matchers().keySet()) {
                if (!allowedLabels(metric).contains(label)) {
                    problems.add(
                            query.source()
                                    + ": label "
                                    + label
                                    + " in "
                                    + selector.text()
                                    + " is not one of "
                                    + selector.name()
                                    + "'s: "
                                    + new TreeSet<>(allowedLabels(metric)));
                }
            }
        }
        for (Grouping grouping : MonitoringFiles.groupings(query.expr())) {
            for (String name : metricNames(grouping.scope())) {
                TributaryMetric metric = tributaryMetric(name);
                if (metric == null) {
                    continue;
                }
                for (String label : grouping.labels()) {
                    if (!allowedLabels(metric).contains(label)) {
                        problems.add(
                                query.source()
                                        + ": "
                                        + grouping.clause()
                                        + " ("
                                        + String.join(", ", grouping.labels())
                                        + ") over "
                                        + name
                                        + ", which has no label "
                                        + label
                                        + "; its labels: "
                                        + new TreeSet<>(allowedLabels(metric)));
                    }
                }
            }
        }
        return problems;
    }

    /** Why a metric name does not exist, or null when it does. */
    static String nameProblem(String name) {
        if (!name.contains("_tributary_")) {
            String base = name.endsWith("_count") ? name.substring(0, name.length() - 6) : name;
            if (FLINK_METRICS.contains(name) || FLINK_METRICS.contains(base)) {
                return null;
            }
            return name
                    + " is not a Tributary metric and not in the allow-list of Flink metrics seen"
                    + " in a real scrape (DashboardNamesTest.FLINK_METRICS)";
        }
        if (tributaryMetric(name) != null) {
            return null;
        }
        if (name.endsWith("_sum")) {
            return name
                    + ": Flink's reporter exports a histogram as a summary with quantile labels and"
                    + " _count, no _sum";
        }
        return name
                + " is not the prometheusName() of a TributaryMetric (nor _count of a histogram);"
                + " the catalogue's names: "
                + catalogue().keySet();
    }

    /** The catalogued metric a series name belongs to ({@code _count} of a histogram too). */
    static TributaryMetric tributaryMetric(String name) {
        TributaryMetric exact = catalogue().get(name);
        if (exact != null) {
            return exact;
        }
        if (name.endsWith("_count")) {
            TributaryMetric base = catalogue().get(name.substring(0, name.length() - 6));
            if (base != null && base.type() == TributaryMetric.Type.HISTOGRAM) {
                return base;
            }
        }
        return null;
    }

    private static Map<String, TributaryMetric> catalogue() {
        Map<String, TributaryMetric> byName = new HashMap<>();
        for (TributaryMetric metric : TributaryMetric.values()) {
            byName.put(metric.prometheusName(), metric);
        }
        return byName;
    }

    /** Its scope's keys, Flink's variables, Prometheus's target labels, quantile for summaries. */
    static Set<String> allowedLabels(TributaryMetric metric) {
        Set<String> labels = new LinkedHashSet<>(metric.scope().keys());
        labels.addAll(FLINK_LABELS);
        labels.addAll(TARGET_LABELS);
        if (metric.type() == TributaryMetric.Type.HISTOGRAM) {
            labels.add("quantile");
        }
        return labels;
    }

    static Set<String> metricNames(String expr) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = FLINK_NAME.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }
}
