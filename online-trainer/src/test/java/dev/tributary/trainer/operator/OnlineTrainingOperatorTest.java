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
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.trainer.experiment.LearnerSettings;
import dev.tributary.trainer.experiment.TestingStreams;
import dev.tributary.trainer.experiment.TestingSupervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The training operator on RocksDB keyed state, through Flink's operator test harness: hot
 * experiments stay in memory, state is written back only at snapshots, and a restore continues
 * exactly where the snapshot was.
 */
class OnlineTrainingOperatorTest {

    private static final LearnerSettings SETTINGS = new LearnerSettings(1000, 20, "test");

    private final List<ExperimentConfig> experiments =
            List.of(TestingStreams.experiment("a", 1500), TestingStreams.experiment("b", 1500));

    private final List<LabelledExample> input =
            interleave(TestingStreams.stream("a", 3000, 1), TestingStreams.stream("b", 3000, 2));

    @Test
    void keepsHotExperimentsInMemoryAndWritesBackOnlyAtSnapshots() throws Exception {
        OnlineTrainingOperator operator = operator(64);
        try (var harness = harness(operator)) {
            harness.open();
            feed(harness, input.subList(0, 4000));
            // 4000 records, two experiments: nothing was read from or written to RocksDB per
            // record.
            assertThat(operator.stateLoads()).isZero();
            assertThat(operator.stateWrites()).isZero();

            harness.snapshot(1, 1);
            assertThat(operator.stateWrites()).isEqualTo(2);
            assertThat(operator.stateLoads()).isZero();
        }
    }

    @Test
    void evictsTheLeastRecentlyUsedExperimentWithWriteBack() throws Exception {
        OnlineTrainingOperator operator = operator(1);
        try (var harness = harness(operator)) {
            harness.open();
            feed(harness, input.subList(0, 10));
            // With room for one experiment, alternating keys evict and reload on every switch,
            // and no update is lost on the way (checked by the restore test's bit-for-bit bar).
            assertThat(operator.stateWrites()).isEqualTo(9);
            assertThat(operator.stateLoads()).isEqualTo(8);
        }
    }

    @Test
    void restoredOperatorContinuesBitForBit() throws Exception {
        restoresBitForBit(experiments, 8);
    }

    /**
     * Every family, each training in mini-batches with another optimizer: pending examples,
     * optimizer state and learned input statistics survive RocksDB snapshots exactly.
     */
    @ParameterizedTest
    @EnumSource(ModelFamily.class)
    void everyFamilyRestoresBitForBit(ModelFamily family) throws Exception {
        OptimizerConfig optimizer =
                switch (family) {
                    case LOGISTIC -> new AdamConfig(0.01, 0.9, 0.999, 1e-8);
                    case SOFTMAX -> AdaGradConfig.DEFAULTS;
                    case LINEAR -> NormalizedConfig.DEFAULTS;
                    case FM -> new SgdConfig(0.05, SgdConfig.Schedule.INVERSE_SQRT, 100);
                    case MLP -> AdamConfig.DEFAULTS;
                };
        ModelConfig model =
                new ModelConfig("m", family, optimizer, 3)
                        .withBatch(new BatchConfig(7, Duration.ofSeconds(5)));
        List<ExperimentConfig> one =
                List.of(
                        TestingStreams.experiment("a", 1500, List.of(model)),
                        TestingStreams.experiment("b", 1500, List.of(model)));
        restoresBitForBit(one, 4);
    }

    private void restoresBitForBit(List<ExperimentConfig> experiments, int publications)
            throws Exception {
        Outputs expected = new Outputs();
        try (var harness = harness(operator(experiments, 64))) {
            harness.open();
            feed(harness, input);
            harness.endInput1();
            expected.collect(harness);
        }

        Outputs actual = new Outputs();
        OperatorSubtaskState snapshot;
        try (var harness = harness(operator(experiments, 64))) {
            harness.open();
            feed(harness, input.subList(0, 2500));
            snapshot = harness.snapshot(1, 1);
            actual.collect(harness);
            // Records after the snapshot are lost with this "failed" instance.
            feed(harness, input.subList(2500, 2600));
        }
        OnlineTrainingOperator restoredOperator = operator(experiments, 64);
        try (var harness = harness(restoredOperator)) {
            harness.initializeState(snapshot);
            harness.open();
            feed(harness, input.subList(2500, input.size()));
            harness.endInput1();
            actual.collect(harness);
            assertThat(restoredOperator.stateLoads()).isEqualTo(2);
        }

        assertThat(actual.models).isEqualTo(expected.models);
        assertThat(actual.models).hasSize(publications);
        assertThat(actual.predictions).isEqualTo(expected.predictions);
        assertThat(actual.lastStatus()).isEqualTo(expected.lastStatus());
    }

    private OnlineTrainingOperator operator(int maxHot) {
        return operator(experiments, maxHot);
    }

    private static OnlineTrainingOperator operator(List<ExperimentConfig> experiments, int maxHot) {
        return new OnlineTrainingOperator(
                experiments, new TestingSupervisor.Factory(), SETTINGS, maxHot);
    }

    private static TestingTrainingHarness harness(OnlineTrainingOperator operator)
            throws Exception {
        return new TestingTrainingHarness(operator, true);
    }

    private static void feed(TestingTrainingHarness harness, List<LabelledExample> examples)
            throws Exception {
        harness.feed(examples);
    }

    private static List<LabelledExample> interleave(
            List<LabelledExample> a, List<LabelledExample> b) {
        List<LabelledExample> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            out.add(a.get(i));
            out.add(b.get(i));
        }
        return out;
    }

    /** What a harness emitted, drained so each instance's output is taken once. */
    private static final class Outputs {
        final List<Prediction> predictions = new ArrayList<>();
        final List<ModelArtifact> models = new ArrayList<>();
        final List<ExperimentStatus> status = new ArrayList<>();

        void collect(TestingTrainingHarness harness) {
            predictions.addAll(harness.extractOutputValues());
            drain(harness.getSideOutput(OnlineTrainingOperator.MODELS), models);
            drain(harness.getSideOutput(OnlineTrainingOperator.STATUS), status);
        }

        ExperimentStatus lastStatus() {
            return status.get(status.size() - 1);
        }

        private static <T> void drain(ConcurrentLinkedQueue<StreamRecord<T>> queue, List<T> into) {
            if (queue != null) {
                queue.forEach(r -> into.add(r.getValue()));
            }
        }
    }
}
