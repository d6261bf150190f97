package dev.tributary.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.ReplayProducer;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker;
import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.core.config.CheckpointConfig;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.core.config.KafkaConfig;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.jobs.run.FlinkSettings;
import dev.tributary.jobs.run.RunLayout;
import dev.tributary.jobs.run.StatusFile;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kafka job end to end against a real broker: events, and labels ten minutes later on their own
 * topic, through featurization, serving, the label join, training and publication, with checkpoints
 * every second. A run with five failures injected at seeded points after checkpoints, and a run
 * whose broker restarts in the middle, must each serve every event exactly one committed
 * prediction, train on every label exactly once, and publish bit for bit the models of the same run
 * without failures.
 */
class StreamingJobITCase {

    private static final int EVENTS = 30_000;
    private static final int FAILURES = 5;

    private static EmbeddedKafkaBroker broker;
    private static boolean cleanRunDone;

    @TempDir static Path temp;

    @BeforeAll
    static void produceFlights() throws Exception {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults());
        JobConfig demo = demo("/demo/flights.yaml");
        Path data = TrainingJobITCase.extractFlights(temp);
        KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), "producer", "producer");
        TopicTools.ensureTopics(kafka, 1, List.of("events", "labels"));
        try (ReplayProducer producer = new ReplayProducer(kafka)) {
            producer.replay(
                    ReplayFileSettings.from(
                            demo.source().withPath(data.toString()).withMaxEvents(EVENTS)),
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
    void servesEveryEventOnceAndTrainsOnEveryLabelOnceAsTheFileReplayDoes() throws Exception {
        RunLayout kafka = new RunLayout(temp.resolve("kafka-only"));

        run(job("kafka-only"), kafka, false);

        Map<String, Integer> served = predictionsPerEvent("kafka-only-predictions");
        assertThat(served).as("every event has a prediction").hasSize(EVENTS);
        assertThat(served.values()).as("exactly one each").containsOnly(1);
        ExperimentStatus end = StatusFile.latest(kafka.progress()).orElseThrow();
        assertThat(end.last()).isTrue();
        assertThat(end.examples()).as("every label trained on exactly once").isEqualTo(EVENTS);
        // Labels come a constant 10 minutes after their events, so the join emits examples in
        // event order, and the models are bit for bit those of replaying the file directly.
        assertThat(published(kafka)).isNotEmpty();
        assertThat(end.champion().sinceStart().auc()).isGreaterThan(0.6);
    }

    /**
     * The same job at parallelism 2 (job file key {@code parallelism}), on topics of one partition,
     * so that one reader of each source has nothing to read and must not hold event time back:
     * still every event served once and every label trained on once.
     */
    @Test
    void aJobOfParallelismTwoServesEveryEventOnceAndTrainsOnEveryLabelOnce() throws Exception {
        RunLayout wide = new RunLayout(temp.resolve("wide"));

        run(job("wide").withParallelism(2), wide, false);

        Map<String, Integer> served = predictionsPerEvent("wide-predictions");
        assertThat(served).as("every event has a prediction").hasSize(EVENTS);
        assertThat(served.values()).as("exactly one each").containsOnly(1);
        ExperimentStatus end = StatusFile.latest(wide.progress()).orElseThrow();
        assertThat(end.examples()).as("every label trained on exactly once").isEqualTo(EVENTS);
        assertThat(end.champion().sinceStart().auc()).isGreaterThan(0.6);
        assertThat(published(wide)).isNotEmpty();
    }

    @Test
    void failuresLoseNoPredictionDuplicateNoTrainingAndChangeNoModelBit() throws Exception {
        RunLayout clean = cleanRun();
        RunLayout failing = new RunLayout(temp.resolve("failing"));

        run(job("failing"), failing, true);

        assertThat(FailRepeatedly.FAILURES.get()).as("failures injected").isEqualTo(FAILURES);
        Map<String, Integer> served = predictionsPerEvent("failing-predictions");
        assertThat(served).as("every event has a prediction").hasSize(EVENTS);
        assertThat(served.values()).as("exactly one each").containsOnly(1);
        assertThat(predictionsPerEvent("clean-predictions")).hasSize(EVENTS);

        ExperimentStatus end = StatusFile.latest(failing.progress()).orElseThrow();
        assertThat(end.last()).isTrue();
        assertThat(end.examples()).as("every label trained on exactly once").isEqualTo(EVENTS);
        assertThat(end).isEqualTo(StatusFile.latest(clean.progress()).orElseThrow());
        assertThat(published(failing)).isNotEmpty().isEqualTo(published(clean));
    }

    @Test
    void aBrokerRestartInTheMiddleOfARunIsRecoveredFromAndLosesNothing() throws Exception {
        RunLayout clean = cleanRun();
        RunLayout restarted = new RunLayout(temp.resolve("broker-restart"));
        JobConfig job = job("broker-restart");

        FailRepeatedly.CHECKPOINTS.set(0);
        FailRepeatedly.RECORDS.set(0);
        JobClient client = start(job, restarted, 0);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (FailRepeatedly.CHECKPOINTS.get() == 0) {
            assertThat(System.nanoTime()).as("a first checkpoint completes").isLessThan(deadline);
            Thread.sleep(50);
        }
        // Down long enough for sources, sinks and transactions to notice, then back.
        assertThat(FailRepeatedly.RECORDS.get()).as("in the middle of the run").isLessThan(EVENTS);
        assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        broker.stop();
        Thread.sleep(3_000);
        broker.restart();
        client.getJobExecutionResult().get(3, TimeUnit.MINUTES);

        Map<String, Integer> served = predictionsPerEvent("broker-restart-predictions");
        assertThat(served).as("every event has a prediction").hasSize(EVENTS);
        assertThat(served.values()).as("exactly one each").containsOnly(1);
        ExperimentStatus end = StatusFile.latest(restarted.progress()).orElseThrow();
        assertThat(end).isEqualTo(StatusFile.latest(clean.progress()).orElseThrow());
        assertThat(published(restarted)).isNotEmpty().isEqualTo(published(clean));
    }

    /** The run without failures that the others must equal, run once for the class. */
    private static synchronized RunLayout cleanRun() throws Exception {
        RunLayout clean = new RunLayout(temp.resolve("clean"));
        if (!cleanRunDone) {
            run(job("clean"), clean, false);
            cleanRunDone = true;
        }
        return clean;
    }

    private static JobConfig demo(String resource) throws Exception {
        try (InputStream in = StreamingJobITCase.class.getResourceAsStream(resource)) {
            return JobConfigParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The Kafka demo job, reading the shared input topics, writing outputs of its own. */
    private static JobConfig job(String run) throws Exception {
        JobConfig demo = demo("/demo/flights-kafka.yaml");
        KafkaConfig.Topics topics =
                new KafkaConfig.Topics(
                        "events",
                        "labels",
                        run + "-control",
                        run + "-predictions",
                        run + "-dead-letters",
                        run + "-decisions",
                        run + "-model-updates");
        KafkaConfig kafka =
                new KafkaConfig(broker.bootstrapServers(), run, "earliest", run, Map.of(), topics);
        TopicTools.ensureTopics(
                KafkaSettings.from(kafka),
                1,
                List.of(
                        topics.predictions(),
                        topics.deadLetters(),
                        topics.decisions(),
                        topics.modelUpdates()));
        return demo.withKafka(kafka)
                .withCheckpoints(new CheckpointConfig(Duration.ofSeconds(1), null));
    }

    private static void run(JobConfig job, RunLayout layout, boolean injectFailures)
            throws Exception {
        start(job, layout, injectFailures ? FAILURES : 0)
                .getJobExecutionResult()
                .get(5, TimeUnit.MINUTES);
    }

    private static JobClient start(JobConfig job, RunLayout layout, int failures) throws Exception {
        layout.clearPreviousRun();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkSettings.forJob(job, layout));
        StreamingJob.Streams streams =
                StreamingJob.build(
                        env,
                        job,
                        layout.registry(),
                        new LearnerSettings(10_000, 0, "test", 1000),
                        true);
        streams.status().sinkTo(new JsonLinesFileSink<>(layout.progress(), true)).setParallelism(1);
        streams.references().sinkTo(new DiscardingSink<>());
        streams.predictions()
                .map(new FailRepeatedly(failures, 42))
                .returns(TypeInformation.of(Prediction.class))
                .sinkTo(new DiscardingSink<>());
        return env.executeAsync(job.name());
    }

    private static List<ModelArtifact> published(RunLayout layout) {
        LocalModelRegistry registry = new LocalModelRegistry(layout.registry());
        List<ModelArtifact> artifacts = new ArrayList<>();
        for (String model : List.of("logreg-ftrl", "logreg-ftrl-default")) {
            for (long version : registry.versions("flights", model)) {
                artifacts.add(registry.load("flights", model, version).orElseThrow());
            }
        }
        return artifacts;
    }

    /** How many committed predictions each event id has on {@code topic}. */
    private static Map<String, Integer> predictionsPerEvent(String topic) {
        KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), "check", "check");
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> perEvent = new HashMap<>();
        TopicTools.readCommitted(
                kafka,
                topic,
                value -> {
                    try {
                        perEvent.merge(json.readTree(value).path("id").asText(), 1, Integer::sum);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        return perEvent;
    }

    /**
     * Fails up to {@code failures} times in a run, each time a seeded number of records after a
     * checkpoint completed in the current attempt, so that every failure restores from a real
     * checkpoint. Sleeps a little per record so that the job lives long enough to fail often.
     */
    static final class FailRepeatedly extends RichMapFunction<Prediction, Prediction>
            implements CheckpointListener {

        static final AtomicInteger FAILURES = new AtomicInteger();
        static final AtomicInteger CHECKPOINTS = new AtomicInteger();
        static final AtomicLong RECORDS = new AtomicLong();

        private final int failures;
        private final long seed;
        private transient long afterCheckpoint;
        private transient long failAfter;
        private transient long records;

        FailRepeatedly(int failures, long seed) {
            this.failures = failures;
            this.seed = seed;
        }

        @Override
        public void open(OpenContext context) {
            afterCheckpoint = -1;
            failAfter = new SplittableRandom(seed + FAILURES.get()).nextLong(50, 500);
        }

        @Override
        public Prediction map(Prediction prediction) throws Exception {
            RECORDS.incrementAndGet();
            if (++records % 5 == 0) {
                Thread.sleep(1);
            }
            if (afterCheckpoint >= 0
                    && ++afterCheckpoint > failAfter
                    && FAILURES.get() < failures) {
                FAILURES.incrementAndGet();
                throw new IllegalStateException("injected failure " + FAILURES.get());
            }
            return prediction;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS.incrementAndGet();
            if (afterCheckpoint < 0) {
                afterCheckpoint = 0;
            }
        }
    }
}
