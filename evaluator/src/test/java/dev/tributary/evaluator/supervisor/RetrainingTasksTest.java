package dev.tributary.evaluator.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.config.AdaGradConfig;
import dev.tributary.core.config.DriftConfig;
import dev.tributary.core.config.EvaluationConfig;
import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.config.RetrainConfig;
import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.config.RolloutPlan;
import dev.tributary.core.config.Task;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.supervision.ModelRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Retraining outside binary classification: what a regression's and a multiclass's per-example loss
 * and error are, and a regression whose champion's absolute error drifts.
 */
class RetrainingTasksTest {

    @Test
    void lossesAndErrorsOfEachTask() {
        assertThat(ExampleLoss.loss(Task.BINARY, new double[] {0.8}, 1.0))
                .isCloseTo(-Math.log(0.8), within(1e-15));
        assertThat(ExampleLoss.loss(Task.BINARY, new double[] {0.8}, 0.0))
                .isCloseTo(-Math.log(0.2), within(1e-15));
        assertThat(ExampleLoss.loss(Task.BINARY, new double[] {1.0}, 0.0))
                .isCloseTo(-Math.log(1e-15), within(1e-12));
        assertThat(ExampleLoss.error(Task.BINARY, new double[] {0.5}, 1.0)).isZero();
        assertThat(ExampleLoss.error(Task.BINARY, new double[] {0.49}, 1.0)).isOne();

        double[] classes = {0.4, 0.4, 0.2};
        assertThat(ExampleLoss.loss(Task.MULTICLASS, classes, 2))
                .isCloseTo(-Math.log(0.2), within(1e-15));
        // A tie goes to the lower class, as the metrics decide.
        assertThat(ExampleLoss.error(Task.MULTICLASS, classes, 0)).isZero();
        assertThat(ExampleLoss.error(Task.MULTICLASS, classes, 1)).isOne();

        assertThat(ExampleLoss.loss(Task.REGRESSION, new double[] {3}, 1)).isEqualTo(4.0);
        assertThat(ExampleLoss.error(Task.REGRESSION, new double[] {-1}, 1)).isEqualTo(2.0);
        assertThat(ExampleLoss.finite(new double[] {0.1, Double.NaN})).isFalse();
        assertThat(ExampleLoss.finite(new double[] {0.1, 0.9})).isTrue();
    }

    @Test
    void aMetricTheTaskDoesNotDefineIsRefusedWithItsKeyPath() {
        ExperimentConfig logLossOnValues = regression(RetrainPolicy.defaults());

        assertThatThrownBy(() -> new PrequentialSupervisorFactory().create(logLossOnValues))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "experiments[values].retrain.policy.metric: logloss is not defined for a"
                                + " regression experiment; expected one of rmse, mae");
    }

    @Test
    void aRegressionChampionWhoseAbsoluteErrorDriftsIsReplaced() {
        RetrainPolicy defaults = RetrainPolicy.defaults();
        RetrainPolicy rmse =
                new RetrainPolicy(
                        "rmse",
                        null,
                        defaults.degradation(),
                        true,
                        null,
                        0.0,
                        defaults.coolDown(),
                        2,
                        RetrainPolicy.Action.COLD,
                        1000);
        ExperimentConfig config = regression(rmse);
        RetrainingSupervisor supervisor = new RetrainingSupervisor(config);
        Random random = new Random(3);
        List<Decision> decisions = new ArrayList<>();
        List<String> models = new ArrayList<>(List.of("linear"));
        int driftAt = 3000;
        for (int i = 0; i < 8000; i++) {
            double label = 10 * random.nextGaussian();
            LabelledExample example =
                    new LabelledExample(
                            "e" + i,
                            "values",
                            "",
                            1_700_000_000_000L + 1000L * i,
                            new FeatureVector(new int[0], new double[0], new double[0]),
                            label,
                            1.0);
            for (String model : models) {
                double noise = model.equals("linear") && i >= driftAt ? 3.0 : 0.5;
                supervisor.observe(
                        new ModelRef(model, 0, Arm.SHADOW),
                        example,
                        new double[] {label + noise * random.nextGaussian()});
            }
            for (Decision decision : supervisor.decide(example)) {
                decisions.add(decision);
                if (decision.kind() == DecisionKind.RETRAIN) {
                    models.add(decision.modelId());
                } else if (decision.kind() == DecisionKind.PROMOTE) {
                    models.remove(decision.source());
                }
            }
        }

        Decision drift = decisions.get(0);
        assertThat(drift.kind()).isEqualTo(DecisionKind.DRIFT);
        assertThat(drift.reason())
                .startsWith("page-hinkley detected a rise of the champion's error");
        assertThat(drift.eventTime() - 1_700_000_000_000L).isBetween(1000L * driftAt, 1000L * 3100);
        assertThat(drift.evidence().get("error_mean")).isLessThan(1.0);
        assertThat(decisions)
                .filteredOn(d -> d.kind() != DecisionKind.DRIFT)
                .extracting(Decision::kind, Decision::modelId)
                .containsExactly(
                        tuple(DecisionKind.RETRAIN, "linear-r1"),
                        tuple(DecisionKind.CANARY, "linear-r1"),
                        tuple(DecisionKind.CANARY, "linear-r1"),
                        tuple(DecisionKind.PROMOTE, "linear-r1"));
        Decision promote = decisions.get(decisions.size() - 1);
        // Squared errors: about 0.25 for the challenger, 9 (clipped to 10) for the champion.
        assertThat(promote.evidence().get("challenger_window_loss")).isLessThan(0.5);
        assertThat(promote.evidence().get("champion_window_loss")).isGreaterThan(5.0);
        assertThat(supervisor.championId()).isEqualTo("linear-r1");
    }

    private static ExperimentConfig regression(RetrainPolicy policy) {
        ModelConfig linear =
                new ModelConfig("linear", ModelFamily.LINEAR, AdaGradConfig.DEFAULTS, 0);
        RetrainConfig retrain =
                new RetrainConfig(
                        policy,
                        new DriftConfig(DriftConfig.Detector.PAGE_HINKLEY),
                        new RolloutPlan(List.of(0.1, 0.3), 200, Duration.ofHours(1), 1.1),
                        List.of());
        return new ExperimentConfig(
                "values",
                FeatureSpace.of(4, List.of()),
                List.of(linear),
                new EvaluationConfig(500),
                0,
                retrain);
    }
}
