package dev.tributary.evaluator.drift;

import static dev.tributary.evaluator.drift.TestingDriftStreams.CHANGE;
import static dev.tributary.evaluator.drift.TestingDriftStreams.RAMP;
import static dev.tributary.evaluator.drift.TestingDriftStreams.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.evaluator.drift.TestingDriftStreams.Run;
import org.junit.jupiter.api.Test;

class HddmATest {

    @Test
    void stationaryStreamRaisesNoDrift() {
        Run run = Run.of(new HddmA(), errors(rate -> 0.2));

        assertThat(run.drifts()).isEmpty();
        assertThat(run.warnings()).isEmpty();
    }

    @Test
    void abruptChangeIsDetectedAtTheGoldenPoints() {
        Run run = Run.of(new HddmA(), errors(TestingDriftStreams::abrupt));

        assertThat(run.firstWarningFrom(0)).isEqualTo(10_011);
        assertThat(run.firstDriftFrom(0)).isEqualTo(10_013);
        assertThat(run.drifts()).hasSize(1);
        // With the cut near 10,000, k examples at 0.6 raise the mean by about 0.4 k / 10,000, and
        // the bound is sqrt(ln(2000) / 2 · k / 10,000²): they meet at k ≈ 24 on average; this
        // stream has a few errors more than that early on.
        assertThat(run.firstWarningFrom(0) - CHANGE).isBetween(0, 100);
        assertThat(run.firstDriftFrom(0) - CHANGE).isBetween(0, 100);
    }

    @Test
    void gradualChangeIsDetectedWithinTheRamp() {
        Run run = Run.of(new HddmA(), errors(TestingDriftStreams::ramp));

        assertThat(run.firstWarningFrom(0)).isEqualTo(10_472);
        assertThat(run.firstDriftFrom(0)).isEqualTo(10_485);
        // Within the first quarter of the 2,000-example ramp (the rate is then about 0.30); after
        // the reset, the ramp's rise is detected once more before it ends.
        assertThat(run.firstDriftFrom(0) - CHANGE).isBetween(0, RAMP / 4);
        assertThat(run.drifts()).containsExactly(10_485, 11_542);
    }

    @Test
    void followsTheRuleOfThePaper() {
        HddmA hddm = new HddmA();
        // 100 right: the mean stays 0 and the cut follows the last example.
        for (int i = 0; i < 100; i++) {
            assertThat(hddm.update(0)).isEqualTo(DriftState.STABLE);
        }
        // Then 1, 1, 0, 1: the cut stays at 100 (X̄ = 0); Z̄ rises to 3/104 = 0.0288, below the
        // warning bound sqrt(ln(400) / 2 · 4 / (100 · 104)) = 0.0339.
        assertThat(hddm.update(1)).isEqualTo(DriftState.STABLE);
        assertThat(hddm.update(1)).isEqualTo(DriftState.STABLE);
        assertThat(hddm.update(0)).isEqualTo(DriftState.STABLE);
        assertThat(hddm.update(1)).isEqualTo(DriftState.STABLE);
        // Example 105, wrong: Z̄ = 4/105 = 0.03810 >= sqrt(ln(400) / 2 · 5 / (100 · 105)) =
        // 0.03777, below sqrt(ln(2000) / 2 · 5 / (100 · 105)) = 0.04254: WARNING.
        assertThat(hddm.update(1)).isEqualTo(DriftState.WARNING);
        assertThat(hddm.observations()).isEqualTo(105);
        // Example 106, wrong: Z̄ = 5/106 = 0.04717 >= 0.04638: DRIFT, and a reset.
        assertThat(hddm.update(1)).isEqualTo(DriftState.DRIFT);
        assertThat(hddm.observations()).isZero();
        assertThat(hddm.update(1)).isEqualTo(DriftState.STABLE);
    }

    @Test
    void driftResetsTheDetector() {
        HddmA hddm = new HddmA();
        double[] stream = errors(TestingDriftStreams::abrupt);
        for (int i = 0; i <= 10_013; i++) {
            hddm.update(stream[i]);
        }

        assertThat(hddm.state()).isEqualTo(DriftState.DRIFT);
        assertThat(hddm.observations()).isZero();
        // It judges what follows from scratch: exactly as a new detector would.
        double[] stationary = errors(rate -> 0.2);
        assertThat(Run.of(hddm, stationary)).isEqualTo(Run.of(new HddmA(), stationary));
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> new HddmA(0, 0.005)).hasMessageContaining("driftConfidence 0.0");
        assertThatThrownBy(() -> new HddmA(0.01, 0.005))
                .hasMessageContaining("warningConfidence 0.005");
        assertThatThrownBy(() -> new HddmA(Double.NaN, 0.005))
                .hasMessageContaining("driftConfidence NaN");
        assertThat(new HddmA().name()).isEqualTo("hddm-a");
    }
}
