package dev.tributary.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.core.config.DriftInjection;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.core.config.KafkaConfig;
import dev.tributary.jobs.cli.Main;
import dev.tributary.jobs.run.FlinkSettings;
import dev.tributary.jobs.run.RunLayout;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ParseResult;

/**
 * The deployment files ({@code compose/}, {@code k8s/}) agree with the code and with each other:
 * the jar and its entry point, the arguments (real subcommands and options of the command line),
 * the job file (the demo's Kafka job), topics and brokers, where checkpoints go, RocksDB, the
 * Prometheus reporter's port, the image versions (the Flink and Kafka versions the jar is built
 * against). Every fact is read from the files and compared with the code, so a change on either
 * side that breaks a deployment fails here, without a Docker engine or a cluster.
 */
class DeploymentFilesTest {

    /** The port grafana/prometheus/prometheus.yml scrapes on jobmanager and taskmanager. */
    static final int REPORTER_PORT = 9249;

    static final String PROMETHEUS_REPORTER =
            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    /** The bundled demo job every deployment runs. */
    static final String DEMO_KAFKA_JOB = "demo/flights-kafka.yaml";

    /** The bundled file job the demo replays into Kafka (its source settings). */
    static final String DEMO_FILE_JOB = "demo/flights.yaml";

    static final Path ROOT = Repository.root();

    /** The Flink version the jar is built against: the images must run the same. */
    static String flinkVersion() {
        String version = EnvironmentInformation.getVersion();
        assertThat(version).as("Flink's version on the classpath").matches("\\d+\\.\\d+\\.\\d+");
        return version;
    }

    /** The differences between a deployed job file and the bundled demo, outside the allowed. */
    static Set<String> differencesFromDemo(JsonNode deployed, Set<String> allowed) {
        return Repository.differences(
                deployed, Repository.readYaml(Repository.resource(DEMO_KAFKA_JOB)), allowed);
    }

    static String pathOf(String directory) {
        return directory.contains("://") ? URI.create(directory).getPath() : directory;
    }

    /**
     * The reporter settings the jar itself applies when it runs with {@code --metrics-port}. A
     * cluster ignores a program's reporter settings (reporters start with the JobManager and
     * TaskManagers), so its own must match them.
     */
    static Map<String, String> jarReporterSettings(JobConfig job, Path temp) {
        Configuration conf = FlinkSettings.forJob(job, new RunLayout(temp), REPORTER_PORT);
        Map<String, String> reporter = new TreeMap<>();
        conf.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith("metrics.reporter.")) {
                                reporter.put(key, value);
                            }
                        });
        return reporter;
    }

    /** The cluster runs RocksDB with incremental checkpoints, as the job sets them itself. */
    static void assertRocksDbIncrementalLikeTheJob(Configuration cluster, Configuration program) {
        assertThat(cluster.get(StateBackendOptions.STATE_BACKEND))
                .isEqualTo(program.get(StateBackendOptions.STATE_BACKEND))
                .isEqualTo("rocksdb");
        assertThat(cluster.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS))
                .isEqualTo(program.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS))
                .isTrue();
    }

    static void assertReporterLikeTheJars(Map<String, String> cluster, JobConfig job, Path temp) {
        Map<String, String> jar = jarReporterSettings(job, temp);
        assertThat(jar).as("the jar's own reporter settings").isNotEmpty();
        jar.forEach(
                (key, value) ->
                        assertThat(cluster.get(key))
                                .as("%s as the jar sets it for --metrics-port", key)
                                .isEqualToIgnoringCase(value));
    }

    @Nested
    class Compose {

        @TempDir Path temp;

        final ComposeFile compose = new ComposeFile(ROOT.resolve("compose/compose.yaml"));

        static final List<String> FLINK_SERVICES = List.of("jobmanager", "taskmanager");

        /** What the compose job file may change in the demo's Kafka job, and why. */
        static final Set<String> COMPOSE_JOB_CHANGES =
                Set.of(
                        "kafka.bootstrap-servers", // the broker on the compose network
                        "checkpoints.directory", // the flink-state volume
                        "output.directory"); // the tributary-out volume

        List<String> jobManagerCommand() {
            return compose.command("jobmanager");
        }

        /** The program arguments after {@code --job-classname <class>}. */
        List<String> programArguments() {
            List<String> command = jobManagerCommand();
            int at = command.indexOf("--job-classname");
            assertThat(at).as("jobmanager names its entry class with --job-classname").isPositive();
            return command.subList(at + 2, command.size());
        }

        ParseResult run() {
            return TributaryCli.parseSubcommand(programArguments());
        }

        Path jobFile() {
            Path config = run().matchedOptionValue("--config", (Path) null);
            assertThat(config).as("jobmanager's run has --config").isNotNull();
            return compose.hostPath("jobmanager", config.toString());
        }

        JobConfig job() {
            return JobConfigParser.parse(jobFile());
        }

        Configuration flinkConfig() {
            return GlobalConfiguration.loadConfiguration(ROOT.resolve("compose/flink").toString());
        }

        @Test
        void jobManagerRunsTheJarsMainInApplicationMode() {
            List<String> command = jobManagerCommand();
            assertThat(command)
                    .as("the JobManager runs one application (Flink's standalone-job)")
                    .first()
                    .isEqualTo("standalone-job");
            String entry = command.get(command.indexOf("--job-classname") + 1);
            assertThat(entry)
                    .as("--job-classname is the jar's main class")
                    .isEqualTo(Main.class.getName())
                    .isEqualTo(Repository.shadedMainClass());
            assertThat(TributaryCli.hasMainMethod(entry)).as(entry + " has a main method").isTrue();
            assertThat(run().commandSpec().name())
                    .as("the arguments run a job file")
                    .isEqualTo("run");
        }

        @Test
        void everyJavaProcessUsesTheShadedJar() {
            Path jar = Repository.shadedJar();
            for (String service : List.of("jobmanager", "taskmanager", "replay")) {
                assertThat(compose.hostPath(service, "/opt/flink/usrlib/tributary.jar"))
                        .as(service + " mounts the jar the build writes into usrlib/")
                        .isEqualTo(jar);
            }
            assertThat(compose.entrypoint("replay"))
                    .as("the replay runs the same jar's command line")
                    .containsExactly("java", "-jar", "/opt/flink/usrlib/tributary.jar");
        }

        @Test
        void imagesRunTheVersionsTheJarIsBuiltWith() {
            String flink = "flink:" + flinkVersion() + "-java17";
            for (String service : List.of("jobmanager", "taskmanager", "replay", "volume-init")) {
                assertThat(compose.image(service)).as(service + "'s image").isEqualTo(flink);
            }
            String kafka = "apache/kafka:" + AppInfoParser.getVersion();
            assertThat(compose.image("kafka")).as("the broker matches the client").isEqualTo(kafka);
            assertThat(compose.image("kafka-init")).isEqualTo(kafka);
            for (String service : compose.services()) {
                assertThat(compose.image(service))
                        .as(service + "'s image is pinned to a version")
                        .matches("[^:]+:[^:]+")
                        .doesNotEndWith(":latest");
            }
        }

        @Test
        void jobFileIsTheDemosKafkaJob() {
            JsonNode deployed = Repository.readYaml(jobFile());
            assertThat(differencesFromDemo(deployed, COMPOSE_JOB_CHANGES))
                    .as(
                            "%s may differ from the bundled %s only at %s",
                            ROOT.relativize(jobFile()), DEMO_KAFKA_JOB, COMPOSE_JOB_CHANGES)
                    .isEmpty();
            assertThat(job().source().kind().name()).isEqualTo("KAFKA");
        }

        @Test
        void jobReachesTheBrokerOnTheComposeNetwork() {
            String servers = job().kafka().bootstrapServers();
            Set<String> advertised = new LinkedHashSet<>();
            for (String listener :
                    compose.environment("kafka").get("KAFKA_ADVERTISED_LISTENERS").split(",")) {
                advertised.add(listener.substring(listener.indexOf("://") + 3));
            }
            assertThat(advertised)
                    .as("kafka.bootstrap-servers of the job is a listener the broker advertises")
                    .contains(servers);
            assertThat(compose.services())
                    .as("and its host is a service of the stack")
                    .contains(servers.substring(0, servers.indexOf(':')));
            ParseResult produce = TributaryCli.parseSubcommand(compose.command("replay"));
            assertThat(produce.matchedOptionValue("--bootstrap-servers", ""))
                    .as("the replay writes to the broker the job reads")
                    .isEqualTo(servers);
            assertThat(String.join(" ", compose.command("kafka-init")))
                    .as("kafka-init creates the topics on that broker")
                    .contains("--bootstrap-server " + servers);
        }

        @Test
        void topicsExistBeforeTheJobStarts() {
            KafkaConfig.Topics t = job().kafka().topics();
            Set<String> expected =
                    Set.of(
                            t.events(),
                            t.labels(),
                            t.control(),
                            t.predictions(),
                            t.deadLetters(),
                            t.decisions(),
                            t.modelUpdates());
            Set<String> created =
                    Set.of(compose.environment("kafka-init").get("TOPICS").trim().split("\\s+"));
            assertThat(created)
                    .as("kafka-init creates every topic the job reads and writes (TOPICS)")
                    .isEqualTo(expected);
            assertThat(compose.environment("kafka").get("KAFKA_AUTO_CREATE_TOPICS_ENABLE"))
                    .as("a topic name the job does not expect is an error, not a new topic")
                    .isEqualTo("false");
        }

        @Test
        void replayIsTheDemosReplay() {
            JobConfig fileJob = JobConfigParser.parse(Repository.resource(DEMO_FILE_JOB));
            KafkaConfig.Topics topics = job().kafka().topics();
            ParseResult produce = TributaryCli.parseSubcommand(compose.command("replay"));
            assertThat(produce.commandSpec().name()).isEqualTo("produce");
            assertThat(produce.matchedOptionValue("--topic", "")).isEqualTo(topics.events());
            assertThat(produce.matchedOptionValue("--label-topic", "")).isEqualTo(topics.labels());
            assertThat(produce.matchedOptionValue("--label-field", ""))
                    .as("the file's label column, as the demo's file job reads it")
                    .isEqualTo(fileJob.features().labelField());
            assertThat(produce.matchedOptionValue("--time-field", ""))
                    .isEqualTo(fileJob.source().eventTimeField());
            assertThat(produce.matchedOptionValue("--time-format", ""))
                    .isEqualTo(fileJob.source().eventTimeFormat());
            assertThat(produce.matchedOptionValue("--zone", "UTC"))
                    .isEqualTo(fileJob.source().zone());
            assertThat(produce.matchedOptionValue("--label-delay", ""))
                    .as("labels arrive as late as in `tributary demo`")
                    .isEqualTo(TributaryCli.defaultValue("demo", "--label-delay"));
            DriftInjection drift = fileJob.source().injectDrift();
            assertThat(Instant.parse(produce.matchedOptionValue("--drift-after", "")))
                    .as("the demo's injected drift starts when it does in the demo")
                    .isEqualTo(drift.after());
            assertThat(produce.<List<String>>matchedOptionValue("--drift-by", List.of()))
                    .isEqualTo(drift.by());
            assertThat(produce.matchedOptionValue("--drift-fraction", 0.0))
                    .isEqualTo(drift.fraction());
            assertThat(drift.labelField()).isEqualTo(fileJob.features().labelField());
            String bundled = fileJob.source().path().substring("classpath:".length());
            Path data = ROOT.resolve("flink-jobs/src/main/resources").resolve(bundled);
            Path file = produce.matchedOptionValue("--file", (Path) null);
            assertThat(compose.hostPath("replay", file.toString()))
                    .as("the replay reads the flights bundled in the jar")
                    .isEqualTo(data)
                    .isRegularFile();
        }

        @Test
        void checkpointsAndRunRecordsGoToVolumesBothProcessesShare() {
            Configuration cluster = flinkConfig();
            Configuration program = FlinkSettings.forJob(job(), temp);
            assertThat(cluster.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                    .as(
                            "execution.checkpointing.dir of compose/flink/config.yaml is where the"
                                    + " job checkpoints (checkpoints.directory of its job file)")
                    .isEqualTo(program.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
            String checkpoints = pathOf(cluster.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
            String savepoints = pathOf(cluster.get(CheckpointingOptions.SAVEPOINT_DIRECTORY));
            String output =
                    run().matchedOptionValue("--out", Path.of(job().outputDirectory())).toString();
            for (String path : List.of(checkpoints, savepoints, output)) {
                String volume = null;
                for (String service : FLINK_SERVICES) {
                    ComposeFile.Mount mount =
                            compose.mountOf(service, path)
                                    .filter(ComposeFile.Mount::isVolume)
                                    .orElseThrow(
                                            () ->
                                                    new AssertionError(
                                                            service
                                                                    + " mounts no named volume at "
                                                                    + path));
                    if (volume == null) {
                        volume = mount.source();
                    }
                    assertThat(mount.source())
                            .as(path + " is the same volume on the JobManager and TaskManager")
                            .isEqualTo(volume);
                }
            }
        }

        @Test
        void stateIsRocksDbWithIncrementalExactlyOnceCheckpoints() {
            Configuration cluster = flinkConfig();
            Configuration program = FlinkSettings.forJob(job(), temp);
            assertRocksDbIncrementalLikeTheJob(cluster, program);
            assertThat(cluster.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                    .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        }

        @Test
        void flinkSettingsAreFlatKnownOptionsBothProcessesRead() throws IOException {
            Path settings = ROOT.resolve("compose/flink/config.yaml");
            Pattern line = Pattern.compile("([A-Za-z0-9._-]+): (\\S+)");
            List<String> problems = new ArrayList<>();
            for (String text : Files.readAllLines(settings)) {
                String trimmed = text.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                Matcher m = line.matcher(text);
                if (!m.matches() || m.group(2).contains("#")) {
                    problems.add(
                            "\""
                                    + text
                                    + "\" is not one flat `key: value` without spaces or comment"
                                    + " (the image's entrypoint drops whitespace)");
                } else if (!FlinkOptionKeys.isKnown(m.group(1))) {
                    problems.add(m.group(1) + " is not a Flink option");
                }
            }
            assertThat(problems).as(ROOT.relativize(settings).toString()).isEmpty();
            for (String service : FLINK_SERVICES) {
                List<String> entrypoint = compose.entrypoint(service);
                assertThat(entrypoint)
                        .as(service + "'s entrypoint")
                        .hasSize(2)
                        .first()
                        .isEqualTo("bash");
                Path script = compose.hostPath(service, entrypoint.get(1));
                assertThat(script)
                        .as(service + " starts through entrypoint.sh next to config.yaml")
                        .isEqualTo(settings.resolveSibling("entrypoint.sh"))
                        .isRegularFile();
                assertThat(compose.environment(service).get("JOB_MANAGER_RPC_ADDRESS"))
                        .as(service + " finds the JobManager by its service name")
                        .isEqualTo("jobmanager");
            }
        }

        @Test
        void prometheusReporterListensWherePrometheusScrapes() {
            Map<String, String> settings = flinkConfig().toMap();
            assertThat(settings.get("metrics.reporter.prom.factory.class"))
                    .isEqualTo(PROMETHEUS_REPORTER);
            assertThat(settings.get("metrics.reporter.prom.port"))
                    .as("the reporter port the scrape config expects")
                    .isEqualTo(String.valueOf(REPORTER_PORT));
            assertThat(
                            Repository.texts(
                                    compose.service("taskmanager")
                                            .path("healthcheck")
                                            .path("test")))
                    .as("the TaskManager is healthy once the reporter answers")
                    .anyMatch(arg -> arg.contains(":" + REPORTER_PORT + "/"));
            assertThat(compose.hostPath("prometheus", "/etc/prometheus/prometheus.yml"))
                    .isEqualTo(ROOT.resolve("grafana/prometheus/prometheus.yml"));
            assertThat(compose.hostPath("grafana", "/etc/grafana/provisioning"))
                    .isEqualTo(ROOT.resolve("grafana/provisioning"));
            assertThat(compose.hostPath("grafana", "/var/lib/grafana/dashboards"))
                    .isEqualTo(ROOT.resolve("grafana/dashboards"));
        }

        @Test
        void reporterIsConfiguredLikeTheJarsOwn() {
            assertReporterLikeTheJars(flinkConfig().toMap(), job(), temp);
        }

        @Test
        void scrapeConfigTargetsBothReporters() {
            Path scrape = ROOT.resolve("grafana/prometheus/prometheus.yml");
            assertThat(scrape).as("the scrape config the compose stack mounts").isRegularFile();
            List<String> targets = new ArrayList<>();
            for (JsonNode job : Repository.readYaml(scrape).path("scrape_configs")) {
                for (JsonNode group : job.path("static_configs")) {
                    targets.addAll(Repository.texts(group.path("targets")));
                }
            }
            for (String service : FLINK_SERVICES) {
                assertThat(targets)
                        .as("prometheus.yml scrapes the %s's reporter", service)
                        .contains(service + ":" + REPORTER_PORT);
            }
            for (String target : targets) {
                String host = target.substring(0, target.lastIndexOf(':'));
                assertThat(host.equals("localhost") || compose.services().contains(host))
                        .as("scrape target %s is a service of the stack", target)
                        .isTrue();
            }
            for (String rules : Repository.texts(Repository.readYaml(scrape).path("rule_files"))) {
                Path container = Path.of("/etc/prometheus").resolve(rules).normalize();
                assertThat(compose.hostPath("prometheus", container.toString()))
                        .as("rule file %s is mounted", rules)
                        .isRegularFile();
            }
        }

        @Test
        void dashboardProviderReadsTheMountedDashboards() {
            Path provider = ROOT.resolve("grafana/provisioning/dashboards/tributary.yml");
            assertThat(provider)
                    .as("the dashboard provider the compose stack mounts")
                    .isRegularFile();
            List<String> paths = new ArrayList<>();
            for (JsonNode p : Repository.readYaml(provider).path("providers")) {
                paths.add(p.path("options").path("path").asText());
            }
            assertThat(paths)
                    .as("the dashboard provider's folder")
                    .contains("/var/lib/grafana/dashboards");
        }

        @Test
        void datasourceIsThePrometheusService() {
            Path datasources = ROOT.resolve("grafana/provisioning/datasources/prometheus.yml");
            assertThat(datasources).as("the datasource the compose stack mounts").isRegularFile();
            List<String> urls = new ArrayList<>();
            for (JsonNode d : Repository.readYaml(datasources).path("datasources")) {
                if ("prometheus".equals(d.path("type").asText())) {
                    urls.add(d.path("url").asText());
                }
            }
            assertThat(urls)
                    .as("Grafana reads the stack's Prometheus (service prometheus, port 9090)")
                    .contains("http://prometheus:9090");
            assertThat(compose.services()).contains("prometheus");
        }

        @Test
        void reporterFactoryIsAMetricReporter() throws ClassNotFoundException {
            boolean onClasspath;
            try {
                Class.forName(PROMETHEUS_REPORTER);
                onClasspath = true;
            } catch (ClassNotFoundException e) {
                onClasspath = false;
            }
            assertThat(onClasspath)
                    .as("flink-metrics-prometheus is a dependency of the jar")
                    .isTrue();
            assertThat(org.apache.flink.metrics.reporter.MetricReporterFactory.class)
                    .isAssignableFrom(Class.forName(PROMETHEUS_REPORTER));
        }

        @Test
        void brokerKeepsReplayedHistoryAndTheJobsTransactions() {
            Map<String, String> env = compose.environment("kafka");
            assertThat(env.get("KAFKA_PROCESS_ROLES"))
                    .as("KRaft, one node")
                    .contains("broker", "controller");
            long maxTimeout = Long.parseLong(env.get("KAFKA_TRANSACTION_MAX_TIMEOUT_MS"));
            long jobTimeout =
                    Long.parseLong(
                            KafkaSettings.from(job().kafka())
                                    .producerProperties()
                                    .getProperty("transaction.timeout.ms"));
            assertThat(maxTimeout)
                    .as("the broker accepts the job's transaction timeout")
                    .isGreaterThanOrEqualTo(jobTimeout);
            assertThat(env.get("KAFKA_LOG_RETENTION_MS"))
                    .as("replayed records carry 2001 timestamps: no time-based retention")
                    .isEqualTo("-1");
        }

        @Test
        void servicesStartInOrder() {
            Set<String> conditions =
                    Set.of("service_started", "service_healthy", "service_completed_successfully");
            for (String service : compose.services()) {
                for (Map.Entry<String, String> d : compose.dependsOn(service).entrySet()) {
                    String other = d.getKey();
                    assertThat(compose.services())
                            .as(service + " depends on a service")
                            .contains(other);
                    assertThat(conditions).contains(d.getValue());
                    if (d.getValue().equals("service_healthy")) {
                        assertThat(compose.service(other).has("healthcheck"))
                                .as(
                                        service
                                                + " waits for "
                                                + other
                                                + " to be healthy: it needs a healthcheck")
                                .isTrue();
                    }
                    if (d.getValue().equals("service_completed_successfully")) {
                        assertThat(compose.service(other).path("restart").asText("no"))
                                .as(other + " is a one-shot service")
                                .isEqualTo("no");
                    }
                }
            }
            assertThat(compose.waitsFor("kafka-init", "kafka")).isTrue();
            assertThat(compose.waitsFor("jobmanager", "kafka-init"))
                    .as("the job starts once its topics exist")
                    .isTrue();
            for (String service : FLINK_SERVICES) {
                assertThat(compose.waitsFor(service, "volume-init"))
                        .as(service + " writes to volumes volume-init hands to Flink's user")
                        .isTrue();
            }
            assertThat(compose.waitsFor("replay", "kafka-init")).isTrue();
            assertThat(compose.waitsFor("grafana", "prometheus")).isTrue();
        }

        @Test
        void noSecretsInTheFile() {
            Pattern secret = Pattern.compile("(?i).*(password|secret|token|credential).*");
            for (String service : compose.services()) {
                compose.rawEnvironment(service)
                        .forEach(
                                (name, value) -> {
                                    if (secret.matcher(name).matches() && !value.startsWith("${")) {
                                        fail(
                                                "%s.%s is a literal; take it from the environment"
                                                        + " (${VAR:-dev-default})",
                                                service, name);
                                    }
                                });
            }
        }
    }

    @Nested
    class Kubernetes {

        @TempDir Path temp;

        final KubernetesManifests manifests =
                new KubernetesManifests(
                        List.of(
                                ROOT.resolve("k8s/flinkdeployment.yaml"),
                                ROOT.resolve("k8s/podmonitor.yaml")));

        final JsonNode deployment = manifests.get("FlinkDeployment", null);

        final JsonNode jobSpec = deployment.path("spec").path("job");

        /** What the Kubernetes job file may change in the demo's Kafka job, and why. */
        static final Set<String> KUBERNETES_JOB_CHANGES =
                Set.of(
                        "kafka.bootstrap-servers", // the cluster's brokers
                        "kafka.starting-offsets", // the group's offsets after a restart
                        "checkpoints.directory", // object storage
                        "output.directory"); // the shared volume

        ParseResult run() {
            return TributaryCli.parseSubcommand(Repository.texts(jobSpec.path("args")));
        }

        /** The job file's text, from the ConfigMap mounted where --config points. */
        String jobText() {
            String config = run().matchedOptionValue("--config", (Path) null).toString();
            JsonNode volume =
                    KubernetesManifests.volumeHolding(deployment, config)
                            .orElseThrow(() -> new AssertionError("no volume holds " + config));
            String configMap = volume.path("configMap").path("name").asText(null);
            assertThat(configMap).as("--config lies on a ConfigMap volume").isNotNull();
            String mountPath =
                    KubernetesManifests.mountPath(deployment, volume.path("name").asText());
            String key = config.substring(mountPath.length() + 1);
            JsonNode text = manifests.get("ConfigMap", configMap).path("data").get(key);
            assertThat(text).as("ConfigMap %s has the key %s", configMap, key).isNotNull();
            return text.asText();
        }

        JobConfig job() {
            return JobConfigParser.parse(jobText());
        }

        Configuration flinkConfig() {
            return Configuration.fromMap(KubernetesManifests.flinkConfiguration(deployment));
        }

        /** The FROM image and the COPY source and destination of k8s/Dockerfile. */
        List<String> dockerfile() throws IOException {
            String from = null;
            String source = null;
            String destination = null;
            for (String line : Files.readAllLines(ROOT.resolve("k8s/Dockerfile"))) {
                List<String> words = new ArrayList<>(List.of(line.trim().split("\\s+")));
                if (words.get(0).equals("FROM")) {
                    from = words.get(1);
                } else if (words.get(0).equals("COPY")) {
                    words.removeIf(w -> w.startsWith("--"));
                    source = words.get(1);
                    destination = words.get(2);
                }
            }
            assertThat(from).as("k8s/Dockerfile has a FROM").isNotNull();
            assertThat(source).as("k8s/Dockerfile copies the jar").isNotNull();
            return List.of(from, source, destination);
        }

        @Test
        void imageIsTheFlinkVersionOfTheBuildWithTheShadedJar() throws IOException {
            List<String> dockerfile = dockerfile();
            String version = flinkVersion();
            assertThat(dockerfile.get(0)).isEqualTo("flink:" + version + "-java17");
            assertThat(ROOT.resolve(dockerfile.get(1)).normalize())
                    .as(
                            "k8s/Dockerfile copies the jar the build writes (built from the repository root)")
                    .isEqualTo(Repository.shadedJar());
            assertThat(jobSpec.path("jarURI").asText())
                    .as("job.jarURI is where the image holds the jar")
                    .isEqualTo("local://" + dockerfile.get(2));
            String[] parts = version.split("\\.");
            assertThat(deployment.path("spec").path("flinkVersion").asText())
                    .isEqualTo("v" + parts[0] + "_" + parts[1]);
        }

        @Test
        void entryPointRunsTheDemosKafkaJob() {
            assertThat(jobSpec.path("entryClass").asText())
                    .isEqualTo(Main.class.getName())
                    .isEqualTo(Repository.shadedMainClass());
            assertThat(run().commandSpec().name()).isEqualTo("run");
            assertThat(differencesFromDemo(Repository.readYaml(jobText()), KUBERNETES_JOB_CHANGES))
                    .as(
                            "the ConfigMap's job may differ from %s only at %s",
                            DEMO_KAFKA_JOB, KUBERNETES_JOB_CHANGES)
                    .isEmpty();
            assertThat(job().kafka().startingOffsets())
                    .as("a redeployed job continues from its consumer group's offsets")
                    .isEqualTo("committed");
        }

        @Test
        void stateIsRocksDbOnObjectStorageUpgradedWithSavepoints() {
            Configuration cluster = flinkConfig();
            Configuration program = FlinkSettings.forJob(job(), temp);
            assertRocksDbIncrementalLikeTheJob(cluster, program);
            assertThat(cluster.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                    .as(
                            "execution.checkpointing.dir is where the job checkpoints (checkpoints.directory)")
                    .isEqualTo(program.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                    .startsWith("s3://");
            assertThat(cluster.get(CheckpointingOptions.SAVEPOINT_DIRECTORY)).startsWith("s3://");
            assertThat(cluster.get(HighAvailabilityOptions.HA_STORAGE_PATH)).startsWith("s3://");
            assertThat(KubernetesManifests.env(deployment, "ENABLE_BUILT_IN_PLUGINS"))
                    .as("an S3 file system plugin of this Flink version is enabled")
                    .hasValueSatisfying(
                            plugins ->
                                    assertThat(List.of(plugins.split(";")))
                                            .containsAnyOf(
                                                    "flink-s3-fs-presto-" + flinkVersion() + ".jar",
                                                    "flink-s3-fs-hadoop-"
                                                            + flinkVersion()
                                                            + ".jar"));
            assertThat(jobSpec.path("upgradeMode").asText()).isEqualTo("savepoint");
        }

        @Test
        void parallelismIsTheOneTheJobRunsWith() {
            int pinned = FlinkSettings.forJob(job(), temp).get(CoreOptions.DEFAULT_PARALLELISM);
            assertThat(jobSpec.path("parallelism").asInt(-1))
                    .as(
                            "job.parallelism: the job sets parallelism.default=%d from its job"
                                    + " file's parallelism, which overrides the cluster's; keep"
                                    + " the two equal",
                            pinned)
                    .isEqualTo(pinned);
        }

        @Test
        void registryAndRunRecordsGoToAVolumeEveryPodShares() {
            String output =
                    run().matchedOptionValue("--out", Path.of(job().outputDirectory())).toString();
            JsonNode volume =
                    KubernetesManifests.volumeHolding(deployment, output)
                            .orElseThrow(() -> new AssertionError("no volume holds " + output));
            String claim = volume.path("persistentVolumeClaim").path("claimName").asText(null);
            assertThat(claim).as(output + " lies on a PersistentVolumeClaim").isNotNull();
            assertThat(
                            Repository.texts(
                                    manifests
                                            .get("PersistentVolumeClaim", claim)
                                            .path("spec")
                                            .path("accessModes")))
                    .as("the JobManager and every TaskManager mount it")
                    .contains("ReadWriteMany");
        }

        @Test
        void prometheusFindsTheReporterOnEveryPod() {
            Map<String, String> settings = flinkConfig().toMap();
            assertThat(settings.get("metrics.reporter.prom.factory.class"))
                    .isEqualTo(PROMETHEUS_REPORTER);
            String port = String.valueOf(REPORTER_PORT);
            assertThat(settings.get("metrics.reporter.prom.port")).isEqualTo(port);
            JsonNode annotations =
                    deployment
                            .path("spec")
                            .path("podTemplate")
                            .path("metadata")
                            .path("annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(port);
            String portName = null;
            for (JsonNode p : KubernetesManifests.mainContainer(deployment).path("ports")) {
                if (p.path("containerPort").asText().equals(port)) {
                    portName = p.path("name").asText();
                }
            }
            assertThat(portName).as("the main container declares the reporter port").isNotNull();
            JsonNode monitor = manifests.get("PodMonitor", null).path("spec");
            assertThat(monitor.path("selector").path("matchLabels").path("app").asText())
                    .as("Flink labels its pods app: <FlinkDeployment name>")
                    .isEqualTo(deployment.path("metadata").path("name").asText());
            assertThat(monitor.path("podMetricsEndpoints").path(0).path("port").asText())
                    .isEqualTo(portName);
        }

        @Test
        void reporterIsConfiguredLikeTheJarsOwn() {
            assertReporterLikeTheJars(flinkConfig().toMap(), job(), temp);
        }

        @Test
        void flinkConfigurationKeysAreKnownAndValuesAreStrings() {
            List<String> problems = new ArrayList<>();
            deployment
                    .path("spec")
                    .path("flinkConfiguration")
                    .properties()
                    .forEach(
                            e -> {
                                if (!FlinkOptionKeys.isKnown(e.getKey())) {
                                    problems.add(e.getKey() + " is not a Flink option");
                                }
                                if (!e.getValue().isTextual()) {
                                    problems.add(
                                            e.getKey()
                                                    + ": "
                                                    + e.getValue()
                                                    + " must be a string (quote it): the operator"
                                                    + " reads a map of strings");
                                }
                            });
            assertThat(problems).isEmpty();
        }
    }
}
