package dev.tributary.jobs.pipeline;

import static dev.tributary.jobs.testing.KafkaTesting.committed;
import static dev.tributary.jobs.testing.KafkaTesting.ensureOutputTopics;
import static dev.tributary.jobs.testing.KafkaTesting.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.ReplayProducer;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker;
import dev.tributary.core.config.CheckpointConfig;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.core.config.KafkaConfig;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.jobs.run.RunLayout;
import dev.tributary.jobs.run.RunSummary;
import dev.tributary.jobs.run.TrainingRun;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad records on both input topics of the Kafka job, among good ones: truncated JSON, bytes that
 * are not UTF-8, tombstones, values that are not objects, missing and mistyped ids, wrong field
 * types, unreadable times, an experiment the job does not run, labels that are not labels or label
 * no event. Each must reach the dead-letter topic once, with its reason; the run summary must count
 * them per reason; every good event must still be served and trained on, so that no record is lost
 * and the job runs to its end.
 */
class BadRecordsITCase {

    private static final int GOOD_EVENTS = 3_000;

    /**
     * The time of the bad records: just before the first flight. A record's time moves the
     * watermark, and one far ahead of the stream would make every good event late.
     */
    private static final String TIME = "2001-01-01T00:00:00Z";

    /** A bad record for a topic, and the reason it must be dead-lettered with. */
    private record Bad(String topic, byte[] value, ReasonCode reason) {
        static Bad json(String topic, String json, ReasonCode reason) {
            return new Bad(topic, json.getBytes(StandardCharsets.UTF_8), reason);
        }
    }

    private static final List<Bad> BAD =
            List.of(
                    Bad.json("events", "{\"id\":\"t1\",\"ts\":\"2001-01-0", ReasonCode.MALFORMED),
                    new Bad(
                            "events",
                            new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, 0x28, '"'},
                            ReasonCode.MALFORMED),
                    new Bad("events", null, ReasonCode.MALFORMED),
                    Bad.json("events", "[1, 2, 3]", ReasonCode.MALFORMED),
                    Bad.json("events", flight(null, TIME, "500", null), ReasonCode.MISSING_FIELD),
                    Bad.json(
                            "events",
                            flight(null, TIME, "500", null).replace("{", "{\"id\":{\"n\":1},"),
                            ReasonCode.BAD_TYPE),
                    Bad.json("events", flight("w1", TIME, "far", null), ReasonCode.BAD_TYPE),
                    Bad.json(
                            "events",
                            flight("w2", "yesterday", "500", null),
                            ReasonCode.BAD_TIMESTAMP),
                    Bad.json(
                            "events",
                            flight("w3", TIME, "500", "trains"),
                            ReasonCode.UNKNOWN_EXPERIMENT),
                    Bad.json("events", flight("w4", TIME, "1e999", null), ReasonCode.NOT_FINITE),
                    Bad.json("labels", "{\"id\":\"7\",\"label\":", ReasonCode.MALFORMED),
                    Bad.json(
                            "labels",
                            "{\"label\":1,\"ts\":\"" + TIME + "\"}",
                            ReasonCode.MISSING_FIELD),
                    Bad.json(
                            "labels",
                            "{\"id\":\"8\",\"label\":\"maybe\",\"ts\":\"" + TIME + "\"}",
                            ReasonCode.BAD_LABEL),
                    Bad.json(
                            "labels",
                            "{\"id\":\"9\",\"label\":1,\"ts\":\"soon\"}",
                            ReasonCode.BAD_TIMESTAMP),
                    Bad.json(
                            "labels",
                            "{\"id\":\"nobody\",\"label\":1,\"ts\":\"" + TIME + "\"}",
                            ReasonCode.ORPHAN_LABEL));

    private static EmbeddedKafkaBroker broker;

    @TempDir static Path temp;

    private static String flight(String id, String ts, String distance, String experiment) {
        return "{"
                + (id == null ? "" : "\"id\":\"" + id + "\",")
                + (experiment == null ? "" : "\"experiment\":\"" + experiment + "\",")
                + "\"ts\":\""
                + ts
                + "\",\"dow\":1,\"hour\":6,\"distance\":\""
                + distance
                + "\",\"origin\":\"ORD\",\"dest\":\"LGA\"}";
    }

    @BeforeAll
    static void produceGoodAndBadRecords() throws Exception {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults());
        KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), "producer", "producer");
        TopicTools.ensureTopics(kafka, 1, List.of("events", "labels"));
        // Half of the bad records come before the good ones, half after: the job must go on
        // serving and training after a bad record, and must not stall on one at the end.
        List<Bad> before = new ArrayList<>();
        List<Bad> after = new ArrayList<>();
        for (int i = 0; i < BAD.size(); i++) {
            (i % 2 == 0 ? before : after).add(BAD.get(i));
        }
        send(before);
        Path data = TrainingJobITCase.extractFlights(temp);
        JobConfig file = JobConfigParser.parse(resource("/demo/flights.yaml"));
        try (ReplayProducer producer = new ReplayProducer(kafka)) {
            producer.replay(
                    ReplayFileSettings.from(
                            file.source().withPath(data.toString()).withMaxEvents(GOOD_EVENTS)),
                    new ReplayProducer.Plan(
                            "events", "labels", "delayed", Duration.ofMinutes(10), 0));
        }
        send(after);
    }

    private static void send(List<Bad> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Bad bad : records) {
                producer.send(new ProducerRecord<>(bad.topic(), bad.value()));
            }
            producer.flush();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyBadRecordIsDeadLetteredOnceWithItsReasonAndCountedAndTheRestIsServedAndTrained()
            throws Exception {
        JobConfig job = job();
        ensureOutputTopics(job.kafka());
        RunLayout layout = new RunLayout(temp.resolve("run"));
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        RunSummary summary =
                TrainingRun.execute(
                        job,
                        layout,
                        new TrainingRun.Options(
                                false, new LearnerSettings(1000, 0, "test", 500), true),
                        new PrintStream(console, true, StandardCharsets.UTF_8));

        long badEvents = BAD.stream().filter(b -> b.topic().equals("events")).count();
        Map<ReasonCode, Long> expected = new HashMap<>();
        for (Bad bad : BAD) {
            expected.merge(bad.reason(), 1L, Long::sum);
        }
        List<JsonNode> deadLetters =
                committed(broker.bootstrapServers(), job.kafka().topics().deadLetters());
        Map<ReasonCode, Long> onTopic = new HashMap<>();
        for (JsonNode d : deadLetters) {
            onTopic.merge(ReasonCode.valueOf(d.path("reason").asText()), 1L, Long::sum);
        }
        assertThat(onTopic)
                .as("dead letters on the topic, by reason: %s", deadLetters)
                .isEqualTo(expected);
        assertThat(summary.deadLettersByReason()).as("counted by reason").isEqualTo(expected);
        assertThat(summary.deadLetters()).isEqualTo(BAD.size());

        // None lost: every event read is served or dead-lettered, every good one trained on.
        assertThat(summary.events()).isEqualTo(GOOD_EVENTS + badEvents);
        assertThat(summary.predictions()).isEqualTo(GOOD_EVENTS);
        assertThat(summary.finalStatus().examples()).isEqualTo(GOOD_EVENTS);
        Set<String> served = new HashSet<>();
        for (JsonNode p :
                committed(broker.bootstrapServers(), job.kafka().topics().predictions())) {
            served.add(p.path("id").asText());
        }
        assertThat(served).hasSize(GOOD_EVENTS).contains("8", "9");

        // Dead letters say what was wrong and keep the record for a replay after a fix.
        JsonNode foreign = find(deadLetters, "w3");
        assertThat(foreign.path("field").asText()).isEqualTo("experiment");
        assertThat(foreign.path("raw").asText()).contains("\"trains\"");
        assertThat(find(deadLetters, "w1").path("field").asText()).isEqualTo("distance");
        assertThat(find(deadLetters, "events-0-0").path("detail").asText())
                .startsWith("invalid JSON");
        assertThat(find(deadLetters, "8").path("raw").asText()).isEqualTo("maybe");
    }

    private static JsonNode find(List<JsonNode> deadLetters, String id) {
        return deadLetters.stream()
                .filter(d -> d.path("id").asText().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no dead letter for " + id));
    }

    /** The demo's Kafka job on this broker, with events that may name their experiment. */
    private static JobConfig job() throws IOException {
        JobConfig demo =
                JobConfigParser.parse(
                        resource("/demo/flights-kafka.yaml")
                                .replace(
                                        "  id-field: id\n  event-time:",
                                        "  id-field: id\n  experiment-field: experiment\n  event-time:"));
        assertThat(demo.source().experimentField()).isEqualTo("experiment");
        KafkaConfig kafka =
                new KafkaConfig(
                        broker.bootstrapServers(),
                        "bad",
                        "earliest",
                        "bad",
                        Map.of(),
                        KafkaConfig.Topics.DEFAULTS);
        return demo.withKafka(kafka)
                .withCheckpoints(new CheckpointConfig(Duration.ofSeconds(1), null))
                .withOutputDirectory(temp.resolve("run").toString());
    }
}
