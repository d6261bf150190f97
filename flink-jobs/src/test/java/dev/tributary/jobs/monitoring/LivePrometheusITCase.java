package dev.tributary.jobs.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.jobs.cli.Main;
import dev.tributary.jobs.monitoring.MonitoringFiles.Query;
import dev.tributary.jobs.monitoring.MonitoringFiles.Selector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The monitoring files against a real Prometheus (the {@code prometheus} binary on the PATH)
 * scraping a real job: {@code tributary demo} through Kafka (so that serving metrics exist), run in
 * this JVM. While the job runs, every query of every dashboard panel and template variable returns
 * data, every metric selector of every alert rule does, and Prometheus loaded {@code alerts.yml}
 * and evaluates each rule without error. The scrape configuration is {@code
 * grafana/prometheus/prometheus.yml} with its targets replaced by the job's port and every interval
 * set to 1 s.
 */
class LivePrometheusITCase {

    /**
     * Enough events that the job runs well after every query has found data: here every query did
     * about 8 s after the job started, which then ran for about 25 s more.
     */
    private static final String EVENTS = "150000";

    /** Values for the dashboards' variables: every experiment and model, Grafana's intervals. */
    private static final Map<String, String> VARIABLES =
            Map.of(
                    "experiment", ".*",
                    "model", ".*",
                    "__rate_interval", "1m",
                    "__interval", "1s",
                    "__range", "5m");

    private static final Duration JOB_LIMIT = Duration.ofMinutes(5);

    @TempDir Path dir;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyPanelAndAlertFindsDataFromARunningJob() throws Exception {
        Path binary = prometheusOnPath();
        int metricsPort = freePort();
        int prometheusPort = freePort();
        Path config = writeConfig(metricsPort);
        String prometheus = "http://127.0.0.1:" + prometheusPort;

        Map<String, Query> pending = new LinkedHashMap<>();
        for (Path file : MonitoringFiles.dashboards(MonitoringFiles.DASHBOARDS)) {
            for (Query q : MonitoringFiles.dashboardQueries(file)) {
                pending.put(q.source() + ": " + q.expr(), q);
            }
        }
        int dashboardQueries = pending.size();
        for (Query rule : MonitoringFiles.alertQueries(MonitoringFiles.ALERTS)) {
            for (Selector s : MonitoringFiles.selectors(rule.expr())) {
                Query q = new Query(rule.source() + ", selector", s.text());
                pending.put(q.source() + ": " + q.expr(), q);
            }
        }
        assertThat(dashboardQueries).as("dashboard queries").isGreaterThan(30);
        assertThat(pending.size() - dashboardQueries).as("alert selectors").isGreaterThan(10);
        int total = pending.size();

        Path log = dir.resolve("prometheus.log");
        Process server =
                new ProcessBuilder(
                                binary.toString(),
                                "--config.file=" + config,
                                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                                "--web.listen-address=127.0.0.1:" + prometheusPort)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        Future<Integer> demo = null;
        try {
            awaitReady(server, prometheus, log);
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            CommandLine cli = Main.commandLine();
            String[] args = {
                "demo",
                "--events",
                EVENTS,
                "--metrics-port",
                Integer.toString(metricsPort),
                "--out",
                dir.resolve("out").toString()
            };
            demo = executor.submit(() -> cli.execute(args));

            Map<String, String> errors = new LinkedHashMap<>();
            boolean rulesHealthy = false;
            String rulesState = "not read";
            long deadline = System.nanoTime() + JOB_LIMIT.toNanos();
            // Only while the demo runs: its job's gauges go stale in Prometheus once it stops.
            while (!demo.isDone()
                    && (!pending.isEmpty() || !rulesHealthy)
                    && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                    Query q = it.next().getValue();
                    String promql = MonitoringFiles.substitute(q.expr(), VARIABLES);
                    JsonNode answer = get(prometheus + "/api/v1/query?query=" + encode(promql));
                    if (!answer.path("status").asText().equals("success")) {
                        // A bad expression never gets better: report it, stop asking.
                        errors.put(q.source() + ": " + promql, answer.path("error").asText());
                        it.remove();
                    } else if (answer.path("data").path("result").size() > 0) {
                        it.remove();
                    }
                }
                rulesState = rulesState(get(prometheus + "/api/v1/rules"));
                rulesHealthy = rulesState.isEmpty();
            }
            boolean stillRunning = !demo.isDone();
            int exit = demo.get(JOB_LIMIT.toMinutes(), TimeUnit.MINUTES);

            List<String> failures = new ArrayList<>();
            errors.forEach((where, error) -> failures.add(where + "\n    error: " + error));
            pending.values()
                    .forEach(
                            q ->
                                    failures.add(
                                            q.source()
                                                    + ": no data for "
                                                    + MonitoringFiles.substitute(
                                                            q.expr(), VARIABLES)));
            if (!rulesHealthy) {
                failures.add("alert rules in Prometheus: " + rulesState);
            }
            assertThat(failures)
                    .as(
                            "%d of %d queries failed%s; demo exit %d; the demo printed:%n%s"
                                    + "%nPrometheus's log ends:%n%s",
                            failures.size(),
                            total,
                            stillRunning
                                    ? ""
                                    : " by the end of the demo (if many did, the job ended too"
                                            + " soon for them: give the demo more events)",
                            exit,
                            console.toString(StandardCharsets.UTF_8),
                            tail(log))
                    .isEmpty();
            assertThat(exit).as(console.toString(StandardCharsets.UTF_8)).isZero();
        } finally {
            System.setOut(originalOut);
            stop(server);
            if (demo != null && !demo.isDone()) {
                // A bounded job: it ends by itself. Waiting keeps its MiniCluster and broker from
                // outliving the test.
                try {
                    demo.get(JOB_LIMIT.toMinutes(), TimeUnit.MINUTES);
                } catch (Exception e) {
                    demo.cancel(true);
                }
            }
            executor.shutdownNow();
        }
    }

    /**
     * What is wrong with the rule groups Prometheus reports: a group or rule of alerts.yml missing,
     * a rule not yet evaluated or failing; empty when every rule was evaluated without error.
     */
    private static String rulesState(JsonNode answer) {
        List<String> expected = MonitoringFiles.alertNames(MonitoringFiles.ALERTS);
        List<String> loaded = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode group : answer.path("data").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.path("name").asText();
                loaded.add(name);
                String health = rule.path("health").asText();
                if (!health.equals("ok")) {
                    problems.add(name + " health " + health + " " + rule.path("lastError"));
                }
            }
        }
        // Prometheus lists the groups by name, not in the file's order.
        loaded.sort(null);
        expected.sort(null);
        if (!loaded.equals(expected)) {
            problems.add("loaded " + loaded + ", alerts.yml has " + expected);
        }
        return String.join("; ", problems);
    }

    /**
     * grafana/prometheus/prometheus.yml with the job's metrics port as its only target, every
     * interval 1 s and alerts.yml by its absolute path.
     */
    private Path writeConfig(int metricsPort) throws IOException {
        ObjectNode config =
                (ObjectNode) MonitoringFiles.readYaml(MonitoringFiles.PROMETHEUS_CONFIG);
        ObjectNode global = (ObjectNode) config.path("global");
        global.put("scrape_interval", "1s").put("scrape_timeout", "1s");
        global.put("evaluation_interval", "1s");
        ArrayNode rules = config.putArray("rule_files");
        rules.add(MonitoringFiles.ALERTS.toAbsolutePath().normalize().toString());
        for (JsonNode scrape : config.path("scrape_configs")) {
            ArrayNode statics = ((ObjectNode) scrape).putArray("static_configs");
            statics.addObject().putArray("targets").add("127.0.0.1:" + metricsPort);
        }
        Path file = dir.resolve("prometheus.yml");
        MonitoringFiles.YAML.writeValue(file.toFile(), config);
        return file;
    }

    /** The prometheus binary; a missing one fails the test, saying how to install it. */
    private static Path prometheusOnPath() {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(
                "no prometheus binary on the PATH: this test runs a real Prometheus. Run"
                        + " scripts/check-monitoring.sh (it installs Debian's prometheus package when"
                        + " promtool is missing) or apt-get install prometheus, then run it again.");
    }

    private void awaitReady(Process server, String prometheus, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail(
                        "prometheus exited with %d before it was ready; its log:%n%s",
                        server.exitValue(), tail(log));
            }
            try {
                HttpResponse<String> ready =
                        http.send(
                                HttpRequest.newBuilder(URI.create(prometheus + "/-/ready"))
                                        .timeout(Duration.ofSeconds(2))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        fail("prometheus was not ready within 60 s; its log:%n%s", tail(log));
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return MonitoringFiles.JSON.readTree(response.body());
    }

    private static String encode(String promql) {
        return URLEncoder.encode(promql, StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(10, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
