package dev.tributary.evaluator.supervisor;

import static dev.tributary.evaluator.supervisor.TestingOperator.CHALLENGER;
import static dev.tributary.evaluator.supervisor.TestingOperator.CHAMPION;
import static dev.tributary.evaluator.supervisor.TestingOperator.EXPERIMENT;
import static dev.tributary.evaluator.supervisor.TestingOperator.experiment;
import static dev.tributary.evaluator.supervisor.TestingOperator.slicedExperiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tributary.core.config.EvaluationConfig;
import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.SliceConfig;
import dev.tributary.core.config.Task;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.SliceEvaluation;
import dev.tributary.core.supervision.Supervisor;
import dev.tributary.evaluator.prequential.FadingMetrics;
import dev.tributary.evaluator.prequential.RunningMetrics;
import dev.tributary.evaluator.prequential.SliceMetrics;
import dev.tributary.evaluator.prequential.WindowMetrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrequentialSupervisorTest {

    private static final PrequentialSupervisorFactory FACTORY = new PrequentialSupervisorFactory();

    @Test
    void publishesEveryModelAtExactlyEveryHundredExamples() {
        TestingOperator operator = operator(experiment(50, 100), 350, CHAMPION, CHALLENGER);

        List<Decision> decisions = operator.run(0, 350);

        assertThat(decisions)
                .extracting(Decision::examples, Decision::modelId)
                .containsExactly(
                        tuple(100L, CHAMPION),
                        tuple(100L, CHALLENGER),
                        tuple(200L, CHAMPION),
                        tuple(200L, CHALLENGER),
                        tuple(300L, CHAMPION),
                        tuple(300L, CHALLENGER));
        assertThat(decisions.get(0))
                .isEqualTo(
                        new Decision(
                                EXPERIMENT,
                                DecisionKind.PUBLISH,
                                CHAMPION,
                                TestingOperator.eventTime(99),
                                100,
                                "100 examples since the model was first observed"));
        assertThat(decisions.get(2).reason()).isEqualTo("100 examples since version 1");
        assertThat(decisions.get(5).reason()).isEqualTo("100 examples since version 2");
        assertThat(operator.version(CHAMPION)).isEqualTo(3);
        assertThat(((PrequentialSupervisor) operator.supervisor).examples()).isEqualTo(350);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void aScheduleOfZeroOrLessNeverPublishes(long every) {
        TestingOperator operator = operator(experiment(50, every), 1000, CHAMPION, CHALLENGER);

        assertThat(operator.run(0, 1000)).isEmpty();
    }

    @Test
    void aModelCountsFromItsFirstObservationAndAnUnobservedModelGetsNothing() {
        TestingOperator operator = operator(experiment(50, 100), 300, CHAMPION, CHALLENGER);

        List<Decision> decisions = operator.run(0, 50, CHAMPION);
        decisions.addAll(operator.run(50, 300));

        assertThat(decisions)
                .extracting(Decision::examples, Decision::modelId)
                .containsExactly(
                        tuple(100L, CHAMPION),
                        tuple(150L, CHALLENGER),
                        tuple(200L, CHAMPION),
                        tuple(250L, CHALLENGER),
                        tuple(300L, CHAMPION));

        TestingOperator lonely = operator(experiment(50, 100), 300, CHAMPION, CHALLENGER);
        assertThat(lonely.run(0, 300, CHAMPION))
                .extracting(Decision::modelId)
                .containsOnly(CHAMPION)
                .hasSize(3);
        assertThat(lonely.supervisor.evaluations())
                .extracting(e -> e.model().modelId())
                .containsExactly(CHAMPION);
    }

    @Test
    void aPublicationThatDoesNotHappenIsAskedForAgain() {
        TestingOperator operator = operator(experiment(50, 100), 250, CHAMPION);
        operator.publishes = false;

        List<Decision> decisions = operator.run(0, 250);

        assertThat(decisions)
                .extracting(Decision::examples, Decision::reason)
                .containsExactly(
                        tuple(100L, "100 examples since the model was first observed"),
                        tuple(200L, "200 examples since the model was first observed"));
    }

    @Test
    void aLatePublicationMovesTheSchedule() {
        TestingOperator operator = operator(experiment(50, 100), 400, CHAMPION);
        operator.publishes = false;
        List<Decision> decisions = operator.run(0, 130);

        operator.supervisor.published(CHAMPION, 1);
        decisions.addAll(operator.run(130, 400));

        assertThat(decisions).extracting(Decision::examples).containsExactly(100L, 230L, 330L);
    }

    @Test
    void aPublicationResetsOnlyTheMetricsSinceTheVersion() {
        TestingOperator operator = operator(experiment(50, 0), 300, CHAMPION);
        operator.run(0, 300);
        ModelEvaluation before = operator.evaluation(CHAMPION);

        operator.supervisor.published(CHAMPION, 1);

        ModelEvaluation after = operator.evaluation(CHAMPION);
        assertThat(after.model()).isEqualTo(new ModelRef(CHAMPION, 1, Arm.CHAMPION));
        assertThat(before.sinceVersion().examples()).isEqualTo(300);
        assertThat(after.sinceVersion()).isEqualTo(Metrics.EMPTY);
        assertThat(after.window()).isEqualTo(before.window());
        assertThat(after.sinceStart()).isEqualTo(before.sinceStart());

        operator.run(0, 10);

        assertThat(operator.evaluation(CHAMPION).sinceVersion().examples()).isEqualTo(10);
        assertThat(operator.evaluation(CHAMPION).sinceStart().examples()).isEqualTo(310);
    }

    @Test
    void evaluationsAreThoseOfTheScoresEachModelGaveInTheOrderFirstObserved() {
        TestingOperator operator = operator(experiment(40, 0), 200, CHAMPION, CHALLENGER);
        Supervisor supervisor = operator.supervisor;
        operator.run(0, 1, CHALLENGER);
        operator.run(1, 200);
        supervisor.observe(
                new ModelRef(CHALLENGER, 0, Arm.CANARY),
                operator.examples[199],
                new double[] {0.5});

        List<ModelEvaluation> evaluations = supervisor.evaluations();

        assertThat(evaluations)
                .extracting(ModelEvaluation::model)
                .containsExactly(
                        new ModelRef(CHALLENGER, 0, Arm.CANARY),
                        new ModelRef(CHAMPION, 0, Arm.CHAMPION));
        WindowMetrics window = new WindowMetrics(40);
        RunningMetrics running = new RunningMetrics();
        FadingMetrics faded = new FadingMetrics(FadingMetrics.DEFAULT_ALPHA);
        for (int i = 1; i < 200; i++) {
            LabelledExample example = operator.examples[i];
            window.observe(operator.score(CHAMPION, i), example.label(), example.weight());
            running.observe(operator.score(CHAMPION, i), example.label(), example.weight());
            faded.observe(operator.score(CHAMPION, i), example.label(), example.weight());
        }
        ModelEvaluation champion = evaluations.get(1);
        assertThat(champion.window()).isEqualTo(window.metrics());
        assertThat(champion.sinceVersion()).isEqualTo(running.metrics());
        assertThat(champion.sinceStart()).isEqualTo(running.metrics());
        assertThat(champion.faded()).isEqualTo(faded.metrics());
        assertThat(champion.faded().logLoss()).isNotEqualTo(running.metrics().logLoss());
        assertThat(champion.window().auc()).isGreaterThan(0.6);
        assertThat(evaluations.get(0).sinceStart().examples()).isEqualTo(201);
        assertThat(champion.sinceStart().logLoss())
                .as("the champion scores with less noise than the challenger")
                .isLessThan(evaluations.get(0).sinceStart().logLoss());
    }

    @Test
    void versionsComeFromTheFirstObservationAndThenOnlyFromPublications() {
        TestingOperator operator = operator(experiment(40, 0), 100, CHAMPION);
        Supervisor supervisor = operator.supervisor;
        LabelledExample example = operator.examples[0];
        supervisor.published(CHAMPION, 2);
        supervisor.observe(new ModelRef(CHAMPION, 3, Arm.CHAMPION), example, new double[] {0.4});
        supervisor.observe(new ModelRef(CHAMPION, 5, Arm.CHAMPION), example, new double[] {0.4});

        supervisor.published(CHAMPION, 3);
        supervisor.published("nobody", 4);

        ModelEvaluation evaluation = operator.evaluation(CHAMPION);
        assertThat(evaluation.model().version()).isEqualTo(3);
        assertThat(evaluation.sinceVersion().examples())
                .as("a repeated notice resets nothing")
                .isEqualTo(2);
        assertThat(supervisor.evaluations()).hasSize(1);
        assertThatThrownBy(() -> supervisor.published(CHAMPION, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is at version 3, cannot go back to 2");
    }

    @Test
    void refusesAnExampleOfAnotherExperiment() {
        Supervisor supervisor = FACTORY.create(experiment(10, 100));
        LabelledExample stranger =
                new LabelledExample(
                        "x",
                        "other",
                        "",
                        0,
                        new FeatureVector(new int[0], new double[0], new double[0]),
                        1,
                        1);

        assertThatThrownBy(() -> supervisor.decide(stranger))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to experiment other, not " + EXPERIMENT);
    }

    @Test
    void anInvalidFirstObservationLeavesNoTrace() throws IOException {
        TestingOperator operator = operator(experiment(10, 100), 10, CHAMPION);
        Supervisor supervisor = operator.supervisor;
        byte[] fresh = bytes(supervisor);

        assertThatThrownBy(
                        () ->
                                supervisor.observe(
                                        operator.ref(CHAMPION),
                                        operator.examples[0],
                                        new double[] {1.5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("score");
        assertThat(supervisor.evaluations()).isEmpty();
        assertThat(bytes(supervisor)).isEqualTo(fresh);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void aNonFinitePredictionIsNotRecordedAndDoesNotThrow(double value) throws IOException {
        TestingOperator operator = operator(experiment(10, 100), 10, CHAMPION);
        Supervisor supervisor = operator.supervisor;
        byte[] fresh = bytes(supervisor);

        supervisor.observe(operator.ref(CHAMPION), operator.examples[0], new double[] {value});
        assertThat(supervisor.evaluations()).isEmpty();
        assertThat(bytes(supervisor)).isEqualTo(fresh);

        operator.run(0, 3);
        byte[] afterThree = bytes(supervisor);
        supervisor.observe(operator.ref(CHAMPION), operator.examples[3], new double[] {value});
        assertThat(bytes(supervisor)).isEqualTo(afterThree);
        assertThat(operator.evaluation(CHAMPION).sinceStart().examples()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5})
    void refusesAWindowOutOfRange(int window) {
        assertThatThrownBy(() -> FACTORY.create(experiment(window, 100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("experiments[checkout].evaluation.window: " + window);
    }

    @Test
    void theSameCallsGiveTheSameDecisionsAndTheSameBytes() throws IOException {
        TestingOperator first = operator(experiment(64, 97), 1000, CHAMPION, CHALLENGER);
        TestingOperator second = operator(experiment(64, 97), 1000, CHAMPION, CHALLENGER);

        List<Decision> decisions = first.run(0, 1000);

        assertThat(decisions).hasSize(20);
        assertThat(second.run(0, 1000)).isEqualTo(decisions);
        assertThat(bytes(second.supervisor)).isEqualTo(bytes(first.supervisor));
    }

    @ParameterizedTest(name = "restored after {0} examples")
    @ValueSource(ints = {0, 1, 99, 100, 150, 299})
    void aRestoredSupervisorContinuesExactlyAsTheOriginal(int restoreAt) throws IOException {
        ExperimentConfig config = slicedExperiment(64, 100);
        TestingOperator uninterrupted = operator(config, 450, CHAMPION, CHALLENGER);
        List<Decision> expected = uninterrupted.run(0, 450);
        TestingOperator interrupted = operator(config, 450, CHAMPION, CHALLENGER);
        List<Decision> decisions = interrupted.run(0, restoreAt);

        byte[] written = bytes(interrupted.supervisor);
        interrupted.supervisor = read(config, written);

        assertThat(bytes(interrupted.supervisor)).isEqualTo(written);
        decisions.addAll(interrupted.run(restoreAt, 450));
        assertThat(decisions).isEqualTo(expected);
        assertThat(interrupted.supervisor.evaluations())
                .isEqualTo(uninterrupted.supervisor.evaluations());
        assertThat(bytes(interrupted.supervisor)).isEqualTo(bytes(uninterrupted.supervisor));
        assertThat(interrupted.supervisor.evaluations().get(0).worstSlices()).hasSize(3);
    }

    @Test
    void everyModelReportsItsWorstSlicesByTheirFadedLoss() {
        TestingOperator operator = operator(slicedExperiment(64, 100), 400, CHAMPION, CHALLENGER);
        operator.run(0, 400);

        for (String model : List.of(CHAMPION, CHALLENGER)) {
            SliceMetrics expected =
                    new SliceMetrics(new SliceConfig("region", 3, 10, 3), Task.BINARY, 1);
            for (int i = 0; i < 400; i++) {
                LabelledExample example = operator.examples[i];
                expected.observe(
                        example.slice(),
                        new double[] {operator.score(model, i)},
                        example.label(),
                        example.weight());
            }
            SliceEvaluation[] worst = operator.evaluation(model).worstSlices();
            assertThat(worst).containsExactly(expected.worst());
            // region3 came fourth, after max = 3 slices: it is measured as (other).
            assertThat(worst)
                    .extracting(SliceEvaluation::slice)
                    .isSubsetOf("region0", "region1", "region2", "(other)")
                    .hasSize(3);
            assertThat(worst[0].metrics().logLoss())
                    .isGreaterThanOrEqualTo(worst[1].metrics().logLoss());
        }
        TestingOperator plain = operator(experiment(64, 100), 400, CHAMPION);
        plain.run(0, 400);
        assertThat(plain.evaluation(CHAMPION).worstSlices()).isEmpty();
    }

    @Test
    void stateWithoutSlicesRestoresIntoASlicedExperimentWhoseSlicesStartAfresh()
            throws IOException {
        ExperimentConfig plain = experiment(64, 100);
        ExperimentConfig unwatched =
                new ExperimentConfig(
                        EXPERIMENT,
                        plain.featureSpace(),
                        plain.models(),
                        new EvaluationConfig(64, null, null),
                        100);
        TestingOperator operator = operator(unwatched, 340, CHAMPION, CHALLENGER);
        operator.run(0, 300);
        byte[] written = bytes(operator.supervisor);
        // Format 3 is format 4 without the slices and the feature drift: one "no slices" byte per
        // model, then one "no feature drift" byte, at the end.
        byte[] format3 = Arrays.copyOf(written, written.length - 3);
        ByteBuffer.wrap(format3).putInt(0, 3);

        Supervisor restored = read(slicedExperiment(64, 100), format3);
        Supervisor unsliced = read(unwatched, format3);

        assertThat(written[written.length - 1]).isZero();
        assertThat(unsliced.evaluations()).isEqualTo(operator.supervisor.evaluations());
        assertThat(restored.evaluations().get(0).sinceStart())
                .isEqualTo(operator.evaluation(CHAMPION).sinceStart());
        assertThat(restored.evaluations().get(0).worstSlices()).isEmpty();
        operator.supervisor = restored;
        operator.run(300, 300 + 40);
        assertThat(restored.evaluations().get(0).worstSlices())
                .extracting(s -> s.metrics().examples())
                .containsOnly(10L);
    }

    @Test
    void slicesOfAnotherFieldAreForgottenAndNoSlicesDropsThem() throws IOException {
        TestingOperator operator = operator(slicedExperiment(64, 100), 300, CHAMPION);
        operator.run(0, 300);
        byte[] written = bytes(operator.supervisor);
        ExperimentConfig byCountry =
                new ExperimentConfig(
                        EXPERIMENT,
                        experiment(64, 100).featureSpace(),
                        experiment(64, 100).models(),
                        new EvaluationConfig(64, SliceConfig.by("country")),
                        100);

        assertThat(read(byCountry, written).evaluations().get(0).worstSlices()).isEmpty();
        assertThat(read(experiment(64, 100), written).evaluations().get(0).worstSlices()).isEmpty();
        assertThat(read(slicedExperiment(64, 100), written).evaluations())
                .isEqualTo(operator.supervisor.evaluations());
    }

    @Test
    void aRestoredSupervisorTakesTheWindowConfiguredNow() throws IOException {
        TestingOperator operator = operator(experiment(64, 100), 300, CHAMPION);
        operator.run(0, 300);

        Supervisor restored = read(experiment(16, 100), bytes(operator.supervisor));

        WindowMetrics lastSixteen = new WindowMetrics(16);
        for (int i = 284; i < 300; i++) {
            LabelledExample example = operator.examples[i];
            lastSixteen.observe(operator.score(CHAMPION, i), example.label(), example.weight());
        }
        ModelEvaluation evaluation = restored.evaluations().get(0);
        assertThat(evaluation.window()).isEqualTo(lastSixteen.metrics());
        assertThat(evaluation.sinceStart()).isEqualTo(operator.evaluation(CHAMPION).sinceStart());
    }

    @Test
    void anUnknownFormatVersionIsRefusedClearly() throws IOException {
        byte[] written = bytes(FACTORY.create(experiment(10, 100)));
        ByteBuffer.wrap(written).putInt(0, 7);

        assertThatThrownBy(() -> read(experiment(10, 100), written))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("supervisor format version 7")
                .hasMessageContaining("reads versions 1, 3 and 4 (PrequentialSupervisor), 2 and 5");
        assertThatThrownBy(
                        () ->
                                PrequentialSupervisor.read(
                                        experiment(10, 100),
                                        new DataInputStream(new ByteArrayInputStream(written))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("PrequentialSupervisor format version 7")
                .hasMessageContaining("reads versions 1, 3 and 4");
    }

    @Test
    void stateOfAnotherExperimentIsRefused() throws IOException {
        ExperimentConfig other =
                new ExperimentConfig(
                        "elsewhere",
                        experiment(10, 100).featureSpace(),
                        experiment(10, 100).models(),
                        experiment(10, 100).evaluation(),
                        100);
        byte[] written = bytes(FACTORY.create(other));

        assertThatThrownBy(() -> read(experiment(10, 100), written))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("experiment elsewhere cannot be restored into")
                .hasMessageContaining(EXPERIMENT);
    }

    private static TestingOperator operator(ExperimentConfig config, int n, String... models) {
        return new TestingOperator(FACTORY.create(config), 42, n, models);
    }

    static byte[] bytes(Supervisor supervisor) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        supervisor.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    private static Supervisor read(ExperimentConfig config, byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        Supervisor supervisor = FACTORY.read(config, in);
        assertThat(in.available()).as("bytes left unread").isZero();
        return supervisor;
    }
}
