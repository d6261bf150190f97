package dev.tributary.evaluator.prequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.config.Task;
import dev.tributary.core.supervision.Metrics;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Log loss and accuracy of a 3-class classifier, running and windowed, on hand-computed values. */
class MulticlassMetricsTest {

    /**
     * Four examples. Log loss terms: -ln 0.7, -ln 0.3, -2 ln 0.4, -ln 0.4. Most likely classes: 0
     * (right), 1 (wrong: the label is 2), 0 of a 0/1 tie (wrong: the label is 1, weight 2), 1 of a
     * 1/2 tie (right).
     */
    private static final double[][] PREDICTIONS = {
        {0.7, 0.2, 0.1}, {0.1, 0.6, 0.3}, {0.4, 0.4, 0.2}, {0.2, 0.4, 0.4}
    };

    private static final double[] LABELS = {0, 2, 1, 1};
    private static final double[] WEIGHTS = {1, 1, 2, 1};

    /** -(ln 0.7 + ln 0.3 + 3 ln 0.4), computed by hand. */
    private static final double LOSS_OF_ALL = 4.309519943887134;

    /** -(ln 0.3 + 3 ln 0.4): the last three examples. */
    private static final double LOSS_OF_LAST_THREE = 3.952844999948401;

    @Test
    void runningLogLossAndAccuracyCountTheMostLikelyClassTiesGoingToTheLowestIndex() {
        RunningMetrics metrics = new RunningMetrics(Task.MULTICLASS, 3);

        feed(metrics, 0, 4);

        Metrics m = metrics.metrics();
        assertThat(m.examples()).isEqualTo(4);
        assertThat(m.logLoss()).isCloseTo(LOSS_OF_ALL / 5, within(1e-12));
        // Right: example 0 (weight 1) and example 3 (weight 1) of total weight 5.
        assertThat(m.accuracy()).isCloseTo(2.0 / 5, within(1e-15));
        assertThat(m.auc()).isNaN();
        assertThat(m.rmse()).isNaN();
        assertThat(m.mae()).isNaN();
        assertThat(metrics.aucErrorBound()).isNaN();
    }

    @Test
    void aWindowForgetsItsOldestExample() {
        WindowMetrics window = new WindowMetrics(Task.MULTICLASS, 3, 3);

        feed(window, 0, 3);
        Metrics three = window.metrics();
        feed(window, 3, 4);
        Metrics four = window.metrics();

        assertThat(three.examples()).isEqualTo(3);
        assertThat(three.logLoss()).isCloseTo((LOSS_OF_ALL - 0.916290731874155) / 4, within(1e-12));
        assertThat(three.accuracy()).isCloseTo(1.0 / 4, within(1e-15));
        // Example 0 left: weight 4, of which example 3 (weight 1) is right.
        assertThat(four.examples()).isEqualTo(3);
        assertThat(four.logLoss()).isCloseTo(LOSS_OF_LAST_THREE / 4, within(1e-12));
        assertThat(four.accuracy()).isCloseTo(1.0 / 4, within(1e-15));
        assertThat(four.auc()).isNaN();
        assertThat(four.rmse()).isNaN();
        assertThat(four.mae()).isNaN();
    }

    @Test
    void runningAndWindowedAgreeAndUseTheBinaryClipping() {
        RunningMetrics running = new RunningMetrics(Task.MULTICLASS, 3);
        WindowMetrics window = new WindowMetrics(Task.MULTICLASS, 3, 10);

        // Certain and wrong: clipped to 1e-15 as for binary, not an infinite loss.
        running.observe(new double[] {1, 0, 0}, 2, 1);
        window.observe(new double[] {1, 0, 0}, 2, 1);

        assertThat(running.metrics().logLoss()).isCloseTo(34.538776394910684, within(1e-12));
        assertThat(window.metrics()).isEqualTo(running.metrics());
    }

    @Test
    void examplesOfZeroWeightAreCountedButAreNoEvidence() {
        RunningMetrics running = new RunningMetrics(Task.MULTICLASS, 3);
        WindowMetrics window = new WindowMetrics(Task.MULTICLASS, 3, 10);

        running.observe(PREDICTIONS[0], 0, 0);
        window.observe(PREDICTIONS[0], 0, 0);

        Metrics expected = new Metrics(1, Double.NaN, Double.NaN, Double.NaN);
        assertThat(running.metrics()).isEqualTo(expected);
        assertThat(window.metrics()).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(new double[] {0.5, 0.5}, 0.0, 1.0, "3 values"),
                Arguments.of(new double[] {0.5}, 0.0, 1.0, "3 values"),
                Arguments.of(new double[] {0.5, 1.5, 0.0}, 0.0, 1.0, "class 1"),
                Arguments.of(new double[] {0.5, -0.1, 0.0}, 0.0, 1.0, "class 1"),
                Arguments.of(new double[] {0.5, 0.5, Double.NaN}, 0.0, 1.0, "class 2"),
                Arguments.of(new double[] {0.5, 0.5, 0.0}, 3.0, 1.0, "class index"),
                Arguments.of(new double[] {0.5, 0.5, 0.0}, -1.0, 1.0, "class index"),
                Arguments.of(new double[] {0.5, 0.5, 0.0}, 0.5, 1.0, "class index"),
                Arguments.of(new double[] {0.5, 0.5, 0.0}, Double.NaN, 1.0, "class index"),
                Arguments.of(new double[] {0.5, 0.5, 0.0}, 1.0, -1.0, "weight"),
                Arguments.of(new double[] {0.5, 0.5, 0.0}, 1.0, Double.NaN, "weight"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void rejectsWhatIsNotAMulticlassExampleAndRecordsNothing(
            double[] prediction, double label, double weight, String message) throws IOException {
        RunningMetrics running = new RunningMetrics(Task.MULTICLASS, 3);
        WindowMetrics window = new WindowMetrics(Task.MULTICLASS, 3, 2);
        feed(running, 0, 2);
        feed(window, 0, 2);
        byte[] runningBefore = RunningMetricsTest.bytes(running);
        byte[] windowBefore = WindowMetricsTest.bytes(window);

        assertThatThrownBy(() -> running.observe(prediction, label, weight))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThatThrownBy(() -> window.observe(prediction, label, weight))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
        assertThat(RunningMetricsTest.bytes(running)).isEqualTo(runningBefore);
        assertThat(WindowMetricsTest.bytes(window)).isEqualTo(windowBefore);
    }

    @Test
    void aSingleScoreIsNotAMulticlassPrediction() {
        assertThatThrownBy(() -> new RunningMetrics(Task.MULTICLASS, 3).observe(0.5, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 values, one per class, had 1");
        assertThatThrownBy(() -> new WindowMetrics(Task.MULTICLASS, 3, 5).observe(0.5, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 values, one per class, had 1");
    }

    @Test
    void classesMustFitTheTask() {
        assertThatThrownBy(() -> new RunningMetrics(Task.MULTICLASS, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classes must be >= 2");
        assertThatThrownBy(() -> new WindowMetrics(Task.BINARY, 2, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 otherwise");
    }

    @Test
    void resizingKeepsTheMostRecentExamples() {
        WindowMetrics window = new WindowMetrics(Task.MULTICLASS, 3, 4);
        feed(window, 0, 4);
        WindowMetrics lastThree = new WindowMetrics(Task.MULTICLASS, 3, 3);
        feed(lastThree, 1, 4);

        assertThat(window.withCapacity(3).metrics()).isEqualTo(lastThree.metrics());
        assertThat(window.withCapacity(3).task()).isEqualTo(Task.MULTICLASS);
        assertThat(window.withCapacity(10).metrics()).isEqualTo(window.metrics());
    }

    static void feed(RunningMetrics metrics, int from, int to) {
        for (int i = from; i < to; i++) {
            metrics.observe(PREDICTIONS[i], LABELS[i], WEIGHTS[i]);
        }
    }

    static void feed(WindowMetrics metrics, int from, int to) {
        for (int i = from; i < to; i++) {
            metrics.observe(PREDICTIONS[i], LABELS[i], WEIGHTS[i]);
        }
    }
}
