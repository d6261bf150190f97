package dev.tributary.trainer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.ExperimentConfig;
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
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Committed state fixtures, written by an earlier release, must restore in this one: the learner's
 * own format (version 1) and a whole operator snapshot on RocksDB (Flink 2.2, Tributary 0.1).
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

    private static final LearnerSettings SETTINGS = new LearnerSettings(1000, 20, "fixture");
    private static final int SNAPSHOT_AT = 2500;

    private final ExperimentConfig experiment = TestingStreams.experiment("a", 1500);
    private final List<LabelledExample> stream = TestingStreams.stream("a", 4000, 5);

    @Test
    @EnabledIfSystemProperty(named = "tributary.write-fixtures", matches = "true")
    void writeFixtures() throws Exception {
        ExperimentLearner learner =
                ExperimentLearner.create(experiment, new TestingSupervisor.Factory(), SETTINGS);
        stream.subList(0, SNAPSHOT_AT).forEach(e -> learner.learn(e, new Discard()));
        Files.write(LEARNER_V1, bytes(learner));

        try (var harness = harness()) {
            harness.open();
            feed(harness, stream.subList(0, SNAPSHOT_AT));
            OperatorSnapshotUtil.writeStateHandle(harness.snapshot(1, 1), OPERATOR_V1.toString());
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
        assertThat(continued.artifacts).isEqualTo(uninterruptedArtifactsAfterSnapshot());
    }

    @Test
    void restoresAnOperatorSnapshotOfRelease01() throws Exception {
        OperatorSubtaskState snapshot =
                OperatorSnapshotUtil.readStateHandle(OPERATOR_V1.toString());
        List<ModelArtifact> restoredModels = new ArrayList<>();
        try (var harness = harness()) {
            harness.initializeState(snapshot);
            harness.open();
            feed(harness, stream.subList(SNAPSHOT_AT, stream.size()));
            harness.endInput();
            harness.getSideOutput(OnlineTrainingOperator.MODELS)
                    .forEach(r -> restoredModels.add(r.getValue()));
        }

        assertThat(restoredModels).isEqualTo(uninterruptedArtifactsAfterSnapshot());
    }

    /** The versions published after the snapshot point by a learner that never stopped. */
    private List<ModelArtifact> uninterruptedArtifactsAfterSnapshot() {
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

    private KeyedOneInputStreamOperatorTestHarness<String, LabelledExample, Prediction> harness()
            throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new OnlineTrainingOperator(
                                List.of(experiment), new TestingSupervisor.Factory(), SETTINGS, 8),
                        LabelledExample::experiment,
                        Types.STRING);
        // Full (not incremental) snapshots: self-contained, like a savepoint.
        harness.setStateBackend(new EmbeddedRocksDBStateBackend(false));
        return harness;
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, LabelledExample, Prediction> harness,
            List<LabelledExample> examples)
            throws Exception {
        for (LabelledExample e : examples) {
            harness.processElement(new StreamRecord<>(e, e.eventTime()));
        }
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
