package dev.tributary.evaluator.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.evaluator.drift.PopulationStability.Shift;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PopulationStabilityTest {

    private static final long SEED = 42;
    private static final int SIZE = 10_000;

    /**
     * The large-sample PSI of N(0.5, 1) against N(0, 1) in the deciles of N(0, 1): with {@code z_k
     * = Φ⁻¹(k / 10)}, {@code q_k = Φ(z_k - 0.5) - Φ(z_{k-1} - 0.5)} and {@code Σ (q_k - 0.1) ln(10
     * q_k)}, computed with SciPy. (The continuous limit, the symmetrised KL divergence, is {@code
     * 0.5² = 0.25}; ten bins lose a little of it.)
     */
    private static final double SHIFTED_PSI = 0.2377492046862759;

    /** {@code q_k} of {@link #SHIFTED_PSI}. */
    private static final double[] SHIFTED_PROPORTIONS = {
        0.0374112, 0.0524482, 0.0629637, 0.0727976, 0.0829169,
        0.0940509, 0.1071450, 0.1239486, 0.1490789, 0.2172391
    };

    /**
     * The mean PSI of two independent samples of one distribution, {@code (bins - 1)(1/N + 1/W)}:
     * the bias that the estimate adds to the large-sample value.
     */
    private static final double SAMPLING_BIAS = 9 * (1.0 / SIZE + 1.0 / SIZE);

    @Test
    void identicalDistributionsGiveAnIndexNearZero() {
        SplittableRandom random = new SplittableRandom(SEED);
        PopulationStability psi = new PopulationStability();
        for (int i = 0; i < 2 * SIZE; i++) {
            psi.observe(random.nextGaussian());
        }

        // 0.0018 on average (SAMPLING_BIAS), sd 0.0008 by simulation.
        assertThat(psi.psi()).isBetween(0.0, 0.02);
        assertThat(psi.shift()).isEqualTo(Shift.STABLE);
        // Distinct values, 10 | 10,000: the reference deciles hold exactly a tenth each.
        assertThat(psi.referenceProportions())
                .containsExactly(0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.0);
    }

    @Test
    void aShiftedNormalGivesTheLargeSampleIndex() {
        SplittableRandom random = new SplittableRandom(SEED);
        PopulationStability psi = new PopulationStability();
        for (int i = 0; i < SIZE; i++) {
            psi.observe(random.nextGaussian());
        }
        for (int i = 0; i < SIZE; i++) {
            psi.observe(0.5 + random.nextGaussian());
        }

        // By simulation (2,000 pairs of samples) the estimate has mean 0.2400 and sd 0.0142: the
        // large-sample value plus the sampling bias, give or take three standard deviations.
        assertThat(psi.psi()).isCloseTo(SHIFTED_PSI + SAMPLING_BIAS, within(0.045));
        double[] window = psi.windowProportions();
        for (int b = 0; b < 10; b++) {
            // sd of a share: about sqrt(q (1 - q) / W) <= 0.0042, plus the error of the cuts.
            assertThat(window[b]).as("bin %d", b).isCloseTo(SHIFTED_PROPORTIONS[b], within(0.015));
        }
        assertThat(window[10]).isZero();
        assertThat(psi.cutPoints()).hasSize(9);
        // The reference deciles estimate Φ⁻¹(k / 10): the median near 0, the 9th decile near 1.28.
        assertThat(psi.cutPoints()[4]).isCloseTo(0.0, within(0.05));
        assertThat(psi.cutPoints()[8]).isCloseTo(1.2816, within(0.05));
    }

    @Test
    void exactIndexOfATinyExample() {
        // Reference of 5 with 2 bins (the median), window of 4.
        PopulationStability psi = new PopulationStability(5, 4, 2);
        for (double value : new double[] {3, 1, Double.NaN, 4, 2}) {
            psi.observe(value);
        }
        // Non-missing sorted 1, 2, 3, 4: the cut is the ⌈4/2⌉-th, 2; bins (-∞, 2], (2, ∞), NaN.
        assertThat(psi.cutPoints()).containsExactly(2.0);
        assertThat(psi.referenceProportions()).containsExactly(0.4, 0.4, 0.2);

        // 2 is at the cut, so in the lower bin: q = 1/4, 3/4, 0.
        for (double value : new double[] {5, 6, 2, 7}) {
            psi.observe(value);
        }
        assertThat(psi.windowProportions()).containsExactly(0.25, 0.75, 0.0);
        // (0.25 - 0.4) ln(0.25/0.4) + (0.75 - 0.4) ln(0.75/0.4) + (1e-4 - 0.2) ln(1e-4/0.2): the
        // empty missing bin, floored at 1e-4, adds 0.1999 ln 2000 = 1.5194 of it.
        assertThat(psi.psi()).isCloseTo(1.8099339768471536, within(1e-15));
        assertThat(psi.shift()).isEqualTo(Shift.SIGNIFICANT);

        // A missing value pushes out the oldest, 5: the window is 6, 2, 7, NaN.
        psi.observe(Double.NaN);
        assertThat(psi.windowProportions()).containsExactly(0.25, 0.5, 0.25);
        // (0.25 - 0.4) ln(0.625) + (0.5 - 0.4) ln(1.25) + (0.25 - 0.2) ln(1.25).
        assertThat(psi.psi()).isCloseTo(0.1039720770839918, within(1e-15));
        assertThat(psi.shift()).isEqualTo(Shift.MODERATE);
        assertThat(psi.observations()).isEqualTo(10);
    }

    @Test
    void undefinedUntilTheReferenceAndTheWindowAreFull() {
        PopulationStability psi = new PopulationStability(5, 4, 2);
        for (int i = 0; i < 4; i++) {
            psi.observe(i);
            assertThat(psi.psi()).isNaN();
        }
        assertThat(psi.hasReference()).isFalse();
        assertThat(psi.cutPoints()).isEmpty();
        assertThat(psi.referenceProportions()).containsOnly(Double.NaN);

        psi.observe(4);
        assertThat(psi.hasReference()).isTrue();
        for (int i = 0; i < 3; i++) {
            psi.observe(i);
            assertThat(psi.psi()).isNaN();
            assertThat(psi.shift()).isEqualTo(Shift.UNDEFINED);
            assertThat(psi.windowFull()).isFalse();
            assertThat(psi.windowProportions()).containsOnly(Double.NaN);
        }

        psi.observe(3);
        assertThat(psi.windowFull()).isTrue();
        assertThat(psi.psi()).isNotNaN();
    }

    @Test
    void missingValuesHaveTheirOwnBin() {
        // Reference: 0..89 and 10 missing; 3 bins: cuts at the 30th and 60th values, 29 and 59.
        PopulationStability psi = new PopulationStability(100, 100, 3);
        for (int i = 0; i < 100; i++) {
            psi.observe(i % 10 == 9 ? Double.NaN : i - i / 10);
        }
        assertThat(psi.cutPoints()).containsExactly(29.0, 59.0);
        assertThat(psi.referenceProportions()).containsExactly(0.3, 0.3, 0.3, 0.1);

        // Window: 0..79 and 20 missing. The missing share doubles, the top bin loses as much.
        for (int i = 0; i < 100; i++) {
            psi.observe(i % 5 == 4 ? Double.NaN : i - i / 5);
        }
        assertThat(psi.windowProportions()).containsExactly(0.3, 0.3, 0.2, 0.2);
        // (0.2 - 0.3) ln(2/3) + (0.2 - 0.1) ln 2 = 0.1 ln 3.
        assertThat(psi.psi()).isCloseTo(0.1 * Math.log(3), within(1e-15));
    }

    @Test
    void emptyBinsAreFlooredAtEpsilon() {
        // A constant reference: every cut is 1, every reference value in the first bin.
        PopulationStability psi = new PopulationStability(10, 10, 10);
        for (int i = 0; i < 10; i++) {
            psi.observe(1.0);
        }
        assertThat(psi.cutPoints()).containsOnly(1.0);
        for (int i = 0; i < 10; i++) {
            psi.observe(2.0);
        }

        // All of the window in the last bin: 2 (1 - ε) ln(1/ε), the largest index there is.
        assertThat(psi.windowProportions()[9]).isEqualTo(1.0);
        assertThat(psi.psi())
                .isCloseTo(
                        2
                                * (1 - PopulationStability.EPSILON)
                                * Math.log(1 / PopulationStability.EPSILON),
                        within(1e-12));
    }

    @Test
    void infiniteValuesFallIntoTheEndBins() {
        PopulationStability psi = new PopulationStability(4, 2, 2);
        for (double value : new double[] {1, 2, 3, 4}) {
            psi.observe(value);
        }
        psi.observe(Double.NEGATIVE_INFINITY);
        psi.observe(Double.POSITIVE_INFINITY);

        assertThat(psi.windowProportions()).containsExactly(0.5, 0.5, 0.0);
        assertThat(psi.psi()).isCloseTo(0.0, within(1e-15));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 7, 10, 13, 18, 25, 40})
    void serializationContinuesIdentically(int snapshot) throws IOException {
        // Reference of 10, window of 8: snapshots while the reference fills, as it completes,
        // while the window fills, as it first wraps, and after it has wrapped more than once.
        double[] stream = new double[60];
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 0; i < stream.length; i++) {
            stream[i] = i % 11 == 3 ? Double.NaN : random.nextGaussian() + (i < 20 ? 0 : 1);
        }
        PopulationStability original = new PopulationStability(10, 8, 4);
        for (int i = 0; i < snapshot; i++) {
            original.observe(stream[i]);
        }
        byte[] written = bytes(original);

        PopulationStability restored = read(written, 10, 8, 4);

        assertThat(bytes(restored)).isEqualTo(written);
        assertThat(restored.observations()).isEqualTo(snapshot);
        assertThat(bits(restored.psi())).isEqualTo(bits(original.psi()));
        for (int i = snapshot; i < stream.length; i++) {
            original.observe(stream[i]);
            restored.observe(stream[i]);
            assertThat(bits(restored.psi()))
                    .as("after value %d", i)
                    .isEqualTo(bits(original.psi()));
        }
        assertThat(bytes(restored)).isEqualTo(bytes(original));
        assertThat(restored.cutPoints()).isEqualTo(original.cutPoints());
    }

    @Test
    void stateOfOtherSizesOrVersionsIsRefused() {
        PopulationStability psi = new PopulationStability(10, 8, 4);
        byte[] written = bytes(psi);

        assertThatThrownBy(() -> read(written, 10, 8, 5))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("4 bins");
        assertThatThrownBy(() -> read(written, 10, 9, 4))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("window size 8");
        written[3] = 7;
        assertThatThrownBy(() -> read(written, 10, 8, 4))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format version 7");
    }

    @Test
    void readingsFollowTheRuleOfThumb() {
        assertThat(Shift.of(0.0)).isEqualTo(Shift.STABLE);
        assertThat(Shift.of(0.0999)).isEqualTo(Shift.STABLE);
        assertThat(Shift.of(0.1)).isEqualTo(Shift.MODERATE);
        assertThat(Shift.of(0.25)).isEqualTo(Shift.MODERATE);
        assertThat(Shift.of(0.2501)).isEqualTo(Shift.SIGNIFICANT);
        assertThat(Shift.of(Double.NaN)).isEqualTo(Shift.UNDEFINED);
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> new PopulationStability(0, 10, 10))
                .hasMessageContaining("referenceSize 0");
        assertThatThrownBy(() -> new PopulationStability(10, 0, 10))
                .hasMessageContaining("windowSize 0");
        assertThatThrownBy(() -> new PopulationStability(10, 10, 1)).hasMessageContaining("bins 1");
    }

    /** Bit patterns compare NaN with NaN, and tell every other value apart exactly. */
    private static long bits(double value) {
        return Double.doubleToLongBits(value);
    }

    private static byte[] bytes(PopulationStability psi) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try {
            psi.writeTo(new DataOutputStream(buffer));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return buffer.toByteArray();
    }

    private static PopulationStability read(byte[] bytes, int reference, int window, int bins)
            throws IOException {
        return PopulationStability.read(
                new DataInputStream(new ByteArrayInputStream(bytes)), reference, window, bins);
    }
}
