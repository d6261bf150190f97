package dev.tributary.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.model.Arm;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.jobs.serve.TestingServing;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
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
}
