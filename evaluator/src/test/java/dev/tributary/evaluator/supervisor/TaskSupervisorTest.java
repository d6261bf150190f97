package dev.tributary.evaluator.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.config.AdaGradConfig;
import dev.tributary.core.config.EvaluationConfig;
import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.config.ModelShape;
import dev.tributary.core.config.Objective;
import dev.tributary.core.config.Task;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.Supervisor;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The supervisor of a multiclass and of a regression experiment: metrics of the experiment's task
 * on hand-computed values, the same publishing schedule as for binary, state that round-trips and
 * refuses to restore into an experiment of another task.
 */
class TaskSupervisorTest {

    private static final PrequentialSupervisorFactory FACTORY = new PrequentialSupervisorFactory();
    private static final String EXPERIMENT = "labels";
    private static final String SOFTMAX = "softmax";
    private static final String LINEAR = "linear";

    /**
     * 3 classes. Log loss terms -ln 0.7, -ln 0.3, -2 ln 0.4, -ln 0.4; most likely classes 0
     * (right), 1 (wrong), 0 of a 0/1 tie (wrong, label 1, weight 2), 1 of a 1/2 tie (right).
     */
    private static final double[][] CLASS_PREDICTIONS = {
        {0.7, 0.2, 0.1}, {0.1, 0.6, 0.3}, {0.4, 0.4, 0.2}, {0.2, 0.4, 0.4}
    };

    private static final double[] CLASS_LABELS = {0, 2, 1, 1};
    private static final double[] CLASS_WEIGHTS = {1, 1, 2, 1};

    /** Errors 2, -1 (weight 2), -4. */
    private static final double[][] VALUE_PREDICTIONS = {{3}, {0.5}, {-2}};

    private static final double[] VALUE_LABELS = {1, 1.5, 2};
    private static final double[] VALUE_WEIGHTS = {1, 2, 1};

    static ExperimentConfig multiclass(int window, long publishEvery) {
        ModelConfig softmax =
                new ModelConfig(SOFTMAX, ModelFamily.SOFTMAX, AdaGradConfig.DEFAULTS, 0)
                        .withShape(
                                ModelShape.defaultsFor(ModelFamily.SOFTMAX)
                                        .withObjective(Objective.MULTICLASS, 3));
        return experiment(softmax, window, publishEvery);
    }

    static ExperimentConfig regression(int window, long publishEvery) {
        return experiment(
                new ModelConfig(LINEAR, ModelFamily.LINEAR, AdaGradConfig.DEFAULTS, 0),
                window,
                publishEvery);
    }

    private static ExperimentConfig experiment(ModelConfig model, int window, long publishEvery) {
        return new ExperimentConfig(
                EXPERIMENT,
                FeatureSpace.of(4, List.of()),
                List.of(model),
                new EvaluationConfig(window),
                publishEvery);
    }

    @Test
    void aMulticlassExperimentIsJudgedByLogLossAndAccuracy() {
        ExperimentConfig config = multiclass(3, 0);
        assertThat(config.task()).isEqualTo(Task.MULTICLASS);
        Supervisor supervisor = FACTORY.create(config);

        run(supervisor, SOFTMAX, CLASS_PREDICTIONS, CLASS_LABELS, CLASS_WEIGHTS);

        ModelEvaluation evaluation = supervisor.evaluations().get(0);
        // The window of 3 holds examples 1..3: weight 4, loss -(ln 0.3 + 3 ln 0.4), 1 right.
        assertThat(evaluation.window().examples()).isEqualTo(3);
        assertThat(evaluation.window().logLoss()).isCloseTo(3.952844999948401 / 4, within(1e-12));
        assertThat(evaluation.window().accuracy()).isEqualTo(0.25);
        // Since the start: weight 5, loss -(ln 0.7 + ln 0.3 + 3 ln 0.4), 2 right.
        Metrics sinceStart = evaluation.sinceStart();
        assertThat(sinceStart.examples()).isEqualTo(4);
        assertThat(sinceStart.logLoss()).isCloseTo(4.309519943887134 / 5, within(1e-12));
        assertThat(sinceStart.accuracy()).isEqualTo(0.4);
        assertThat(evaluation.sinceVersion()).isEqualTo(sinceStart);
        for (Metrics m : List.of(evaluation.window(), sinceStart)) {
            assertThat(m.auc()).isNaN();
            assertThat(m.rmse()).isNaN();
            assertThat(m.mae()).isNaN();
        }
    }

    @Test
    void aRegressionExperimentIsJudgedByRmseAndMae() {
        ExperimentConfig config = regression(2, 0);
        assertThat(config.task()).isEqualTo(Task.REGRESSION);
        Supervisor supervisor = FACTORY.create(config);

        run(supervisor, LINEAR, VALUE_PREDICTIONS, VALUE_LABELS, VALUE_WEIGHTS);

        ModelEvaluation evaluation = supervisor.evaluations().get(0);
        // Window: errors -1 (weight 2), -4: Σ w = 3, Σ w e² = 18, Σ w |e| = 6.
        assertThat(evaluation.window())
                .isEqualTo(new Metrics(2, Double.NaN, Double.NaN, Double.NaN, Math.sqrt(6.0), 2.0));
        // Since the start: Σ w = 4, Σ w e² = 22, Σ w |e| = 8.
        assertThat(evaluation.sinceStart())
                .isEqualTo(new Metrics(3, Double.NaN, Double.NaN, Double.NaN, Math.sqrt(5.5), 2.0));
        assertThat(evaluation.sinceVersion()).isEqualTo(evaluation.sinceStart());
    }

    @Test
    void thePublishingScheduleIsTheSameForEveryTask() {
        Supervisor classes = FACTORY.create(multiclass(3, 2));
        Supervisor values = FACTORY.create(regression(3, 2));

        List<Decision> classDecisions =
                run(classes, SOFTMAX, CLASS_PREDICTIONS, CLASS_LABELS, CLASS_WEIGHTS);
        List<Decision> valueDecisions =
                run(values, LINEAR, VALUE_PREDICTIONS, VALUE_LABELS, VALUE_WEIGHTS);

        assertThat(classDecisions).extracting(Decision::examples).containsExactly(2L, 4L);
        assertThat(classDecisions.get(1).reason()).isEqualTo("2 examples since version 1");
        assertThat(valueDecisions).extracting(Decision::examples).containsExactly(2L);
        // Published after example 2: since the version, only example 3 (error -4, weight 1).
        assertThat(values.evaluations().get(0).sinceVersion())
                .isEqualTo(new Metrics(1, Double.NaN, Double.NaN, Double.NaN, 4.0, 4.0));
    }

    @Test
    void aPredictionThatDoesNotFitTheTaskIsRefusedAndLeavesNoTrace() throws IOException {
        Supervisor classes = FACTORY.create(multiclass(3, 0));
        Supervisor values = FACTORY.create(regression(3, 0));
        byte[] freshClasses = PrequentialSupervisorTest.bytes(classes);
        byte[] freshValues = PrequentialSupervisorTest.bytes(values);

        assertThatThrownBy(
                        () ->
                                classes.observe(
                                        ref(SOFTMAX), example(0, 1, 1), new double[] {0.3, 0.7}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 values, one per class, had 2");
        assertThatThrownBy(
                        () -> classes.observe(ref(SOFTMAX), example(0, 3, 1), CLASS_PREDICTIONS[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class index in 0..2");
        assertThatThrownBy(
                        () ->
                                values.observe(
                                        ref(LINEAR),
                                        example(0, Double.POSITIVE_INFINITY, 1),
                                        new double[] {1.0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label must be finite");
        // A non-finite prediction is the sign of a diverged model, not a bad input: not recorded.
        values.observe(ref(LINEAR), example(0, 1, 1), new double[] {Double.POSITIVE_INFINITY});
        classes.observe(ref(SOFTMAX), example(0, 1, 1), new double[] {0.2, Double.NaN, 0.8});
        assertThat(classes.evaluations()).isEmpty();
        assertThat(values.evaluations()).isEmpty();
        assertThat(PrequentialSupervisorTest.bytes(classes)).isEqualTo(freshClasses);
        assertThat(PrequentialSupervisorTest.bytes(values)).isEqualTo(freshValues);
    }

    @Test
    void restoredSupervisorsOfEachTaskContinueExactly() throws IOException {
        for (ExperimentConfig config : List.of(multiclass(3, 3), regression(2, 2))) {
            boolean classes = config.task() == Task.MULTICLASS;
            String model = classes ? SOFTMAX : LINEAR;
            double[][] predictions = classes ? CLASS_PREDICTIONS : VALUE_PREDICTIONS;
            double[] labels = classes ? CLASS_LABELS : VALUE_LABELS;
            double[] weights = classes ? CLASS_WEIGHTS : VALUE_WEIGHTS;
            Supervisor original = FACTORY.create(config);
            run(original, model, predictions, labels, weights);

            byte[] written = PrequentialSupervisorTest.bytes(original);
            Supervisor restored = read(config, written);

            assertThat(PrequentialSupervisorTest.bytes(restored)).isEqualTo(written);
            assertThat(restored.evaluations()).isEqualTo(original.evaluations());
            assertThat(run(restored, model, predictions, labels, weights))
                    .isEqualTo(run(original, model, predictions, labels, weights));
            assertThat(PrequentialSupervisorTest.bytes(restored))
                    .isEqualTo(PrequentialSupervisorTest.bytes(original));
        }
    }

    @Test
    void stateOfAnExperimentOfAnotherTaskIsRefusedClearly() throws IOException {
        Supervisor classes = FACTORY.create(multiclass(3, 0));
        run(classes, SOFTMAX, CLASS_PREDICTIONS, CLASS_LABELS, CLASS_WEIGHTS);
        byte[] written = PrequentialSupervisorTest.bytes(classes);

        assertThatThrownBy(() -> read(regression(3, 0), written))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "cannot restore the metrics of model softmax of experiment labels:"
                                + " WindowMetrics state written for a multiclass (3 classes)"
                                + " task cannot be loaded into metrics of a regression task");
    }

    /** Every example observed, then decided; PUBLISH decisions are carried out at once. */
    private static List<Decision> run(
            Supervisor supervisor,
            String model,
            double[][] predictions,
            double[] labels,
            double[] weights) {
        List<Decision> decisions = new ArrayList<>();
        long version = 0;
        for (int i = 0; i < predictions.length; i++) {
            LabelledExample example = example(i, labels[i], weights[i]);
            supervisor.observe(new ModelRef(model, version, Arm.CHAMPION), example, predictions[i]);
            List<Decision> made = supervisor.decide(example);
            decisions.addAll(made);
            for (Decision decision : made) {
                supervisor.published(decision.modelId(), ++version);
            }
        }
        return decisions;
    }

    private static ModelRef ref(String model) {
        return new ModelRef(model, 0, Arm.CHAMPION);
    }

    private static LabelledExample example(int i, double label, double weight) {
        return new LabelledExample(
                "e" + i,
                EXPERIMENT,
                "",
                1_700_000_000_000L + i,
                new FeatureVector(new int[0], new double[0], new double[0]),
                label,
                weight);
    }

    private static Supervisor read(ExperimentConfig config, byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        Supervisor supervisor = FACTORY.read(config, in);
        assertThat(in.available()).as("bytes left unread").isZero();
        return supervisor;
    }
}
