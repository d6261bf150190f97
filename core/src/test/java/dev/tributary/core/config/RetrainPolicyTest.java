package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.RetrainPolicy.Action;
import dev.tributary.core.config.RetrainPolicy.Degradation;
import dev.tributary.core.config.RetrainPolicy.Direction;
import dev.tributary.core.config.RetrainPolicy.Threshold;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetrainPolicyTest {

    private static final Threshold THRESHOLD = new Threshold(Direction.ABOVE, 0.7, 3);

    private static RetrainPolicy policy(
            String metric,
            Threshold threshold,
            Degradation degradation,
            boolean drift,
            Duration schedule,
            double hysteresis,
            Duration coolDown,
            int budget,
            Action action,
            int replay) {
        return new RetrainPolicy(
                metric,
                threshold,
                degradation,
                drift,
                schedule,
                hysteresis,
                coolDown,
                budget,
                action,
                replay);
    }

    /** A valid policy but for the metric and the degradation. */
    private static RetrainPolicy withMetric(String metric, Degradation degradation) {
        return policy(metric, null, degradation, true, null, 0, Duration.ZERO, 2, Action.WARM, 10);
    }

    /** A valid policy but for the schedule, hysteresis, cool-down, budget and replay size. */
    private static RetrainPolicy withLimits(
            Duration schedule, double hysteresis, Duration coolDown, int budget, int replay) {
        return policy(
                "logloss",
                THRESHOLD,
                null,
                false,
                schedule,
                hysteresis,
                coolDown,
                budget,
                Action.REPLAY,
                replay);
    }

    @Test
    void defaultsAreDegradationAndDriftOnLogLossWithCoolDownAndBudget() {
        RetrainPolicy p = RetrainPolicy.defaults();
        assertThat(p.metric()).isEqualTo("logloss");
        assertThat(p.higherIsWorse()).isTrue();
        assertThat(p.threshold()).isNull();
        assertThat(p.degradation()).isEqualTo(new Degradation(0.10, 3));
        assertThat(p.drift()).isTrue();
        assertThat(p.schedule()).isNull();
        assertThat(p.hysteresis()).isZero();
        assertThat(p.coolDown()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.maxRetrainsPerHour()).isEqualTo(2);
        assertThat(p.action()).isEqualTo(Action.WARM);
        assertThat(p.replayExamples()).isEqualTo(10_000);
    }

    @Test
    void theMetricSaysWhichWayIsWorse() {
        for (String metric : new String[] {"logloss", "rmse", "mae"}) {
            assertThat(withMetric(metric, null).higherIsWorse()).as(metric).isTrue();
        }
        for (String metric : new String[] {"auc", "accuracy"}) {
            assertThat(withMetric(metric, null).higherIsWorse()).as(metric).isFalse();
        }
    }

    @Test
    void metricMustBeKnown() {
        assertThatThrownBy(() -> withMetric("f1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric: \"f1\" must be one of logloss, rmse, mae, auc, accuracy");
        assertThatThrownBy(() -> withMetric(null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("metric");
    }

    @Test
    void thresholdIsValidated() {
        assertThatThrownBy(() -> new Threshold(Direction.BELOW, Double.NaN, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold.value: NaN must be finite");
        assertThatThrownBy(() -> new Threshold(Direction.BELOW, 0.8, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("threshold.consecutiveWindows: 0 must be >= 1");
        assertThatThrownBy(() -> new Threshold(null, 0.8, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("threshold.direction");
    }

    @Test
    void degradationIsValidatedAgainstTheMetric() {
        assertThatThrownBy(() -> new Degradation(0.0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("degradation.fraction: 0.0 must be finite and > 0");
        assertThatThrownBy(() -> new Degradation(Double.POSITIVE_INFINITY, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("degradation.fraction: Infinity must be finite and > 0");
        assertThatThrownBy(() -> new Degradation(0.1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("degradation.consecutiveWindows: -1 must be >= 1");
        assertThatThrownBy(() -> withMetric("auc", new Degradation(1.0, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("degradation.fraction: 1.0 must be < 1 for auc, where lower is worse");
        // Where higher is worse, doubling is a fine bound.
        assertThat(withMetric("rmse", new Degradation(1.0, 1)).degradation().fraction())
                .isEqualTo(1.0);
    }

    @Test
    void atLeastOneTriggerMustBeOn() {
        assertThatThrownBy(
                        () ->
                                policy(
                                        "logloss",
                                        null,
                                        null,
                                        false,
                                        null,
                                        0,
                                        Duration.ZERO,
                                        1,
                                        Action.COLD,
                                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "triggers: none is on; expected at least one of threshold, degradation,"
                                + " drift, schedule");
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> withLimits(Duration.ZERO, 0, Duration.ZERO, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schedule: PT0S must be positive");
        assertThatThrownBy(() -> withLimits(null, -0.5, Duration.ZERO, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hysteresis: -0.5 must be finite and >= 0");
        assertThatThrownBy(() -> withLimits(null, Double.NaN, Duration.ZERO, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hysteresis: NaN must be finite and >= 0");
        assertThatThrownBy(() -> withLimits(null, 0, Duration.ofSeconds(-5), 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("coolDown: PT-5S must be >= 0");
        assertThatThrownBy(() -> withLimits(null, 0, null, 1, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("coolDown");
        assertThatThrownBy(() -> withLimits(null, 0, Duration.ZERO, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRetrainsPerHour: 0 must be in [1, 1000]");
        assertThatThrownBy(() -> withLimits(null, 0, Duration.ZERO, 1001, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxRetrainsPerHour: 1001 must be in [1, 1000]");
        assertThatThrownBy(() -> withLimits(null, 0, Duration.ZERO, 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("replayExamples: 0 must be >= 1");
        assertThatThrownBy(
                        () ->
                                policy(
                                        "logloss",
                                        THRESHOLD,
                                        null,
                                        false,
                                        null,
                                        0,
                                        Duration.ZERO,
                                        1,
                                        null,
                                        1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("action");
        RetrainPolicy edge = withLimits(Duration.ofHours(6), 0.25, Duration.ZERO, 1000, 1);
        assertThat(edge.schedule()).isEqualTo(Duration.ofHours(6));
        assertThat(edge.maxRetrainsPerHour()).isEqualTo(1000);
    }
}
