package dev.tributary.trainer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.metrics.MetricScope;
import dev.tributary.core.metrics.TributaryMetric;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.core.supervision.FeatureStability;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.SliceEvaluation;
import dev.tributary.trainer.experiment.TestingStreams;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrainingMetricsTest {

    private static final String E = "tributary/experiment=checkout/";
    private static final ExperimentConfig CHECKOUT = TestingStreams.experiment("checkout", 100);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final TestingMetricGroup group = new TestingMetricGroup();
    private final TrainingMetrics metrics = new TrainingMetrics(group, List.of(CHECKOUT), now::get);

    @Test
    void everySeriesOfAnExperimentIsThereFromTheStartWithItsCatalogueName() {
        for (TributaryMetric metric : TributaryMetric.values()) {
            if (metric.scope() == MetricScope.EXPERIMENT) {
                assertThat(group.has(E + metric.metricName())).as(metric.name()).isTrue();
            }
        }
        for (DecisionKind kind : DecisionKind.values()) {
            assertThat(group.count(E + "decision=" + TributaryMetric.labelValue(kind) + "/count"))
                    .isZero();
        }
        assertThat(group.gauge(E + "feature=x/psi")).isNaN();
        assertThat(group.gauge(E + "champion_version")).isZero();
        assertThat(group.gauge(E + "challengers")).isZero();
    }

    @Test
    void stepsCountTheirExamplesLatencyAndWhenTheModelsLastLearned() {
        metrics.learned("checkout", 250_000);
        metrics.learned("checkout", 50_000);
        now.addAndGet(7_500);

        assertThat(group.count(E + "examples_trained")).isEqualTo(2);
        assertThat(group.histogram(E + "training_step_latency_us").getStatistics().getMax())
                .isEqualTo(250);
        assertThat(group.gauge(E + "seconds_since_learned")).isEqualTo(7);
    }

    /**
     * A challenger goes from shadow to canary to champion: each arm is its own series, which reads
     * NaN once the model left it; traffic, canary share, champion version and age follow.
     */
    @Test
    void modelsAreSeriesPerArmAndTheChampionsAgeRestartsWhenItChanges() {
        metrics.refresh(
                status(
                        100,
                        evaluation("champion", 3, Arm.CHAMPION, 0.5),
                        evaluation("champion-r1", 0, Arm.SHADOW, 0.6)),
                null,
                0);
        assertThat(group.gauge(E + "model=champion-r1/arm=shadow/log_loss")).isEqualTo(0.6);
        assertThat(group.gauge(E + "model=champion-r1/arm=shadow/traffic")).isZero();
        assertThat(group.gauge(E + "model=champion/arm=champion/traffic")).isEqualTo(1.0);
        assertThat(group.gauge(E + "challengers")).isEqualTo(1);
        assertThat(group.gauge(E + "champion_version")).isEqualTo(3);
        now.addAndGet(60_000);

        TrafficSplit canary =
                new TrafficSplit("champion", new String[] {"champion-r1"}, new double[] {0.25});
        metrics.refresh(
                status(
                        200,
                        evaluation("champion", 3, Arm.CHAMPION, 0.55),
                        evaluation("champion-r1", 1, Arm.CANARY, 0.4)),
                canary,
                1);
        assertThat(group.gauge(E + "model=champion-r1/arm=shadow/log_loss")).isNaN();
        assertThat(group.gauge(E + "model=champion-r1/arm=canary/log_loss")).isEqualTo(0.4);
        assertThat(group.gauge(E + "model=champion-r1/arm=canary/traffic")).isEqualTo(0.25);
        assertThat(group.gauge(E + "model=champion/arm=champion/traffic")).isEqualTo(0.75);
        assertThat(group.gauge(E + "canary_traffic")).isEqualTo(0.25);
        assertThat(group.gauge(E + "champion_age_seconds")).isEqualTo(60);

        metrics.refresh(
                status(
                        300,
                        evaluation("champion-r1", 2, Arm.CHAMPION, 0.4),
                        evaluation("champion", 3, Arm.SHADOW, 0.55)),
                TrafficSplit.championOnly("champion-r1"),
                2);
        now.addAndGet(5_000);
        assertThat(group.gauge(E + "champion_version")).isEqualTo(2);
        assertThat(group.gauge(E + "champion_age_seconds")).isEqualTo(5);
        assertThat(group.gauge(E + "model=champion-r1/arm=canary/traffic")).isNaN();
        assertThat(group.gauge(E + "model=champion-r1/arm=champion/traffic")).isEqualTo(1.0);
        assertThat(group.gauge(E + "model=champion/arm=champion/log_loss")).isNaN();
        assertThat(group.gauge(E + "model=champion/arm=shadow/version")).isEqualTo(3);
        // The configured second model is a shadow, not a challenger in rollout.
        assertThat(group.gauge(E + "challengers")).isZero();
        assertThat(group.gauge(E + "canary_traffic")).isZero();
    }

    @Test
    void decisionsAreCountedByKindAndDriveTheDriftAndPauseGauges() {
        metrics.refresh(status(500, evaluation("champion", 1, Arm.CHAMPION, 0.5)), null, 0);
        assertThat(group.gauge(E + "examples_since_drift")).isEqualTo(500);

        metrics.decision(decision(DecisionKind.DRIFT, 420));
        metrics.decision(decision(DecisionKind.RETRAIN, 420));
        metrics.decision(decision(DecisionKind.PAUSE, 450));
        assertThat(metrics.refreshDue("checkout", 1)).isTrue();
        metrics.refresh(status(600, evaluation("champion", 1, Arm.CHAMPION, 0.5)), null, 1);

        assertThat(group.count(E + "decision=drift/count")).isEqualTo(1);
        assertThat(group.count(E + "decision=retrain/count")).isEqualTo(1);
        assertThat(group.count(E + "decision=promote/count")).isZero();
        assertThat(group.gauge(E + "examples_since_drift")).isEqualTo(180);
        assertThat(group.gauge(E + "rollout_paused")).isEqualTo(1);
        assertThat(metrics.refreshDue("checkout", 2)).isFalse();
        assertThat(metrics.refreshDue("checkout", 1 + TrainingMetrics.REFRESH_NANOS)).isTrue();

        metrics.decision(decision(DecisionKind.RESUME, 610));
        assertThat(group.gauge(E + "rollout_paused")).isZero();
        // A decision of an experiment this operator does not run (a refused command) is ignored.
        metrics.decision(
                new Decision("elsewhere", DecisionKind.REJECT, "m", 0, 0, "not configured"));
    }

    @Test
    void featurePsiAndTheWorstSliceAreReported() {
        Metrics slice = new Metrics(800, 0.9, 0.6, Double.NaN);
        ModelEvaluation champion =
                new ModelEvaluation(
                        new ModelRef("champion", 1, Arm.CHAMPION),
                        metrics(0.5),
                        metrics(0.5),
                        metrics(0.5),
                        Metrics.EMPTY,
                        new SliceEvaluation[] {new SliceEvaluation("ORD", slice)});
        metrics.refresh(
                new ExperimentStatus(
                        "checkout",
                        900,
                        0,
                        new ModelEvaluation[] {champion},
                        false,
                        new FeatureStability[] {
                            new FeatureStability("x", 0.31, "significant", 20_000)
                        }),
                null,
                0);

        assertThat(group.gauge(E + "feature=x/psi")).isEqualTo(0.31);
        assertThat(group.gauge(E + "model=champion/arm=champion/worst_slice_loss")).isEqualTo(0.9);
        assertThat(group.gauge(E + "model=champion/arm=champion/examples")).isEqualTo(900);
        assertThat(group.gauge(E + "model=champion/arm=champion/rmse")).isNaN();
    }

    private static ExperimentStatus status(long examples, ModelEvaluation... evaluations) {
        return new ExperimentStatus("checkout", examples, 0, evaluations, false);
    }

    private static ModelEvaluation evaluation(String model, long version, Arm arm, double loss) {
        return new ModelEvaluation(
                new ModelRef(model, version, arm), metrics(loss), metrics(loss), metrics(loss));
    }

    private static Metrics metrics(double loss) {
        return new Metrics(900, loss, 0.8, 0.7);
    }

    private static Decision decision(DecisionKind kind, long examples) {
        return new Decision("checkout", kind, "champion", 0, examples, kind.name());
    }
}
