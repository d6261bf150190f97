package dev.tributary.trainer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.AdaGradConfig;
import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.BatchConfig;
import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.config.NormalizedConfig;
import dev.tributary.core.config.OptimizerConfig;
import dev.tributary.core.config.SgdConfig;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.Prediction;
import dev.tributary.trainer.experiment.ExperimentLearner;
import dev.tributary.trainer.experiment.LearnerOutput;
import dev.tributary.trainer.experiment.LearnerSettings;
import dev.tributary.trainer.experiment.TestingStreams;
import dev.tributary.trainer.experiment.TestingSupervisor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Committed state fixtures, written by an earlier release, must restore in this one: the learner's
 * own format (version 1), a whole operator snapshot on RocksDB (Flink 2.2, Tributary 0.1), and one
 * of mini-batch models of the binary families, with examples pending in their batches.
 *
 * <p>The operator fixtures were written while the operator had one input (examples); they restore
 * into today's two-input operator (examples and control commands), as a savepoint of those releases
 * restores into today's job: the uid and the state's name and serializer are what must not change.
 *
 * <p>When a format changes on purpose, add a fixture for the new version beside the old ones, and
 * keep the old ones restoring. Fixtures are written by running this class with {@code
 * -Dtributary.write-fixtures=true}.
 */
class StateCompatibilityTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "fixtures");
    private static final Path LEARNER_V1 = FIXTURES.resolve("experiment-learner-v1.bin");
    private static final Path OPERATOR_V1 =
            FIXTURES.resolve("training-operator-tributary-0.1-flink-2.2.snapshot");

    /**
     * Mini-batch models of the binary families, with three optimizers (state format 2 of {@code
     * MiniBatchModel}); softmax and linear regression share the linear models' state layout.
     */
    private static final Path MINI_BATCH_OPERATOR =
            FIXTURES.resolve("training-operator-mini-batch-tributary-0.2-flink-2.2.snapshot");

    private static final LearnerSettings SETTINGS = new LearnerSettings(1000, 20, "fixture");
    private static final int SNAPSHOT_AT = 2500;

    private final ExperimentConfig experiment = TestingStreams.experiment("a", 1500);
    private final ExperimentConfig everyFamily =
            TestingStreams.experiment(
                    "a",
                    1500,
                    List.of(
                            model(ModelFamily.LOGISTIC, new AdamConfig(0.01, 0.9, 0.999, 1e-8)),
                            model(ModelFamily.LOGISTIC, AdaGradConfig.DEFAULTS),
                            model(ModelFamily.LOGISTIC, NormalizedConfig.DEFAULTS),
                            model(
                                    ModelFamily.FM,
                                    new SgdConfig(0.05, SgdConfig.Schedule.INVERSE_TIME, 100)),
                            model(ModelFamily.MLP, AdamConfig.DEFAULTS)));

    private static ModelConfig model(ModelFamily family, OptimizerConfig optimizer) {
        return new ModelConfig(
                        family.yamlName() + "-" + optimizer.yamlName(), family, optimizer, 11)
                .withBatch(new BatchConfig(9, Duration.ofSeconds(20)));
    }

    private final List<LabelledExample> stream = TestingStreams.stream("a", 4000, 5);

    @Test
    @EnabledIfSystemProperty(named = "tributary.write-fixtures", matches = "true")
    void writeFixtures() throws Exception {
        // Only missing fixtures are written: an existing one stands for a release's format.
        if (!Files.exists(LEARNER_V1)) {
            ExperimentLearner learner =
                    ExperimentLearner.create(experiment, new TestingSupervisor.Factory(), SETTINGS);
            stream.subList(0, SNAPSHOT_AT).forEach(e -> learner.learn(e, new Discard()));
            Files.write(LEARNER_V1, bytes(learner));
        }
        writeOperatorFixture(experiment, OPERATOR_V1);
        writeOperatorFixture(everyFamily, MINI_BATCH_OPERATOR);
    }

    private void writeOperatorFixture(ExperimentConfig experiment, Path fixture) throws Exception {
        if (Files.exists(fixture)) {
            return;
        }
        try (var harness = harness(experiment)) {
            harness.open();
            feed(harness, stream.subList(0, SNAPSHOT_AT));
            OperatorSnapshotUtil.writeStateHandle(harness.snapshot(1, 1), fixture.toString());
        }
    }

    @Test
    void restoresLearnerStateOfFormatVersion1() throws Exception {
        byte[] fixture = Files.readAllBytes(LEARNER_V1);

        ExperimentLearner restored =
                ExperimentLearner.read(
                        experiment,
                        new TestingSupervisor.Factory(),
                        SETTINGS,
                        new DataInputStream(new ByteArrayInputStream(fixture)));

        assertThat(restored.examples()).isEqualTo(SNAPSHOT_AT);
        // Written back in the current format, which reads back to the same bytes.
        byte[] current = bytes(restored);
        ExperimentLearner again =
                ExperimentLearner.read(
                        experiment,
                        new TestingSupervisor.Factory(),
                        SETTINGS,
                        new DataInputStream(new ByteArrayInputStream(current)));
        assertThat(bytes(again)).as("the current format round-trips").isEqualTo(current);
        Collected continued = new Collected();
        stream.subList(SNAPSHOT_AT, stream.size()).forEach(e -> restored.learn(e, continued));
        restored.finish(continued);
        assertThat(continued.artifacts).isEqualTo(uninterruptedArtifactsAfterSnapshot(experiment));
    }

    @Test
    void restoresAnOperatorSnapshotOfRelease01() throws Exception {
        restoresOperatorSnapshot(experiment, OPERATOR_V1);
    }

    @Test
    void restoresAnOperatorSnapshotOfMiniBatchModels() throws Exception {
        restoresOperatorSnapshot(everyFamily, MINI_BATCH_OPERATOR);
    }

    private void restoresOperatorSnapshot(ExperimentConfig experiment, Path fixture)
            throws Exception {
        OperatorSubtaskState snapshot = OperatorSnapshotUtil.readStateHandle(fixture.toString());
        List<ModelArtifact> restoredModels = new ArrayList<>();
        try (var harness = harness(experiment)) {
            harness.initializeState(snapshot);
            harness.open();
            feed(harness, stream.subList(SNAPSHOT_AT, stream.size()));
            harness.endInput1();
            harness.getSideOutput(OnlineTrainingOperator.MODELS)
                    .forEach(r -> restoredModels.add(r.getValue()));
        }

        assertThat(restoredModels).isEqualTo(uninterruptedArtifactsAfterSnapshot(experiment));
    }

    /** The versions published after the snapshot point by a learner that never stopped. */
    private List<ModelArtifact> uninterruptedArtifactsAfterSnapshot(ExperimentConfig experiment) {
        ExperimentLearner learner =
                ExperimentLearner.create(experiment, new TestingSupervisor.Factory(), SETTINGS);
        Collected before = new Collected();
        stream.subList(0, SNAPSHOT_AT).forEach(e -> learner.learn(e, before));
        Collected after = new Collected();
        stream.subList(SNAPSHOT_AT, stream.size()).forEach(e -> learner.learn(e, after));
        learner.finish(after);
        assertThat(after.artifacts).isNotEmpty();
        return after.artifacts;
    }

    private TestingTrainingHarness harness() throws Exception {
        return harness(experiment);
    }

    private static TestingTrainingHarness harness(ExperimentConfig experiment) throws Exception {
        // Full (not incremental) snapshots: self-contained, like a savepoint.
        return new TestingTrainingHarness(
                new OnlineTrainingOperator(
                        List.of(experiment), new TestingSupervisor.Factory(), SETTINGS, 8),
                false);
    }

    private static void feed(TestingTrainingHarness harness, List<LabelledExample> examples)
            throws Exception {
        harness.feed(examples);
    }

    private static byte[] bytes(ExperimentLearner learner) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        learner.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }

    private static class Discard implements LearnerOutput {
        @Override
        public void prediction(Prediction prediction) {}

        @Override
        public void decision(dev.tributary.core.model.Decision decision) {}

        @Override
        public void artifact(ModelArtifact artifact) {}

        @Override
        public void reference(dev.tributary.core.model.ReferencePrediction reference) {}

        @Override
        public void status(dev.tributary.core.supervision.ExperimentStatus status) {}
    }

    private static final class Collected extends Discard {
        final List<ModelArtifact> artifacts = new ArrayList<>();

        @Override
        public void artifact(ModelArtifact artifact) {
            artifacts.add(artifact);
        }
    }
}
