package dev.tributary.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.core.config.CheckpointConfig;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.core.config.SourceConfig;
import dev.tributary.core.config.SourceKind;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.jobs.run.FlinkSettings;
import dev.tributary.jobs.run.RunLayout;
import dev.tributary.jobs.run.StatusFile;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole training job on a Flink MiniCluster with RocksDB and checkpoints, on real flights data:
 * a run with a failure injected at a seeded point after a checkpoint must publish exactly the
 * models, bit for bit, of the same run without failure.
 */
class TrainingJobITCase {

    private static final int EVENTS = 40_000;

    @TempDir Path temp;

    @Test
    void aFailureAndRestoreChangeNoModelBitAndNoMetric() throws Exception {
        Path data = extractFlights(temp);
        Path clean = temp.resolve("clean");
        Path failing = temp.resolve("failing");

        JobExecutionResult withoutFailure = run(job(data), new RunLayout(clean), false);
        JobExecutionResult withFailure = run(job(data), new RunLayout(failing), true);

        assertThat(FailOnceAfterCheckpoint.FAILED).as("the failure was injected").isTrue();
        assertThat(FailOnceAfterCheckpoint.OPENED.get())
                .as("the job was restarted")
                .isGreaterThanOrEqualTo(2);
        List<ModelArtifact> expected = published(clean);
        List<ModelArtifact> actual = published(failing);
        // 40k examples, published every 10k: versions 1..4 of the champion.
        assertThat(expected).hasSize(4);
        assertThat(actual).isEqualTo(expected);
        // The registry's decision log holds each decision once, replayed or not.
        List<Decision> expectedDecisions = decisions(clean);
        assertThat(expectedDecisions)
                .filteredOn(
                        d -> d.kind() == DecisionKind.PUBLISH && d.modelId().equals("logreg-ftrl"))
                .extracting(Decision::version)
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(decisions(failing)).isEqualTo(expectedDecisions);

        ExperimentStatus expectedEnd =
                StatusFile.latest(new RunLayout(clean).progress()).orElseThrow();
        ExperimentStatus actualEnd =
                StatusFile.latest(new RunLayout(failing).progress()).orElseThrow();
        assertThat(actualEnd.last()).isTrue();
        assertThat(actualEnd).isEqualTo(expectedEnd);
        assertThat(actualEnd.examples()).isEqualTo(EVENTS);
        assertThat(actualEnd.champion().sinceStart().auc()).isGreaterThan(0.6);

        // Counts survive the restore exactly.
        for (JobExecutionResult result : List.of(withoutFailure, withFailure)) {
            assertThat(result.<Long>getAccumulatorResult(FeaturizeFunction.EVENTS_ACCUMULATOR))
                    .isEqualTo(EVENTS);
            assertThat(result.<Long>getAccumulatorResult(DeadLetterCount.TOTAL_ACCUMULATOR))
                    .isZero();
        }
    }

    private static JobConfig job(Path data) throws Exception {
        String yaml;
        try (InputStream in = TrainingJobITCase.class.getResourceAsStream("/demo/flights.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JobConfig demo =
                JobConfigParser.parse(
                        yaml.replace("publish-every: 100000", "publish-every: 10000"));
        // Rate-limited so that checkpoints (every 200 ms) complete while the job runs.
        SourceConfig source =
                new SourceConfig(
                        SourceKind.FILE,
                        data.toString(),
                        demo.source().format(),
                        demo.source().eventTimeField(),
                        demo.source().eventTimeFormat(),
                        demo.source().zone(),
                        null,
                        20_000,
                        EVENTS);
        return demo.withSource(source)
                .withCheckpoints(new CheckpointConfig(Duration.ofMillis(200), null));
    }

    private static JobExecutionResult run(JobConfig job, RunLayout layout, boolean injectFailure)
            throws Exception {
        layout.clearPreviousRun();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkSettings.forJob(job, layout));
        TrainingJob.Streams streams =
                TrainingJob.build(
                        env, job, layout.registry(), new LearnerSettings(5_000, 100, "test"));
        streams.status().sinkTo(new JsonLinesFileSink<>(layout.progress(), true)).setParallelism(1);
        streams.deadLetters().sinkTo(new DiscardingSink<>());
        streams.references().sinkTo(new DiscardingSink<>());
        streams.decisions().sinkTo(new DiscardingSink<>());
        if (injectFailure) {
            streams.predictions()
                    .map(new FailOnceAfterCheckpoint(new SplittableRandom(42).nextInt(1, 5_000)))
                    .returns(TypeInformation.of(Prediction.class))
                    .sinkTo(new DiscardingSink<>());
        } else {
            streams.predictions().sinkTo(new DiscardingSink<>());
        }
        return env.execute(job.name());
    }

    private static List<ModelArtifact> published(Path root) throws Exception {
        LocalModelRegistry registry = new LocalModelRegistry(new RunLayout(root).registry());
        List<ModelArtifact> artifacts = new ArrayList<>();
        for (long version : registry.versions("flights", "logreg-ftrl")) {
            artifacts.add(registry.load("flights", "logreg-ftrl", version).orElseThrow());
        }
        return artifacts;
    }

    private static List<Decision> decisions(Path root) {
        return new LocalModelRegistry(new RunLayout(root).registry()).decisions("flights");
    }

    static Path extractFlights(Path directory) throws Exception {
        Path data = directory.resolve("flights.csv.gz");
        try (InputStream in =
                TrainingJobITCase.class.getResourceAsStream("/data/flights-2001-1m.csv.gz")) {
            Files.copy(in, data);
        }
        return data;
    }

    /**
     * Throws once, a seeded number of records after the first completed checkpoint, so that the job
     * restores from a real checkpoint in the middle of its input.
     */
    static final class FailOnceAfterCheckpoint extends RichMapFunction<Prediction, Prediction>
            implements CheckpointListener {

        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicInteger OPENED = new AtomicInteger();
        private static final AtomicLong AFTER_CHECKPOINT = new AtomicLong(-1);

        private final int recordsAfterCheckpoint;

        FailOnceAfterCheckpoint(int recordsAfterCheckpoint) {
            this.recordsAfterCheckpoint = recordsAfterCheckpoint;
        }

        @Override
        public void open(OpenContext context) {
            OPENED.incrementAndGet();
        }

        @Override
        public Prediction map(Prediction prediction) {
            if (!FAILED.get()
                    && AFTER_CHECKPOINT.get() >= 0
                    && AFTER_CHECKPOINT.incrementAndGet() > recordsAfterCheckpoint) {
                FAILED.set(true);
                throw new IllegalStateException("injected failure");
            }
            return prediction;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            AFTER_CHECKPOINT.compareAndSet(-1, 0);
        }
    }
}
