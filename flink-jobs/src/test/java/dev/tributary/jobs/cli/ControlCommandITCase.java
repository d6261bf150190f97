package dev.tributary.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.ReplayProducer;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker;
import dev.tributary.core.config.CheckpointConfig;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.core.config.KafkaConfig;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.jobs.pipeline.JsonLinesFileSink;
import dev.tributary.jobs.pipeline.StreamingJob;
import dev.tributary.jobs.run.FlinkSettings;
import dev.tributary.jobs.run.RunLayout;
import dev.tributary.jobs.run.StatusFile;
import dev.tributary.jobs.testing.KafkaTesting;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary control} against a running Kafka job on a real broker. The job starts before its
 * control topic exists (the command line creates it) and must find it; a pause produced by the
 * command line reaches the experiment's learner and supervisor, and is logged as a PAUSE on the
 * decisions topic; a command for an experiment the job does not run is rejected there; a control
 * record that is not a command is dead-lettered with its reason.
 */
class ControlCommandITCase {

    private static final int EVENTS = 3_000;
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path temp;

    @Test
    void aCommandFromTheCommandLineReachesTheRunningJobAndIsLogged() throws Exception {
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults())) {
            String servers = broker.bootstrapServers();
            JobConfig job = job(servers);
            produceFlights(job, servers);
            RunLayout layout = new RunLayout(temp.resolve("run"));
            JobClient client = start(job, layout);
            try {
                awaitValue(
                        "the job trained on labelled examples",
                        () -> StatusFile.latest(layout.progress()),
                        status -> status.map(ExperimentStatus::examples).orElse(0L) >= 500);

                String pause = control("pause", "--experiment", "flights", "--bootstrap", servers);
                String unknown =
                        control(
                                "promote",
                                "--experiment",
                                "trains",
                                "--model",
                                "lr",
                                "--bootstrap",
                                servers);
                sendRaw(servers, "{\"id\":\"bad-1\",\"command\":\"pause\"}");

                JsonNode paused = awaitRecord(servers, "decisions", about(pause));
                assertThat(paused.path("experiment").asText()).isEqualTo("flights");
                assertThat(paused.path("kind").asText())
                        .as("the demo experiment retrains, so it can pause: %s", paused)
                        .isEqualTo("PAUSE");
                assertThat(paused.path("examples").asLong())
                        .as("judged by the experiment's learner, which had learned")
                        .isGreaterThanOrEqualTo(500);

                JsonNode refused = awaitRecord(servers, "decisions", about(unknown));
                assertThat(refused.path("kind").asText()).isEqualTo("REJECT");
                assertThat(refused.path("reason").asText())
                        .isEqualTo(
                                "promote (command "
                                        + unknown
                                        + "): experiment trains is not configured by this job;"
                                        + " configured: [flights]");

                JsonNode dead =
                        awaitRecord(
                                servers,
                                "dead-letters",
                                d -> d.path("id").asText().equals("bad-1"));
                assertThat(dead.path("reason").asText()).isEqualTo("MISSING_FIELD");
                assertThat(dead.path("field").asText()).isEqualTo("experiment");
            } finally {
                client.cancel().get(1, TimeUnit.MINUTES);
            }
        }
    }

    /** Runs {@code tributary control ...} and returns the id of the command it sent. */
    private static String control(String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 1];
        full[0] = "control";
        System.arraycopy(args, 0, full, 1, args.length);

        assertThat(cli.execute(full)).as("%s", err).isZero();

        String printed = out.toString();
        assertThat(printed).startsWith("Sent " + args[0] + " for experiment " + args[2]);
        String jsonLine = printed.lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow();
        return JSON.readTree(jsonLine).path("id").asText();
    }

    /** A decision about the command with this id: its reason names the id. */
    private static Predicate<JsonNode> about(String id) {
        return d -> d.path("reason").asText().contains(id);
    }

    /** The first committed record of {@code topic} that {@code wanted} accepts, once there. */
    private static JsonNode awaitRecord(String servers, String topic, Predicate<JsonNode> wanted)
            throws Exception {
        return awaitValue(
                        "a record on " + topic,
                        () ->
                                KafkaTesting.committed(servers, topic).stream()
                                        .filter(wanted)
                                        .findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    private interface Probe<T> {
        T get() throws Exception;
    }

    private static <T> T awaitValue(String what, Probe<T> probe, Predicate<T> done)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            assertThat(System.nanoTime()).as("%s within %s", what, PATIENCE).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** The Kafka demo job on the default topics, checking for its control topic every second. */
    private static JobConfig job(String servers) throws Exception {
        JobConfig demo = JobConfigParser.parse(KafkaTesting.resource("/demo/flights-kafka.yaml"));
        KafkaConfig kafka =
                new KafkaConfig(
                        servers,
                        "control-it",
                        "earliest",
                        "control-it",
                        Map.of("partition.discovery.interval.ms", "1000"),
                        KafkaConfig.Topics.DEFAULTS);
        KafkaTesting.ensureOutputTopics(kafka);
        assertThat(demo.experiment().retrains()).as("the demo experiment retrains").isTrue();
        return demo.withKafka(kafka)
                .withCheckpoints(new CheckpointConfig(Duration.ofSeconds(1), null));
    }

    private void produceFlights(JobConfig job, String servers) throws Exception {
        Path data = temp.resolve("flights.csv.gz");
        try (InputStream in =
                ControlCommandITCase.class.getResourceAsStream("/data/flights-2001-1m.csv.gz")) {
            Files.copy(in, data);
        }
        JobConfig file = JobConfigParser.parse(KafkaTesting.resource("/demo/flights.yaml"));
        KafkaSettings kafka = KafkaSettings.of(servers, "producer", "producer");
        TopicTools.ensureTopics(kafka, 1, List.of("events", "labels"));
        try (ReplayProducer producer = new ReplayProducer(kafka)) {
            producer.replay(
                    ReplayFileSettings.from(
                            file.source().withPath(data.toString()).withMaxEvents(EVENTS)),
                    new ReplayProducer.Plan(
                            "events", "labels", "delayed", Duration.ofMinutes(10), 0));
        }
    }

    private static JobClient start(JobConfig job, RunLayout layout) throws Exception {
        layout.clearPreviousRun();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkSettings.forJob(job, layout));
        StreamingJob.Streams streams =
                StreamingJob.build(
                        env,
                        job,
                        layout.registry(),
                        new LearnerSettings(500, 0, "test", 1000),
                        false);
        streams.status().sinkTo(new JsonLinesFileSink<>(layout.progress(), true)).setParallelism(1);
        streams.references().sinkTo(new DiscardingSink<>());
        streams.predictions().sinkTo(new DiscardingSink<>());
        return env.executeAsync(job.name());
    }

    private static void sendRaw(String servers, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("control", value.getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
    }
}
