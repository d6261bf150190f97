package dev.tributary.jobs.serve;

import static dev.tributary.jobs.testing.KafkaTesting.committed;
import static dev.tributary.jobs.testing.KafkaTesting.ensureOutputTopics;
import static dev.tributary.jobs.testing.KafkaTesting.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.ReplayProducer;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker;
import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.connectors.registry.ModelBundle;
import dev.tributary.core.config.CheckpointConfig;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.core.config.KafkaConfig;
import dev.tributary.core.model.InputStatistics;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.jobs.run.RunLayout;
import dev.tributary.jobs.run.RunSummary;
import dev.tributary.jobs.run.TrainingRun;
import dev.tributary.jobs.testing.FlightsCsv;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A published model scores raw events outside Flink exactly as the in-job scorer did. The Kafka job
 * serves flights with a feature spec that learns from the stream: a median imputation of distances
 * that are missing, quantile clipping, buckets, a cross of an integer, a cyclic time, a destination
 * vocabulary that leaves rare airports to its out-of-vocabulary bucket, and entity features of the
 * origin airport kept in keyed state. {@code ModelBundle}, given only the registry, must reproduce
 * every committed prediction of each published version from the events as they were sent. A bundle
 * keeps entity features from the events it scores, so each version's bundle scores the whole stream
 * in order.
 */
class ModelBundleITCase {

    private static final int EVENTS = 16_000;

    private static final String FEATURES =
            """
            features:
              hash-bits: 18
              label: delayed
              entity: origin
              fields:
                - { name: dow, type: category }
                - { name: hour, type: integer, range: [0, 23], buckets: [6, 12, 18] }
                - name: distance
                  type: number
                  required: false
                  range: [0, 10000]
                  log1p: true
                  impute: median
                  missing-indicator: true
                  clip: { quantiles: [0.01, 0.99] }
                - { name: origin, type: category }
                - { name: dest, type: category, vocabulary: { min-count: 50, bits: 10 } }
                - { name: ts, type: timestamp, format: iso, zone: America/Chicago, parts: [day-of-week, cyclic] }
              crosses:
                - [origin, dest]
                - [hour, dow]
              entity-features: { window: 2h, ttl: 1d, count: true, since-last: true, mean: [distance] }
            experiment:""";

    private static EmbeddedKafkaBroker broker;

    @TempDir static Path temp;

    @BeforeAll
    static void produceFlightsWithSomeDistancesMissing() throws Exception {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults());
        KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), "producer", "producer");
        TopicTools.ensureTopics(kafka, 1, List.of("events", "labels"));
        List<String> lines = new ArrayList<>();
        lines.add(FlightsCsv.HEADER);
        List<String[]> rows = FlightsCsv.rows(EVENTS);
        for (int i = 0; i < rows.size(); i++) {
            String[] f = rows.get(i);
            if (i % 20 == 7) {
                f[3] = "";
            }
            lines.add(String.join(",", f));
        }
        Path data = Files.write(temp.resolve("flights.csv"), lines);
        JobConfig file = JobConfigParser.parse(resource("/demo/flights.yaml"));
        try (ReplayProducer producer = new ReplayProducer(kafka)) {
            producer.replay(
                    ReplayFileSettings.from(file.source().withPath(data.toString())),
                    new ReplayProducer.Plan(
                            "events", "labels", "delayed", Duration.ofMinutes(10), 0));
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aBundleScoresEveryServedEventAsTheInJobScorerDid() throws Exception {
        JobConfig job = job();
        KafkaConfig.Topics t = job.kafka().topics();
        ensureOutputTopics(job.kafka());
        RunLayout layout = new RunLayout(temp.resolve("run"));
        RunSummary summary =
                TrainingRun.execute(
                        job,
                        layout,
                        new TrainingRun.Options(
                                false, new LearnerSettings(1000, 1000, "test", 0), true),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(summary.deadLetters()).isZero();
        assertThat(summary.predictions()).isEqualTo(EVENTS);

        List<Map<String, Object>> events = new ArrayList<>();
        for (JsonNode e : committed(broker.bootstrapServers(), "events")) {
            events.add(new ObjectMapper().convertValue(e, MAP));
        }
        LocalModelRegistry registry = new LocalModelRegistry(layout.registry());
        // Every committed prediction of a published version (version 0 is the untrained model
        // before the first publication, which the registry does not hold); how many there are
        // depends on how far the scorer ran ahead of training.
        List<JsonNode> served = new ArrayList<>();
        for (JsonNode p : committed(broker.bootstrapServers(), t.predictions())) {
            if (p.path("modelVersion").asLong() > 0) {
                served.add(p);
            }
        }
        Agreement onServed = agreement(registry, events, served);
        // And, deterministically, the job's own scores of each version on the 1,000 examples
        // before its publication: the same frozen model the scorer serves.
        List<JsonNode> references = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(layout.references())) {
            references.add(json.readTree(line));
        }
        Agreement onReferences = agreement(registry, events, references);

        System.out.printf(
                "ModelBundle: %s on served predictions, %s on reference predictions%n",
                onServed, onReferences);
        assertThat(onServed.largestDifference()).as("served: %s", onServed).isLessThan(1e-6);
        assertThat(onReferences.largestDifference())
                .as("references: %s", onReferences)
                .isLessThan(1e-6);
        assertThat(onReferences.scores()).isGreaterThanOrEqualTo(10_000);
        assertThat(onReferences.versions()).isGreaterThanOrEqualTo(10);
        assertThat(onReferences.missingDistance()).isGreaterThan(400);

        // The manifest carries the statistics in force: learned, finite, and used.
        try (ModelBundle last =
                ModelBundle.of(registry.latest("flights", "logreg-ftrl").orElseThrow())) {
            InputStatistics stats = last.inputStatistics();
            assertThat(stats.names().get(0)).isEqualTo("distance");
            assertThat(stats.impute()[0]).isBetween(Math.log1p(100), Math.log1p(3000));
            assertThat(stats.lower()[0]).isGreaterThan(3.0).isLessThan(stats.impute()[0]);
            assertThat(stats.upper()[0]).isGreaterThan(stats.impute()[0]).isLessThan(9.0);
            assertThat(last.featureSpec().fields()).hasSize(6);
            assertThat(stats.names())
                    .endsWith("origin:count", "origin:since_last", "origin:mean:distance");
            assertThat(last.vocabularySizes().get("dest")).isBetween(50L, 300L);
            int mean = stats.names().indexOf("origin:mean:distance");
            assertThat(stats.impute()[mean]).as("a learned mean").isGreaterThan(4.0);
            // A raw event the spec refuses is not scored, and says why.
            Map<String, Object> tooFar = new LinkedHashMap<>(events.get(0));
            tooFar.put("distance", 25_000);
            ModelBundle.Score refused = last.score(tooFar);
            assertThat(refused.isScored()).isFalse();
            assertThat(refused.rejection().reason()).isEqualTo(ReasonCode.OUT_OF_RANGE);
            assertThat(refused.rejection().field()).isEqualTo("distance");
        }
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    /** How well bundles reproduced a set of the job's scores. */
    private record Agreement(
            int scores, int versions, int missingDistance, double largestDifference) {}

    /**
     * Scores the whole stream, in order, with the bundle of each version that made a job score, and
     * compares that version's scores.
     */
    private static Agreement agreement(
            LocalModelRegistry registry,
            List<Map<String, Object>> events,
            List<JsonNode> jobScores) {
        Map<String, Map<String, Double>> byVersion = new TreeMap<>();
        for (JsonNode s : jobScores) {
            byVersion
                    .computeIfAbsent(
                            s.path("modelId").asText() + "@" + s.path("modelVersion").asLong(),
                            v -> new HashMap<>())
                    .put(s.path("id").asText(), s.path("score").asDouble());
        }
        long[] times = new long[events.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = Instant.parse((String) events.get(i).get("ts")).toEpochMilli();
        }
        int compared = 0;
        int missingDistance = 0;
        double largest = 0;
        for (Map.Entry<String, Map<String, Double>> version : byVersion.entrySet()) {
            String[] modelAndVersion = version.getKey().split("@");
            Map<String, Double> expected = version.getValue();
            try (ModelBundle bundle =
                    ModelBundle.load(
                            registry,
                            "flights",
                            modelAndVersion[0],
                            Long.parseLong(modelAndVersion[1]))) {
                List<ModelBundle.Score> bundled = bundle.score(events, times);
                for (int i = 0; i < events.size(); i++) {
                    Double score = expected.get(String.valueOf(events.get(i).get("id")));
                    if (score == null) {
                        continue;
                    }
                    assertThat(bundled.get(i).isScored()).isTrue();
                    largest = Math.max(largest, Math.abs(bundled.get(i).value() - score));
                    compared++;
                    if (!events.get(i).containsKey("distance")) {
                        missingDistance++;
                    }
                }
            }
        }
        return new Agreement(compared, byVersion.size(), missingDistance, largest);
    }

    private static JobConfig job() throws IOException {
        String yaml = resource("/demo/flights-kafka.yaml");
        int start = yaml.indexOf("features:");
        int end = yaml.indexOf("experiment:");
        yaml =
                yaml.substring(0, start)
                        + FEATURES
                        + yaml.substring(end + "experiment:".length())
                                .replace("publish-every: 100000", "publish-every: 1000")
                                .replace("update-every: 1000", "update-every: 0");
        JobConfig demo = JobConfigParser.parse(yaml);
        assertThat(demo.serving().updateEvery()).isZero();
        KafkaConfig kafka =
                new KafkaConfig(
                        broker.bootstrapServers(),
                        "bundle",
                        "earliest",
                        "bundle",
                        Map.of(),
                        KafkaConfig.Topics.DEFAULTS);
        return demo.withKafka(kafka)
                .withCheckpoints(new CheckpointConfig(Duration.ofSeconds(1), null))
                .withOutputDirectory(temp.resolve("run").toString());
    }
}
