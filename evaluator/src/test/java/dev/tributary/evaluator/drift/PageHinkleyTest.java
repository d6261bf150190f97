package dev.tributary.evaluator.drift;

import static dev.tributary.evaluator.drift.AdwinTest.abrupt;
import static dev.tributary.evaluator.drift.AdwinTest.bytes;
import static dev.tributary.evaluator.drift.AdwinTest.decrease;
import static dev.tributary.evaluator.drift.AdwinTest.drifts;
import static dev.tributary.evaluator.drift.AdwinTest.gradual;
import static dev.tributary.evaluator.drift.AdwinTest.input;
import static dev.tributary.evaluator.drift.AdwinTest.stationary;
import static dev.tributary.evaluator.drift.TestingDriftStreams.CHANGE;
import static dev.tributary.evaluator.drift.TestingDriftStreams.LENGTH;
import static dev.tributary.evaluator.drift.TestingDriftStreams.RAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden detection points of Page-Hinkley on the seeded streams of {@link AdwinTest}. */
class PageHinkleyTest {

    @Test
    void aStationaryStreamRaisesNoAlarm() {
        PageHinkley test = new PageHinkley();
        double highest = Double.NEGATIVE_INFINITY;
        for (double value : stationary()) {
            assertThat(test.update(value)).isEqualTo(DriftState.STABLE);
            highest = Math.max(highest, test.statistic());
        }

        assertThat(test.observations()).isEqualTo(LENGTH);
        assertThat(highest).isLessThan(PageHinkley.DEFAULT_LAMBDA);
        // m_n tends to -δ/(1-α) = -50, with a time constant of 1/(1-α) = 10,000 observations and,
        // for Bernoulli(0.2), a standard deviation of about sqrt(0.16 / (1-α²)) ≈ 28.
        assertThat(test.statistic()).isEqualTo(-22.79376778715461);
        assertThat(test.mean()).isCloseTo(0.2, within(0.01));
    }

    @Test
    void anAbruptChangeIsDetectedAtTheGoldenIndex() {
        PageHinkley test = new PageHinkley();

        List<Integer> drifts = drifts(test, abrupt());

        // m_n rests near -50 and rises by about 0.6 - x̄ - δ ≈ 0.39 per observation after the
        // change, so it passes λ = 50 some 250 to 350 observations later.
        assertThat(drifts).containsExactly(10341);
        assertThat(drifts.get(0) - CHANGE).isBetween(0, 500);
        // The test reset itself at the drift.
        assertThat(test.observations()).isEqualTo(LENGTH - 1 - 10341);
        assertThat(test.mean()).isCloseTo(0.6, within(0.01));
    }

    @Test
    void aGradualChangeIsDetectedDuringTheRamp() {
        List<Integer> drifts = drifts(new PageHinkley(), gradual());

        // The first 1,060 observations into the ramp (mean about 0.41); after the reset, the
        // rest of the ramp is a new increase, found 90 observations after it ends.
        assertThat(drifts).containsExactly(11060, 12090);
        assertThat(drifts.get(0)).isBetween(CHANGE, CHANGE + RAMP - 1);
    }

    @Test
    void aDecreaseIsNotDetected() {
        PageHinkley test = new PageHinkley();

        assertThat(drifts(test, decrease())).isEmpty();
        // The decrease pushed m_n far below where a stationary stream leaves it.
        assertThat(test.statistic()).isLessThan(-100);
    }

    @Test
    void aDriftResetsTheTest() throws IOException {
        double[] values = abrupt();
        PageHinkley test = new PageHinkley();
        drifts(test, Arrays.copyOf(values, 10_342));

        assertThat(test.state()).isEqualTo(DriftState.DRIFT);
        assertThat(test.observations()).isZero();
        assertThat(test.statistic()).isZero();
        assertThat(test.mean()).isZero();

        // From here it goes on exactly as a new test fed the same observations.
        PageHinkley fresh = new PageHinkley();
        for (int i = 10_342; i < 10_400; i++) {
            test.update(values[i]);
            fresh.update(values[i]);
        }
        assertThat(bytes(test)).isEqualTo(bytes(fresh));
    }

    @Test
    void noDriftBeforeMinInstances() {
        PageHinkley test = new PageHinkley(30, 0.005, 1, PageHinkley.DEFAULT_ALPHA);
        for (int i = 0; i < 10; i++) {
            assertThat(test.update(0)).isEqualTo(DriftState.STABLE);
        }
        // m_n passes λ = 1 at the 12th observation, but a drift waits for the 30th.
        for (int n = 11; n < 30; n++) {
            assertThat(test.update(1)).as("observation %s", n).isEqualTo(DriftState.STABLE);
        }
        assertThat(test.statistic()).isGreaterThan(1);
        assertThat(test.update(1)).isEqualTo(DriftState.DRIFT);
    }

    @Test
    void aRestoredTestContinuesExactly() throws IOException {
        double[] values = gradual();
        PageHinkley uninterrupted = new PageHinkley();
        List<Integer> expected = drifts(uninterrupted, values);
        byte[] end = bytes(uninterrupted);

        // Before anything, mid-stream, at a drift, right after one, and long after.
        for (int at : new int[] {0, 1, 5_000, 11_061, 11_062, 12_091, 15_000}) {
            PageHinkley first = new PageHinkley();
            List<Integer> drifts = new ArrayList<>(drifts(first, Arrays.copyOf(values, at)));
            byte[] written = bytes(first);
            PageHinkley restored = PageHinkley.read(input(written), 30, 0.005, 50, 1 - 0.0001);

            assertThat(bytes(restored)).isEqualTo(written);
            assertThat(restored.state()).isEqualTo(first.state());
            assertThat(restored.observations()).isEqualTo(first.observations());
            drifts.addAll(drifts(restored, values, at));
            assertThat(drifts).as("restored at %s", at).isEqualTo(expected);
            assertThat(bytes(restored)).isEqualTo(end);
        }
    }

    @Test
    void readRefusesForeignOrInconsistentState() throws IOException {
        PageHinkley test = new PageHinkley();
        drifts(test, Arrays.copyOf(stationary(), 100));
        byte[] written = bytes(test);

        byte[] version = written.clone();
        version[3] = 9;
        assertThatThrownBy(() -> PageHinkley.read(input(version)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format version 9");
        // The state byte follows the version and the count.
        byte[] state = written.clone();
        state[4 + 8] = 1;
        assertThatThrownBy(() -> PageHinkley.read(input(state)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("state code 1");
        // The mean follows; all ones in its exponent make it NaN.
        byte[] mean = written.clone();
        mean[4 + 8 + 1] = (byte) 0x7f;
        mean[4 + 8 + 2] = (byte) 0xf8;
        assertThatThrownBy(() -> PageHinkley.read(input(mean)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("mean NaN");
        assertThatThrownBy(() -> PageHinkley.read(input(Arrays.copyOf(written, 20))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void invalidValuesAreRefusedAndChangeNothing() {
        PageHinkley test = new PageHinkley();
        drifts(test, Arrays.copyOf(abrupt(), 10_200));
        byte[] before = bytes(test);

        for (double bad :
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> test.update(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("finite");
        }

        assertThat(bytes(test)).isEqualTo(before);
    }

    @Test
    void resetForgetsEverything() {
        double[] values = abrupt();
        PageHinkley test = new PageHinkley();
        drifts(test, Arrays.copyOf(values, 12_345));

        test.reset();

        assertThat(bytes(test)).isEqualTo(bytes(new PageHinkley()));
        assertThat(test.state()).isEqualTo(DriftState.STABLE);
        assertThat(test.observations()).isZero();
        assertThat(drifts(test, values)).containsExactly(10341);
    }

    @Test
    void parametersAreChecked() {
        double alpha = PageHinkley.DEFAULT_ALPHA;
        assertThatThrownBy(() -> new PageHinkley(0, 0.005, 50, alpha))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("page-hinkley min-instances: 0 must be >= 1");
        assertThatThrownBy(() -> new PageHinkley(30, -0.1, 50, alpha))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delta");
        assertThatThrownBy(() -> new PageHinkley(30, Double.NaN, 50, alpha))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PageHinkley(30, 0.005, 0, alpha))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambda");
        assertThatThrownBy(() -> new PageHinkley(30, 0.005, Double.POSITIVE_INFINITY, alpha))
                .isInstanceOf(IllegalArgumentException.class);
        // With α = 1, m_n would drift down without bound on a stationary stream.
        assertThatThrownBy(() -> new PageHinkley(30, 0.005, 50, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha");
        assertThatThrownBy(() -> new PageHinkley(30, 0.005, 50, 0))
                .isInstanceOf(IllegalArgumentException.class);
        PageHinkley test = new PageHinkley();
        assertThat(test.name()).isEqualTo("page-hinkley");
        assertThat(test.state()).isEqualTo(DriftState.STABLE);
        assertThat(test.statistic()).isZero();
    }
}
