package dev.tributary.trainer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.Supervisor;
import dev.tributary.core.supervision.SupervisorFactory;
import dev.tributary.trainer.experiment.LearnerSettings;
import dev.tributary.trainer.experiment.TestingStreams;
import dev.tributary.trainer.experiment.TestingSupervisor;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;

/**
 * Manual commands on the training operator's second input: they reach the experiment's learner in
 * keyed state and are logged as decisions; what cannot reach one is logged as a rejection, never a
 * failure.
 */
class OnlineTrainingOperatorCommandTest {

    private static final LearnerSettings SETTINGS = new LearnerSettings(1000, 20, "test");
    private static final long ISSUED = 1_900_000_000_000L;

    private final List<ExperimentConfig> experiments =
            List.of(TestingStreams.experiment("a", 1500), TestingStreams.experiment("b", 1500));
    private final List<LabelledExample> streamA = TestingStreams.stream("a", 300, 1);

    private static ControlCommand command(String id, String experiment, ControlCommand.Kind kind) {
        return new ControlCommand(id, experiment, kind, "challenger", "ana@box", ISSUED);
    }

    @Test
    void aCommandReachesTheExperimentsSupervisorThroughItsLearner() throws Exception {
        OnlineTrainingOperator operator = operator(new PausingSupervisor.Factory());
        try (var harness = new TestingTrainingHarness(operator, true)) {
            harness.open();
            harness.feed(streamA);
            harness.command(command("c1", "a", ControlCommand.Kind.PAUSE));

            long lastEventTime = streamA.get(streamA.size() - 1).eventTime();
            assertThat(harness.decisions())
                    .as("decided at the experiment's latest event time and example count")
                    .containsExactly(
                            new Decision(
                                    "a",
                                    DecisionKind.PAUSE,
                                    "challenger",
                                    lastEventTime,
                                    streamA.size(),
                                    "pause (command c1) by ana@box"));
            assertThat(operator.commandsReceived()).isEqualTo(1);
            assertThat(operator.commandsRejected()).isZero();
        }
    }

    @Test
    void aSupervisorThatRollsNothingOutRejectsTheCommand() throws Exception {
        try (var harness =
                new TestingTrainingHarness(operator(new TestingSupervisor.Factory()), true)) {
            harness.open();
            harness.feed(streamA);
            harness.command(command("c2", "a", ControlCommand.Kind.PAUSE));

            assertThat(harness.decisions()).hasSize(1);
            Decision rejected = harness.decisions().get(0);
            assertThat(rejected.kind()).isEqualTo(DecisionKind.REJECT);
            assertThat(rejected.reason())
                    .isEqualTo(
                            "pause (command c2): experiment a has no automatic retraining"
                                    + " configured");
            assertThat(rejected.eventTime()).isEqualTo(streamA.get(streamA.size() - 1).eventTime());
        }
    }

    @Test
    void aCommandForAnUnknownExperimentIsRejectedNotAFailure() throws Exception {
        OnlineTrainingOperator operator = operator(new PausingSupervisor.Factory());
        try (var harness = new TestingTrainingHarness(operator, true)) {
            harness.open();
            harness.command(command("c3", "nope", ControlCommand.Kind.PROMOTE));

            assertThat(harness.decisions())
                    .containsExactly(
                            new Decision(
                                    "nope",
                                    DecisionKind.REJECT,
                                    "challenger",
                                    ISSUED,
                                    0,
                                    "promote (command c3): experiment nope is not configured by"
                                            + " this job; configured: [a, b]"));
            assertThat(
                            harness.getSideOutput(OnlineTrainingOperator.DECISIONS)
                                    .peek()
                                    .getTimestamp())
                    .isEqualTo(ISSUED);
            assertThat(operator.commandsRejected()).isEqualTo(1);
        }
    }

    @Test
    void aCommandBeforeTheExperimentLearnedIsRejected() throws Exception {
        OnlineTrainingOperator operator = operator(new PausingSupervisor.Factory());
        try (var harness = new TestingTrainingHarness(operator, true)) {
            harness.open();
            harness.feed(streamA);
            harness.command(command("c4", "b", ControlCommand.Kind.RESUME));

            assertThat(harness.decisions())
                    .containsExactly(
                            new Decision(
                                    "b",
                                    DecisionKind.REJECT,
                                    "challenger",
                                    ISSUED,
                                    0,
                                    "resume (command c4): experiment b has not learned from any"
                                            + " labelled example yet"));
            assertThat(operator.stateLoads()).as("nothing was created for it").isZero();
        }
    }

    @Test
    void anExperimentOnlyInStateStillTakesCommands() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness =
                new TestingTrainingHarness(operator(new PausingSupervisor.Factory()), true)) {
            harness.open();
            harness.feed(streamA);
            snapshot = harness.snapshot(1, 1);
        }
        OnlineTrainingOperator restored = operator(new PausingSupervisor.Factory());
        try (var harness = new TestingTrainingHarness(restored, true)) {
            harness.initializeState(snapshot);
            harness.open();
            harness.command(command("c5", "a", ControlCommand.Kind.PAUSE));

            assertThat(harness.decisions())
                    .extracting(Decision::kind)
                    .containsExactly(DecisionKind.PAUSE);
            assertThat(harness.decisions().get(0).examples()).isEqualTo(streamA.size());
            assertThat(restored.stateLoads()).isEqualTo(1);
            // What the command changed is written back at the next snapshot.
            harness.snapshot(2, 2);
            assertThat(restored.stateWrites()).isEqualTo(1);
        }
    }

    @Test
    void eventTimeIsTheExamplesAlone() throws Exception {
        try (var harness =
                new TestingTrainingHarness(operator(new PausingSupervisor.Factory()), true)) {
            harness.open();
            harness.processWatermark2(new Watermark(5));
            harness.processWatermark1(new Watermark(100));
            harness.processWatermark1(new Watermark(200));
            harness.processWatermark2(new Watermark(Long.MAX_VALUE));

            List<Long> watermarks = new ArrayList<>();
            for (Object o : harness.getOutput()) {
                if (o instanceof Watermark w) {
                    watermarks.add(w.getTimestamp());
                }
            }
            assertThat(watermarks)
                    .as("an idle control topic does not hold them back, its end does not move them")
                    .containsExactly(100L, 200L);
        }
    }

    @Test
    void theEndOfCommandsIsNotTheEndOfExamples() throws Exception {
        try (var harness =
                new TestingTrainingHarness(operator(new PausingSupervisor.Factory()), true)) {
            harness.open();
            harness.feed(streamA.subList(0, 100));
            harness.endInput2();
            assertThat(harness.getSideOutput(OnlineTrainingOperator.MODELS)).isNull();

            harness.feed(streamA.subList(100, streamA.size()));
            harness.endInput1();
            List<ModelArtifact> models = new ArrayList<>();
            harness.getSideOutput(OnlineTrainingOperator.MODELS)
                    .forEach(r -> models.add(r.getValue()));
            assertThat(models)
                    .as("both models published once, at the end of the examples")
                    .hasSize(2)
                    .allSatisfy(
                            m ->
                                    assertThat(m.version().provenance().trainingRange().examples())
                                            .isEqualTo(streamA.size()));
        }
    }

    private OnlineTrainingOperator operator(SupervisorFactory supervisors) {
        return new OnlineTrainingOperator(experiments, supervisors, SETTINGS, 8);
    }

    /**
     * The testing supervisor, which also accepts {@code pause}: it answers with a PAUSE decision at
     * the event time and example count the learner passes, naming who issued it. Other commands get
     * the default rejection.
     */
    private static final class PausingSupervisor implements Supervisor {
        private final Supervisor delegate;

        PausingSupervisor(Supervisor delegate) {
            this.delegate = delegate;
        }

        static final class Factory implements SupervisorFactory {
            private final TestingSupervisor.Factory testing = new TestingSupervisor.Factory();

            @Override
            public Supervisor create(ExperimentConfig experiment) {
                return new PausingSupervisor(testing.create(experiment));
            }

            @Override
            public Supervisor read(ExperimentConfig experiment, DataInput in) throws IOException {
                return new PausingSupervisor(testing.read(experiment, in));
            }
        }

        @Override
        public List<Decision> command(ControlCommand command, long eventTime, long examples) {
            if (command.kind() != ControlCommand.Kind.PAUSE) {
                return delegate.command(command, eventTime, examples);
            }
            return List.of(
                    new Decision(
                            command.experiment(),
                            DecisionKind.PAUSE,
                            command.modelId(),
                            eventTime,
                            examples,
                            "pause (command " + command.id() + ") by " + command.issuedBy()));
        }

        @Override
        public void observe(ModelRef model, LabelledExample example, double[] prediction) {
            delegate.observe(model, example, prediction);
        }

        @Override
        public List<Decision> decide(LabelledExample example) {
            return delegate.decide(example);
        }

        @Override
        public void published(String modelId, long version) {
            delegate.published(modelId, version);
        }

        @Override
        public List<ModelEvaluation> evaluations() {
            return delegate.evaluations();
        }

        @Override
        public void writeTo(DataOutput out) throws IOException {
            delegate.writeTo(out);
        }
    }
}
