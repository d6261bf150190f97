package dev.tributary.evaluator.drift;

import static dev.tributary.evaluator.drift.TestingDriftStreams.CHANGE;
import static dev.tributary.evaluator.drift.TestingDriftStreams.LENGTH;
import static dev.tributary.evaluator.drift.TestingDriftStreams.RAMP;
import static dev.tributary.evaluator.drift.TestingDriftStreams.SEED;
import static dev.tributary.evaluator.drift.TestingDriftStreams.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Golden detection points of ADWIN on seeded Bernoulli streams, its bookkeeping against the exact
 * window, and its cuts against a slow reference that tests every split of the window.
 */
class AdwinTest {

    // The streams every golden test reads: 0/1 values, P(1) as given, seed 42.

    static double[] stationary() {
        return stream(SEED, LENGTH, i -> 0.2);
    }

    static double[] abrupt() {
        return stream(SEED, LENGTH, i -> i < CHANGE ? 0.2 : 0.6);
    }

    static double[] gradual() {
        return stream(
                SEED,
                LENGTH,
                i -> i < CHANGE ? 0.2 : i < CHANGE + RAMP ? 0.2 + 0.4 * (i - CHANGE) / RAMP : 0.6);
    }

    static double[] decrease() {
        return stream(SEED, LENGTH, i -> i < CHANGE ? 0.6 : 0.2);
    }

    /** The indices of the observations at which the detector reports a drift. */
    static List<Integer> drifts(DriftDetector detector, double[] values, int from) {
        List<Integer> drifts = new ArrayList<>();
        for (int i = from; i < values.length; i++) {
            DriftState state = detector.update(values[i]);
            assertThat(state).isNotEqualTo(DriftState.WARNING);
            if (state == DriftState.DRIFT) {
                drifts.add(i);
            }
        }
        return drifts;
    }

    static List<Integer> drifts(DriftDetector detector, double[] values) {
        return drifts(detector, values, 0);
    }

    @Test
    void aStationaryStreamRaisesNoAlarmAndTheWindowKeepsEverything() {
        double[] values = stationary();
        Adwin adwin = new Adwin();

        assertThat(drifts(adwin, values)).isEmpty();
        assertThat(adwin.width()).isEqualTo(LENGTH);
        assertThat(adwin.observations()).isEqualTo(LENGTH);
        assertThat(adwin.mean()).isCloseTo(exactMean(values, 0, LENGTH), within(1e-12));
    }

    @Test
    void anAbruptChangeIsDetectedAtTheGoldenIndex() {
        Adwin adwin = new Adwin();

        List<Integer> drifts = drifts(adwin, abrupt());

        // A cut is looked for on every 32nd observation: 10047 is the second check after the
        // change (observation 10,048 = 314 · 32), 48 observations into the new concept. The two
        // later cuts drop the pre-change buckets that the first one left in the window.
        assertThat(drifts).containsExactly(10047, 10079, 10303);
        assertThat(drifts.get(0) - CHANGE).isBetween(0, 500);
    }

    @Test
    void afterAnAbruptChangeTheWindowHoldsAboutTheNewConcept() {
        double[] values = abrupt();
        Adwin adwin = new Adwin();

        drifts(adwin, values, 0);

        // 10,016 observations: the 10,000 after the change and 16 from before it.
        assertThat(adwin.width()).isEqualTo(10_016);
        assertThat(adwin.width()).isCloseTo(LENGTH - CHANGE, within(100L));
        assertThat(adwin.mean()).isCloseTo(0.6, within(0.01));
        // A drift does not reset ADWIN: it counts every observation.
        assertThat(adwin.observations()).isEqualTo(LENGTH);
    }

    @Test
    void aGradualChangeIsDetectedDuringTheRamp() {
        double[] values = gradual();
        Adwin adwin = new Adwin();

        List<Integer> drifts = drifts(adwin, values);

        // First cut 559 observations into the ramp (the mean has risen from 0.2 to about 0.31);
        // ADWIN keeps cutting while the mean moves, and stops soon after it settles.
        assertThat(drifts)
                .containsExactly(
                        10559, 10655, 10687, 10847, 11487, 11775, 11871, 11967, 12255, 12671);
        assertThat(drifts.get(0)).isBetween(CHANGE, CHANGE + RAMP - 1);
        assertThat(drifts.get(drifts.size() - 1)).isLessThan(CHANGE + RAMP + 1_000);
        assertThat(adwin.mean()).isCloseTo(0.6, within(0.01));
    }

    @Test
    void aDecreaseIsDetectedToo() {
        // ADWIN compares means both ways, unlike Page-Hinkley.
        assertThat(drifts(new Adwin(), decrease())).containsExactly(10047, 10079, 10111, 10207);
    }

    @Test
    void testingAfterEveryObservationDetectsNoLater() {
        List<Integer> everyTime = drifts(new Adwin(Adwin.DEFAULT_DELTA, 5, 1), abrupt());
        List<Integer> every32 = drifts(new Adwin(), abrupt());

        assertThat(everyTime.get(0)).isBetween(CHANGE, every32.get(0));
    }

    @Test
    void theBucketsHoldExactlyTheWindowsMeanAndVariance() {
        // Real values, with changes, so that cuts happen and buckets are dropped.
        SplittableRandom random = new SplittableRandom(7);
        double[] values = new double[6_000];
        for (int i = 0; i < values.length; i++) {
            double level = (i / 1_500) % 2 == 0 ? 0.2 : 0.7;
            values[i] = Math.min(1, Math.max(0, level + 0.2 * random.nextGaussian()));
        }
        Adwin adwin = new Adwin(0.002, 3, 1);
        int cuts = 0;
        for (int i = 0; i < values.length; i++) {
            if (adwin.update(values[i]) == DriftState.DRIFT) {
                cuts++;
            }
            int width = (int) adwin.width();
            int from = i + 1 - width;
            assertThat(adwin.mean()).isCloseTo(exactMean(values, from, i + 1), within(1e-9));
            assertThat(adwin.variance())
                    .isCloseTo(exactVariance(values, from, i + 1), within(1e-9));
            // Row r holds at most M buckets of 2^r observations, and 2^r <= width.
            int rows = 64 - Long.numberOfLeadingZeros(width);
            assertThat(adwin.buckets()).isLessThanOrEqualTo(3 * rows);
        }
        assertThat(cuts).isGreaterThanOrEqualTo(3);
    }

    /**
     * The bucket version against {@link ExactAdwin}, which tests every split of the window. Until
     * the first cut both hold the same observations, and every split the buckets test is one the
     * exact test tries too, with the same statistics: so the buckets never cut first. They may cut
     * later, because a split inside a bucket is not tried. After a cut the windows differ: the
     * buckets drop a whole bucket (up to half the window), the exact test one observation at a
     * time.
     */
    @Test
    void theBucketsNeverCutBeforeAnExactTestOfEverySplit() {
        int later = 0;
        int missed = 0;
        int maxLag = 0;
        for (double high : new double[] {0.6, 0.4, 0.3}) {
            for (long seed = 0; seed < 10; seed++) {
                double[] values = stream(seed, 3_000, i -> i < 1_000 || i >= 2_000 ? 0.2 : high);
                int buckets = firstDrift(new Adwin(), values);
                int exact = firstDrift(new ExactAdwin(Adwin.DEFAULT_DELTA, 32), values);

                assertThat(exact).as("exact, %s seed %s", high, seed).isNotNegative();
                if (buckets < 0) {
                    missed++;
                } else {
                    assertThat(buckets)
                            .as("buckets, %s seed %s", high, seed)
                            .isGreaterThanOrEqualTo(exact);
                    maxLag = Math.max(maxLag, buckets - exact);
                }
                if (buckets != exact) {
                    later++;
                    // A large change is found by both at the same check.
                    assertThat(high).isLessThan(0.6);
                }
            }
        }
        // Golden, as the streams are: of the 10 changes of +0.4 none differs; of the 10 of +0.2
        // the buckets cut one check later twice; of the 10 of +0.1, later 7 times, by up to 5
        // checks (160 observations), and once not at all.
        assertThat(later).isEqualTo(10);
        assertThat(missed).isEqualTo(1);
        assertThat(maxLag).isEqualTo(160);
    }

    @Test
    void onAStationaryStreamNeitherCuts() {
        for (long seed = 0; seed < 5; seed++) {
            double[] values = stream(seed, 3_000, i -> 0.2);
            assertThat(firstDrift(new Adwin(), values)).isEqualTo(-1);
            assertThat(firstDrift(new ExactAdwin(Adwin.DEFAULT_DELTA, 32), values)).isEqualTo(-1);
        }
    }

    private static int firstDrift(Adwin adwin, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (adwin.update(values[i]) == DriftState.DRIFT) {
                return i;
            }
        }
        return -1;
    }

    private static int firstDrift(ExactAdwin adwin, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (adwin.update(values[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * ADWIN as the paper first states it, slowly: the window is every observation, every split of
     * it is tested on every {@code clock}-th observation, and while any split has {@code |μ0 - μ1|
     * > ε_cut} the oldest observation is dropped.
     */
    static final class ExactAdwin {
        private final double delta;
        private final int clock;
        private final List<Double> window = new ArrayList<>();
        private long observations;

        ExactAdwin(double delta, int clock) {
            this.delta = delta;
            this.clock = clock;
        }

        boolean update(double value) {
            window.add(value);
            observations++;
            if (observations % clock != 0) {
                return false;
            }
            boolean cut = false;
            while (window.size() >= 2 && anySplitCuts()) {
                window.remove(0);
                cut = true;
            }
            return cut;
        }

        private boolean anySplitCuts() {
            int n = window.size();
            double[] w = new double[n];
            for (int i = 0; i < n; i++) {
                w[i] = window.get(i);
            }
            double variance = exactVariance(w, 0, n);
            // ln(2/δ') with δ' = δ / ln n.
            double confidence = Math.log(2 / (delta / Math.log(n)));
            double total = 0;
            for (double x : w) {
                total += x;
            }
            double sum0 = 0;
            for (int n0 = 1; n0 < n; n0++) {
                int n1 = n - n0;
                sum0 += w[n0 - 1];
                double mean0 = sum0 / n0;
                double mean1 = (total - sum0) / n1;
                double m = 1 / (1.0 / n0 + 1.0 / n1);
                double epsilon =
                        Math.sqrt(2 / m * variance * confidence) + 2 / (3 * m) * confidence;
                if (Math.abs(mean0 - mean1) > epsilon) {
                    return true;
                }
            }
            return false;
        }
    }

    static double exactMean(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    static double exactVariance(double[] values, int from, int to) {
        double mean = exactMean(values, from, to);
        double squares = 0;
        for (int i = from; i < to; i++) {
            squares += (values[i] - mean) * (values[i] - mean);
        }
        return squares / (to - from);
    }

    @Test
    void aRestoredDetectorContinuesExactly() throws IOException {
        double[] values = abrupt();
        Adwin uninterrupted = new Adwin();
        List<Integer> expected = drifts(uninterrupted, values);
        byte[] end = bytes(uninterrupted);

        // Before anything, mid-stream, at a drift, right after one, and long after.
        for (int at : new int[] {0, 1, 5_000, 10_047, 10_048, 10_303, 15_000}) {
            Adwin first = new Adwin();
            List<Integer> drifts = new ArrayList<>(drifts(first, Arrays.copyOf(values, at)));
            byte[] written = bytes(first);
            Adwin restored = Adwin.read(input(written), 0.002, 5, 32);

            assertThat(bytes(restored)).isEqualTo(written);
            assertThat(restored.state()).isEqualTo(first.state());
            assertThat(restored.width()).isEqualTo(first.width());
            assertThat(restored.observations()).isEqualTo(first.observations());
            drifts.addAll(drifts(restored, values, at));
            assertThat(drifts).as("restored at %s", at).isEqualTo(expected);
            assertThat(bytes(restored)).isEqualTo(end);
        }
    }

    @Test
    void aDriftStateSurvivesARestore() throws IOException {
        double[] values = abrupt();
        Adwin adwin = new Adwin();
        drifts(adwin, Arrays.copyOf(values, 10_048));
        assertThat(adwin.state()).isEqualTo(DriftState.DRIFT);

        assertThat(Adwin.read(input(bytes(adwin))).state()).isEqualTo(DriftState.DRIFT);
    }

    @Test
    void readRefusesForeignOrInconsistentState() throws IOException {
        Adwin adwin = new Adwin();
        drifts(adwin, Arrays.copyOf(stationary(), 1_000));
        byte[] written = bytes(adwin);

        byte[] version = written.clone();
        version[3] = 9;
        assertThatThrownBy(() -> Adwin.read(input(version)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format version 9");
        // With M = 5 rows hold up to 5 buckets; a reader with M = 2 cannot hold them.
        assertThatThrownBy(() -> Adwin.read(input(written), 0.002, 2, 32))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("buckets in row");
        // The width must be what the buckets hold: offset 4 + 8 + 1 is the width.
        byte[] width = written.clone();
        width[4 + 8 + 1 + 7] ^= 1;
        assertThatThrownBy(() -> Adwin.read(input(width)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("width");
        assertThatThrownBy(() -> Adwin.read(input(Arrays.copyOf(written, 30))))
                .isInstanceOf(IOException.class);
    }

    @Test
    void invalidValuesAreRefusedAndChangeNothing() throws IOException {
        Adwin adwin = new Adwin();
        drifts(adwin, Arrays.copyOf(abrupt(), 10_050));
        byte[] before = bytes(adwin);

        for (double bad :
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> adwin.update(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("finite");
        }

        assertThat(bytes(adwin)).isEqualTo(before);
    }

    @Test
    void resetForgetsEverything() throws IOException {
        double[] values = abrupt();
        Adwin adwin = new Adwin();
        drifts(adwin, Arrays.copyOf(values, 12_345));

        adwin.reset();

        assertThat(bytes(adwin)).isEqualTo(bytes(new Adwin()));
        assertThat(adwin.state()).isEqualTo(DriftState.STABLE);
        assertThat(adwin.observations()).isZero();
        assertThat(adwin.width()).isZero();
        assertThat(adwin.mean()).isNaN();
        assertThat(adwin.variance()).isNaN();
        assertThat(drifts(adwin, values)).isEqualTo(drifts(new Adwin(), values));
    }

    @Test
    void parametersAreChecked() {
        assertThatThrownBy(() -> new Adwin(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("adwin delta: 0.0 must be in (0, 1)");
        assertThatThrownBy(() -> new Adwin(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Adwin(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Adwin(0.002, 0, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-buckets");
        assertThatThrownBy(() -> new Adwin(0.002, 5, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clock");
        Adwin adwin = new Adwin();
        assertThat(adwin.name()).isEqualTo("adwin");
        assertThat(adwin.delta()).isEqualTo(0.002);
        assertThat(adwin.maxBuckets()).isEqualTo(5);
        assertThat(adwin.clock()).isEqualTo(32);
        assertThat(adwin.state()).isEqualTo(DriftState.STABLE);
    }

    static byte[] bytes(DriftDetector detector) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            detector.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
