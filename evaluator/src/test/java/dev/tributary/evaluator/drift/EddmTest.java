package dev.tributary.evaluator.drift;

import static dev.tributary.evaluator.drift.TestingDriftStreams.CHANGE;
import static dev.tributary.evaluator.drift.TestingDriftStreams.RAMP;
import static dev.tributary.evaluator.drift.TestingDriftStreams.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.evaluator.drift.TestingDriftStreams.Run;
import java.util.List;
import org.junit.jupiter.api.Test;

class EddmTest {

    /**
     * EDDM's false alarms on a stable stream of frequent errors: its maximum of {@code p' + 2 s'}
     * starts at the 30th error, when the estimate is still noisy, and a later, better estimate can
     * fall 10% below it. All five come early, each soon after the reset that followed the previous.
     */
    private static final List<Integer> STATIONARY_DRIFTS = List.of(713, 985, 1_944, 2_333, 2_679);

    @Test
    void stationaryStreamRaisesOnlyTheEarlyFalseAlarms() {
        Run run = Run.of(new Eddm(), errors(rate -> 0.2));

        assertThat(run.drifts()).isEqualTo(STATIONARY_DRIFTS);
        assertThat(run.warnings()).hasSize(1122);
    }

    @Test
    void abruptChangeIsDetectedAtTheGoldenPoints() {
        Run run = Run.of(new Eddm(), errors(TestingDriftStreams::abrupt));

        // The stream equals the stationary one before the change, and so do the alarms there.
        assertThat(run.drifts().stream().filter(i -> i < CHANGE).toList())
                .isEqualTo(STATIONARY_DRIFTS);
        assertThat(run.firstWarningFrom(CHANGE)).isEqualTo(10_307);
        assertThat(run.firstDriftFrom(CHANGE)).isEqualTo(10_671);
        // p' and s' are over all errors since the reset at 2,679 (about 1,460 at mean distance 5);
        // at 0.6 the distances have mean 1.67 and sd 1.05, so it takes a few hundred errors for
        // p' + 2 s' to fall 5%, then 10%, below its maximum of about 14.
        assertThat(run.firstWarningFrom(CHANGE) - CHANGE).isBetween(0, 500);
        assertThat(run.firstDriftFrom(CHANGE) - CHANGE).isBetween(0, 1_000);
    }

    @Test
    void gradualChangeIsDetectedWithinTheRamp() {
        Run run = Run.of(new Eddm(), errors(TestingDriftStreams::ramp));

        assertThat(run.drifts().stream().filter(i -> i < CHANGE).toList())
                .isEqualTo(STATIONARY_DRIFTS);
        assertThat(run.firstDriftFrom(CHANGE)).isEqualTo(11_464);
        // Within the 2,000-example ramp from 0.2 to 0.6 (at 11,464 the rate is about 0.49).
        assertThat(run.firstDriftFrom(CHANGE) - CHANGE).isBetween(0, RAMP);
    }

    @Test
    void followsTheRuleOfThePaper() {
        // Tests from the 2nd error on, so that a short stream shows every state.
        Eddm eddm = new Eddm(2, 0.95, 0.90);
        // Errors at examples 2, 20, 34, 47, 58: distances 2, 18, 14, 13, 11.
        assertThat(feed(eddm, 1, 1)).isEqualTo(DriftState.STABLE);
        // 2nd error: p' = 10, s' = 8, p' + 2 s' = 26: the first maximum.
        assertThat(feed(eddm, 17, 1)).isEqualTo(DriftState.STABLE);
        assertThat(eddm.meanDistance()).isEqualTo(10.0);
        // 3rd: p' = 11.333, s' = 6.7987, 24.931 / 26 = 0.959 >= 0.95.
        assertThat(feed(eddm, 13, 1)).isEqualTo(DriftState.STABLE);
        // 4th: p' = 11.75, s' = 5.9319, 23.614 / 26 = 0.908, below α.
        assertThat(feed(eddm, 12, 1)).isEqualTo(DriftState.WARNING);
        // Correct predictions change nothing: the warning stands.
        assertThat(feed(eddm, 9, 0)).isEqualTo(DriftState.WARNING);
        assertThat(eddm.observations()).isEqualTo(57);
        assertThat(eddm.errors()).isEqualTo(4);
        // 5th: p' = 11.6, s' = 5.3141, 22.228 / 26 = 0.855, below β: DRIFT, and a reset.
        assertThat(eddm.update(1)).isEqualTo(DriftState.DRIFT);
        assertThat(eddm.observations()).isZero();
        assertThat(eddm.meanDistance()).isNaN();
        assertThat(eddm.update(0)).isEqualTo(DriftState.STABLE);
    }

    /** Feeds {@code rights} correct predictions, then {@code last}; returns the last state. */
    private static DriftState feed(Eddm eddm, int rights, double last) {
        for (int i = 0; i < rights; i++) {
            eddm.update(0);
        }
        return eddm.update(last);
    }

    @Test
    void driftResetsTheDetector() {
        Eddm eddm = new Eddm();
        double[] stream = errors(TestingDriftStreams::abrupt);
        for (int i = 0; i <= 10_671; i++) {
            eddm.update(stream[i]);
        }

        assertThat(eddm.state()).isEqualTo(DriftState.DRIFT);
        assertThat(eddm.observations()).isZero();
        assertThat(eddm.meanDistance()).isNaN();
        // It judges what follows from scratch: exactly as a new detector would.
        double[] stationary = errors(rate -> 0.2);
        assertThat(Run.of(eddm, stationary)).isEqualTo(Run.of(new Eddm(), stationary));
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> new Eddm(0, 0.95, 0.9)).hasMessageContaining("minErrors 0");
        assertThatThrownBy(() -> new Eddm(30, 1.0, 0.9)).hasMessageContaining("warningRatio 1.0");
        assertThatThrownBy(() -> new Eddm(30, 0.9, 0.95)).hasMessageContaining("driftRatio 0.95");
        assertThatThrownBy(() -> new Eddm(30, 0.95, Double.NaN))
                .hasMessageContaining("driftRatio NaN");
        assertThat(new Eddm().name()).isEqualTo("eddm");
    }
}
