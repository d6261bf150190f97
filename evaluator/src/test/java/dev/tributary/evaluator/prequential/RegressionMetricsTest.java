package dev.tributary.evaluator.prequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.config.Task;
import dev.tributary.core.supervision.Metrics;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RMSE and MAE, running and windowed, on hand-computed values. */
class RegressionMetricsTest {

    /**
     * Errors 2, -1 (weight 2) and -4: Σ w = 4, Σ w e² = 4 + 2 + 16 = 22, Σ w |e| = 2 + 2 + 4 = 8.
     * Every sum is exact in binary floating point, so the metrics are exactly sqrt(22 / 4) and 2.
     */
    private static final double[] PREDICTIONS = {3, 0.5, -2};

    private static final double[] LABELS = {1, 1.5, 2};
    private static final double[] WEIGHTS = {1, 2, 1};

    @Test
    void runningRmseAndMaeAreWeighted() {
        RunningMetrics metrics = new RunningMetrics(Task.REGRESSION, 1);

        feed(metrics, 0, 3);

        assertThat(metrics.metrics())
                .isEqualTo(new Metrics(3, Double.NaN, Double.NaN, Double.NaN, Math.sqrt(5.5), 2.0));
        assertThat(metrics.metrics().rmse()).isCloseTo(2.345207879911715, within(1e-15));
    }

    @Test
    void aWindowForgetsItsOldestExample() {
        WindowMetrics window = new WindowMetrics(Task.REGRESSION, 1, 2);

        feed(window, 0, 2);
        Metrics two = window.metrics();
        feed(window, 2, 3);
        Metrics three = window.metrics();

        // Errors 2 and -1 (weight 2): Σ w = 3, Σ w e² = 6, Σ w |e| = 4.
        assertThat(two)
                .isEqualTo(
                        new Metrics(
                                2, Double.NaN, Double.NaN, Double.NaN, Math.sqrt(2.0), 4.0 / 3));
        // Errors -1 (weight 2) and -4: Σ w = 3, Σ w e² = 18, Σ w |e| = 6.
        assertThat(three)
                .isEqualTo(new Metrics(2, Double.NaN, Double.NaN, Double.NaN, Math.sqrt(6.0), 2.0));
    }

    @Test
    void theSingleValueFormIsTheSameAsAnArrayOfOne() {
        RunningMetrics scalar = new RunningMetrics(Task.REGRESSION, 1);
        RunningMetrics array = new RunningMetrics(Task.REGRESSION, 1);
        WindowMetrics window = new WindowMetrics(Task.REGRESSION, 1, 5);

        for (int i = 0; i < 3; i++) {
            scalar.observe(PREDICTIONS[i], LABELS[i], WEIGHTS[i]);
            window.observe(PREDICTIONS[i], LABELS[i], WEIGHTS[i]);
        }
        feed(array, 0, 3);

        assertThat(scalar.metrics()).isEqualTo(array.metrics());
        assertThat(window.metrics()).isEqualTo(array.metrics());
    }

    @Test
    void examplesOfZeroWeightAreCountedButAreNoEvidence() {
        RunningMetrics running = new RunningMetrics(Task.REGRESSION, 1);
        WindowMetrics window = new WindowMetrics(Task.REGRESSION, 1, 5);

        running.observe(new double[] {5}, 1, 0);
        window.observe(new double[] {5}, 1, 0);

        assertThat(running.metrics().examples()).isEqualTo(1);
        assertThat(running.metrics().rmse()).isNaN();
        assertThat(running.metrics().mae()).isNaN();
        assertThat(window.metrics()).isEqualTo(running.metrics());
    }

    @ParameterizedTest
    @CsvSource({
        "NaN, 1, 1, prediction",
        "Infinity, 1, 1, prediction",
        "1, NaN, 1, label",
        "1, -Infinity, 1, label",
        "1, 1, -1, weight",
        "1, 1, NaN, weight",
        "1e308, -1e308, 1, overflows"
    })
    void rejectsWhatIsNotARegressionExampleAndRecordsNothing(
            double prediction, double label, double weight, String message) throws IOException {
        RunningMetrics running = new RunningMetrics(Task.REGRESSION, 1);
        WindowMetrics window = new WindowMetrics(Task.REGRESSION, 1, 2);
        feed(running, 0, 3);
        feed(window, 0, 3);
        byte[] runningBefore = RunningMetricsTest.bytes(running);
        byte[] windowBefore = WindowMetricsTest.bytes(window);

        assertThatThrownBy(() -> running.observe(new double[] {prediction}, label, weight))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> window.observe(new double[] {prediction}, label, weight))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> window.observe(new double[] {1, 2}, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must have 1 value, had 2");
        assertThat(RunningMetricsTest.bytes(running)).isEqualTo(runningBefore);
        assertThat(WindowMetricsTest.bytes(window)).isEqualTo(windowBefore);
    }

    @Test
    void anErrorWhoseSquareOverflowsLeavesTheWindowWithoutATrace() {
        WindowMetrics window = new WindowMetrics(Task.REGRESSION, 1, 3);
        window.observe(new double[] {1e200}, 0, 1);
        window.observe(new double[] {1}, 0, 1);

        assertThat(window.metrics().rmse()).isInfinite();

        // The first fills the window (its wrap recomputes the sums: still infinite); the second
        // evicts the overflowed example.
        window.observe(new double[] {2}, 0, 1);
        window.observe(new double[] {3}, 0, 1);

        // Errors 1, 2, 3: RMSE sqrt(14 / 3), MAE 2; no NaN left by ∞ - ∞.
        assertThat(window.metrics().rmse()).isEqualTo(Math.sqrt(14.0 / 3));
        assertThat(window.metrics().mae()).isEqualTo(2.0);
    }

    @Test
    void aLongStreamKeepsItsSumsAccurate() {
        int capacity = 1000;
        int n = 200_123;
        Random random = new Random(29);
        double[] predictions = new double[n];
        double[] labels = new double[n];
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            labels[i] = 100 * random.nextGaussian();
            predictions[i] = labels[i] + random.nextGaussian() * (1 + i % 5);
            weights[i] = 0.5 + random.nextDouble();
        }
        WindowMetrics window = new WindowMetrics(Task.REGRESSION, 1, capacity);
        WindowMetrics fresh = new WindowMetrics(Task.REGRESSION, 1, capacity);

        for (int i = 0; i < n; i++) {
            window.observe(predictions[i], labels[i], weights[i]);
        }
        for (int i = n - capacity; i < n; i++) {
            fresh.observe(predictions[i], labels[i], weights[i]);
        }

        assertThat(window.metrics().rmse()).isCloseTo(fresh.metrics().rmse(), within(1e-12));
        assertThat(window.metrics().mae()).isCloseTo(fresh.metrics().mae(), within(1e-12));
        assertThat(window.metrics().rmse()).isBetween(2.0, 4.0);
    }

    @Test
    void resizingKeepsTheMostRecentExamples() {
        WindowMetrics window = new WindowMetrics(Task.REGRESSION, 1, 3);
        feed(window, 0, 3);
        WindowMetrics lastTwo = new WindowMetrics(Task.REGRESSION, 1, 2);
        feed(lastTwo, 1, 3);

        assertThat(window.withCapacity(2).metrics()).isEqualTo(lastTwo.metrics());
        assertThat(window.withCapacity(7).metrics()).isEqualTo(window.metrics());
    }

    static void feed(RunningMetrics metrics, int from, int to) {
        for (int i = from; i < to; i++) {
            metrics.observe(new double[] {PREDICTIONS[i]}, LABELS[i], WEIGHTS[i]);
        }
    }

    static void feed(WindowMetrics metrics, int from, int to) {
        for (int i = from; i < to; i++) {
            metrics.observe(new double[] {PREDICTIONS[i]}, LABELS[i], WEIGHTS[i]);
        }
    }
}
