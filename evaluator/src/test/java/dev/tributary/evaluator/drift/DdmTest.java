package dev.tributary.evaluator.drift;

import static dev.tributary.evaluator.drift.TestingDriftStreams.CHANGE;
import static dev.tributary.evaluator.drift.TestingDriftStreams.RAMP;
import static dev.tributary.evaluator.drift.TestingDriftStreams.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.evaluator.drift.TestingDriftStreams.Run;
import org.junit.jupiter.api.Test;

class DdmTest {

    @Test
    void stationaryStreamRaisesNoDrift() {
        Run run = Run.of(new Ddm(), errors(rate -> 0.2));

        assertThat(run.drifts()).isEmpty();
        // DDM warns often on a stable stream: p_i wanders about the rate by about s_i, and p_min is
        // its lowest point so far. Golden count of WARNING observations, 12% of the stream.
        assertThat(run.warnings()).hasSize(2435);
    }

    @Test
    void abruptChangeIsDetectedAtTheGoldenPoints() {
        Run run = Run.of(new Ddm(), errors(TestingDriftStreams::abrupt));

        // The stream equals the stationary one before the change: no drift there.
        assertThat(run.firstDriftFrom(0)).isEqualTo(10_206);
        assertThat(run.firstWarningFrom(CHANGE)).isEqualTo(10_087);
        // p_i is the mean since the start, so after k examples at 0.6 it has risen by about
        // 0.4 k / (10,000 + k); three standard deviations (s_i ≈ 0.004) take a few hundred.
        assertThat(run.firstWarningFrom(CHANGE) - CHANGE).isBetween(0, 500);
        assertThat(run.firstDriftFrom(CHANGE) - CHANGE).isBetween(0, 1_000);
        assertThat(run.firstDriftFrom(CHANGE)).isGreaterThan(run.firstWarningFrom(CHANGE));
    }

    @Test
    void gradualChangeIsDetectedWithinTheRamp() {
        Run run = Run.of(new Ddm(), errors(TestingDriftStreams::ramp));

        assertThat(run.firstDriftFrom(0)).isEqualTo(10_788);
        // Within the 2,000-example ramp from 0.2 to 0.6 (at 10,788 the rate is about 0.36).
        assertThat(run.firstDriftFrom(0) - CHANGE).isBetween(0, RAMP);
    }

    @Test
    void followsTheRuleOfThePaper() {
        // minInstances 3, warning at 2 s_min, drift at 2.1 s_min, so that a short stream reaches
        // it.
        Ddm ddm = new Ddm(3, 2.0, 2.1);
        // Examples 1, 2: below minInstances, always STABLE.
        assertThat(ddm.update(0)).isEqualTo(DriftState.STABLE);
        assertThat(ddm.update(1)).isEqualTo(DriftState.STABLE);
        // Example 3: p = 1/3, s = sqrt(2/27) = 0.27217, p + s = 0.60550: the first minimum.
        // Warning level 1/3 + 2 s_min = 0.87766, drift level 1/3 + 2.1 s_min = 0.90488.
        assertThat(ddm.update(0)).isEqualTo(DriftState.STABLE);
        assertThat(ddm.errorRate()).isCloseTo(1.0 / 3, within(1e-15));
        // Examples 4-6 (all wrong): p + s = 0.75000, 0.81909, 0.85912.
        assertThat(ddm.update(1)).isEqualTo(DriftState.STABLE);
        assertThat(ddm.update(1)).isEqualTo(DriftState.STABLE);
        assertThat(ddm.update(1)).isEqualTo(DriftState.STABLE);
        // Examples 7, 8: p + s = 0.88503, 0.90309, between the two levels.
        assertThat(ddm.update(1)).isEqualTo(DriftState.WARNING);
        assertThat(ddm.update(1)).isEqualTo(DriftState.WARNING);
        assertThat(ddm.observations()).isEqualTo(8);
        // Example 9: p = 7/9, s = 0.13858, p + s = 0.91636 > 0.90488: DRIFT, and a reset.
        assertThat(ddm.update(1)).isEqualTo(DriftState.DRIFT);
        assertThat(ddm.observations()).isZero();
        assertThat(ddm.update(1)).isEqualTo(DriftState.STABLE);
    }

    @Test
    void driftResetsTheDetector() {
        Ddm ddm = new Ddm();
        double[] stream = errors(TestingDriftStreams::abrupt);
        for (int i = 0; i <= 10_206; i++) {
            ddm.update(stream[i]);
        }

        assertThat(ddm.state()).isEqualTo(DriftState.DRIFT);
        assertThat(ddm.observations()).isZero();
        assertThat(ddm.errorRate()).isNaN();
        // It judges what follows from scratch: exactly as a new detector would.
        double[] stationary = errors(rate -> 0.2);
        assertThat(Run.of(ddm, stationary)).isEqualTo(Run.of(new Ddm(), stationary));
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> new Ddm(0, 2, 3)).hasMessageContaining("minInstances 0");
        assertThatThrownBy(() -> new Ddm(30, 0, 3)).hasMessageContaining("warningLevel 0.0");
        assertThatThrownBy(() -> new Ddm(30, 3, 2)).hasMessageContaining("driftLevel 2.0");
        assertThatThrownBy(() -> new Ddm(30, 2, Double.NaN)).hasMessageContaining("driftLevel NaN");
        assertThat(new Ddm().name()).isEqualTo("ddm");
    }
}
