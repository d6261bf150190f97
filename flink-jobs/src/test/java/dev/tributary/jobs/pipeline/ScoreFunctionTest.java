package dev.tributary.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.model.Arm;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.jobs.serve.TestingServing;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/** The scorer's Flink side: broadcast updates apply at once and survive a restore. */
class ScoreFunctionTest {

    private static BroadcastOperatorTestHarness<LabelledExample, ServingSnapshot, Prediction>
            harness() throws Exception {
        return new BroadcastOperatorTestHarness<>(
                new CoBroadcastWithNonKeyedOperator<>(
                        new ScoreFunction(List.of(TestingServing.EXPERIMENT)),
                        List.of(ScoreFunction.CHAMPIONS)),
                1,
                1,
                0);
    }

    @Test
    void aSnapshotServesTheVeryNextEventAndSurvivesARestore() throws Exception {
        ServingSnapshot snapshot = TestingServing.trained(50, Arm.CHAMPION);
        OperatorSubtaskState state;
        double served;
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(TestingServing.event("e1", "exp")));
            h.processBroadcastElement(new StreamRecord<>(snapshot));
            h.processElement(new StreamRecord<>(TestingServing.event("e2", "exp")));
            List<Prediction> out = h.extractOutputValues();
            assertThat(out).extracting(Prediction::score).first().isEqualTo(0.5);
            served = out.get(1).score();
            assertThat(served).isGreaterThan(0.5);
            state = h.snapshot(1, 1);
        }

        try (var restored = harness()) {
            restored.initializeState(state);
            restored.open();
            restored.processElement(new StreamRecord<>(TestingServing.event("e3", "exp")));
            assertThat(restored.extractOutputValues())
                    .extracting(Prediction::score)
                    .containsExactly(served);
        }
    }

    @Test
    void theStoredSnapshotsWithTheirSplitHaveAPojoSerializerNotAGenericOne() {
        TypeInformation<ServingSnapshot> stored = TypeInformation.of(ServingSnapshot.class);

        assertThat(stored).isInstanceOf(PojoTypeInfo.class);
        assertThat(((PojoTypeInfo<ServingSnapshot>) stored).getTypeAt("split"))
                .isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void anEventOfAnUnknownExperimentIsDeadLettered() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(new StreamRecord<>(TestingServing.event("e1", "nope")));

            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.getSideOutput(FeaturizeFunction.DEAD_LETTERS))
                    .extracting(r -> ((DeadLetter) r.getValue()).reason())
                    .containsExactly(ReasonCode.UNKNOWN_EXPERIMENT);
        }
    }

    @Test
    void canariesServeTheirShareAndOnlyTheModelsInServiceAreRestored() throws Exception {
        TrafficSplit rollout = new TrafficSplit("champ", new String[] {"c1"}, new double[] {0.5});
        OperatorSubtaskState state;
        try (var h = harness()) {
            h.open();
            h.processBroadcastElement(
                    new StreamRecord<>(
                            TestingServing.trained("champ", 2, 40, Arm.CHAMPION, rollout)));
            h.processBroadcastElement(
                    new StreamRecord<>(TestingServing.trained("c1", 1, 5, Arm.CANARY, rollout)));
            // a challenger that was canary before and has been rolled back since
            h.processBroadcastElement(
                    new StreamRecord<>(
                            TestingServing.trained(
                                    "c0",
                                    1,
                                    5,
                                    Arm.CANARY,
                                    new TrafficSplit(
                                            "champ", new String[] {"c0"}, new double[] {0.5}))));
            h.processBroadcastElement(
                    new StreamRecord<>(
                            TestingServing.trained("champ", 2, 41, Arm.CHAMPION, rollout)));
            h.processBroadcastElement(
                    new StreamRecord<>(TestingServing.trained("c1", 1, 6, Arm.CANARY, rollout)));
            for (int i = 0; i < 100; i++) {
                h.processElement(new StreamRecord<>(event(i)));
            }
            List<Prediction> out = h.extractOutputValues();
            assertThat(out).extracting(Prediction::modelId).containsOnly("champ", "c1");
            assertThat(out).filteredOn(p -> p.arm() == Arm.CANARY).hasSizeBetween(25, 75);
            assertThat(storedKeys(h))
                    .containsExactlyInAnyOrder(
                            ScoreFunction.stateKey("exp", "champ"),
                            ScoreFunction.stateKey("exp", "c1"));
            state = h.snapshot(1, 1);
        }

        try (var restored = harness()) {
            restored.initializeState(state);
            restored.open();
            for (int i = 0; i < 100; i++) {
                restored.processElement(new StreamRecord<>(event(i)));
            }
            List<Prediction> out = restored.extractOutputValues();
            assertThat(out).extracting(Prediction::modelId).containsOnly("champ", "c1");
            assertThat(out)
                    .filteredOn(p -> p.modelId().equals("c1"))
                    .allSatisfy(p -> assertThat(p.arm()).isEqualTo(Arm.CANARY))
                    .hasSizeBetween(25, 75);
            assertThat(out)
                    .filteredOn(p -> p.modelId().equals("champ"))
                    .allSatisfy(p -> assertThat(p.modelVersion()).isEqualTo(2));
        }
    }

    /** The scorer of the release before canaries: the champion's snapshot by experiment. */
    private static final class EarlierScoreFunction
            extends BroadcastProcessFunction<LabelledExample, ServingSnapshot, Prediction> {
        @Override
        public void processElement(
                LabelledExample event, ReadOnlyContext ctx, Collector<Prediction> out) {}

        @Override
        public void processBroadcastElement(
                ServingSnapshot snapshot, Context ctx, Collector<Prediction> out) throws Exception {
            ctx.getBroadcastState(ScoreFunction.CHAMPIONS).put(snapshot.experiment(), snapshot);
        }
    }

    @Test
    void aStateEntryOfAnEarlierReleaseKeyedByExperimentIsServedAndThenReplaced() throws Exception {
        OperatorSubtaskState state;
        try (var earlier =
                new BroadcastOperatorTestHarness<>(
                        new CoBroadcastWithNonKeyedOperator<>(
                                new EarlierScoreFunction(), List.of(ScoreFunction.CHAMPIONS)),
                        1,
                        1,
                        0)) {
            earlier.open();
            earlier.processBroadcastElement(
                    new StreamRecord<>(TestingServing.trained(50, Arm.CHAMPION)));
            state = earlier.snapshot(1, 1);
        }
        try (var restored = harness()) {
            restored.initializeState(state);
            restored.open();
            restored.processElement(new StreamRecord<>(event(1)));
            restored.processBroadcastElement(
                    new StreamRecord<>(
                            TestingServing.trained(
                                    "champ",
                                    2,
                                    60,
                                    Arm.CHAMPION,
                                    TrafficSplit.championOnly("champ"))));
            restored.processElement(new StreamRecord<>(event(2)));

            List<Prediction> out = restored.extractOutputValues();
            assertThat(out).extracting(Prediction::modelVersion).containsExactly(1L, 2L);
            assertThat(out.get(0).score()).isGreaterThan(0.5);
            assertThat(storedKeys(restored))
                    .containsExactly(ScoreFunction.stateKey("exp", "champ"));
        }
    }

    private static List<String> storedKeys(
            BroadcastOperatorTestHarness<LabelledExample, ServingSnapshot, Prediction> h)
            throws Exception {
        List<String> keys = new ArrayList<>();
        for (var entry :
                h.getOperator()
                        .getOperatorStateBackend()
                        .getBroadcastState(ScoreFunction.CHAMPIONS)
                        .entries()) {
            keys.add(entry.getKey());
        }
        return keys;
    }

    private static LabelledExample event(int i) {
        return TestingServing.event("e" + i, "exp", "user-" + i);
    }
}
