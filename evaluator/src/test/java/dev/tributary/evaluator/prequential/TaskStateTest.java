package dev.tributary.evaluator.prequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.Task;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Serialized state of multiclass and regression metrics (format version 3 for multiclass, 2 for
 * regression): round trips, and refusal of state written for another task. Binary state is covered
 * by {@link RunningMetricsTest} and {@link WindowMetricsTest}; state of earlier versions by {@link
 * OlderStateTest}.
 */
class TaskStateTest {

    private static final int CLASSES = 3;

    /** A seeded stream of 3-class predictions (softmax of noisy logits) and labels. */
    static final class ClassStream {
        final double[][] predictions;
        final double[] labels;
        final double[] weights;

        ClassStream(long seed, int n) {
            Random random = new Random(seed);
            predictions = new double[n][CLASSES];
            labels = new double[n];
            weights = new double[n];
            for (int i = 0; i < n; i++) {
                int label = random.nextInt(CLASSES);
                double total = 0;
                for (int k = 0; k < CLASSES; k++) {
                    double logit = (k == label ? 1.0 : 0.0) + random.nextGaussian();
                    predictions[i][k] = Math.exp(logit);
                    total += predictions[i][k];
                }
                for (int k = 0; k < CLASSES; k++) {
                    predictions[i][k] /= total;
                }
                labels[i] = label;
                weights[i] = i % 3 == 0 ? 1.0 : 0.5 + random.nextDouble();
            }
        }

        void feed(RunningMetrics metrics, int from, int to) {
            for (int i = from; i < to; i++) {
                metrics.observe(predictions[i], labels[i], weights[i]);
            }
        }

        void feed(WindowMetrics metrics, int from, int to) {
            for (int i = from; i < to; i++) {
                metrics.observe(predictions[i], labels[i], weights[i]);
            }
        }

        void feed(FadingMetrics metrics, int from, int to) {
            for (int i = from; i < to; i++) {
                metrics.observe(predictions[i], labels[i], weights[i]);
            }
        }
    }

    /** A seeded stream of regression predictions and labels. */
    static final class ValueStream {
        final double[] predictions;
        final double[] labels;
        final double[] weights;

        ValueStream(long seed, int n) {
            Random random = new Random(seed);
            predictions = new double[n];
            labels = new double[n];
            weights = new double[n];
            for (int i = 0; i < n; i++) {
                labels[i] = 10 * random.nextGaussian();
                predictions[i] = labels[i] + random.nextGaussian();
                weights[i] = i % 3 == 0 ? 1.0 : 0.5 + random.nextDouble();
            }
        }

        void feed(RunningMetrics metrics, int from, int to) {
            for (int i = from; i < to; i++) {
                metrics.observe(new double[] {predictions[i]}, labels[i], weights[i]);
            }
        }

        void feed(WindowMetrics metrics, int from, int to) {
            for (int i = from; i < to; i++) {
                metrics.observe(new double[] {predictions[i]}, labels[i], weights[i]);
            }
        }

        void feed(FadingMetrics metrics, int from, int to) {
            for (int i = from; i < to; i++) {
                metrics.observe(predictions[i], labels[i], weights[i]);
            }
        }
    }

    @ParameterizedTest(name = "after {0} examples")
    @ValueSource(ints = {0, 1, 1000})
    void restoredMulticlassRunningMetricsContinueExactly(int before) throws IOException {
        ClassStream stream = new ClassStream(31, before + 500);
        RunningMetrics original = new RunningMetrics(Task.MULTICLASS, CLASSES);
        stream.feed(original, 0, before);

        byte[] written = RunningMetricsTest.bytes(original);
        RunningMetrics restored = readRunning(written, Task.MULTICLASS, CLASSES);

        // Version 3, the label space (multiclass is code 2, 3 classes), count, three sums, the
        // complete flag, then the counts: weight, 3 per class, 2 per calibration bin.
        assertThat(ByteBuffer.wrap(written).getInt(0)).isEqualTo(3);
        assertThat(written[4]).isEqualTo((byte) 2);
        assertThat(ByteBuffer.wrap(written).getInt(5)).isEqualTo(CLASSES);
        assertThat(written).hasSize(4 + 1 + 4 + 8 + 3 * 8 + 1 + 8 * (1 + 3 * CLASSES + 2 * 10));
        assertThat(written[4 + 5 + 8 + 3 * 8]).as("complete").isEqualTo((byte) 1);
        assertThat(restored.metrics()).isEqualTo(original.metrics());
        assertThat(RunningMetricsTest.bytes(restored)).isEqualTo(written);

        stream.feed(original, before, before + 500);
        stream.feed(restored, before, before + 500);

        assertThat(restored.metrics()).isEqualTo(original.metrics());
        assertThat(RunningMetricsTest.bytes(restored))
                .isEqualTo(RunningMetricsTest.bytes(original));
    }

    @ParameterizedTest(name = "after {0} examples")
    @ValueSource(ints = {0, 1, 99, 100, 101, 1000})
    void restoredMulticlassWindowContinuesExactly(int before) throws IOException {
        ClassStream stream = new ClassStream(37, before + 500);
        WindowMetrics original = new WindowMetrics(Task.MULTICLASS, CLASSES, 100);
        stream.feed(original, 0, before);

        byte[] written = WindowMetricsTest.bytes(original);
        WindowMetrics restored = readWindow(written, Task.MULTICLASS, CLASSES);

        assertThat(ByteBuffer.wrap(written).getInt(0)).as("format version").isEqualTo(3);
        if (before > 0) {
            assertThat(restored.metrics().ece())
                    .as("restored with its classes")
                    .isBetween(0.0, 1.0);
        }
        assertThat(restored.metrics()).isEqualTo(original.metrics());
        assertThat(WindowMetricsTest.bytes(restored)).isEqualTo(written);

        stream.feed(original, before, before + 500);
        stream.feed(restored, before, before + 500);

        assertThat(restored.metrics()).isEqualTo(original.metrics());
        assertThat(WindowMetricsTest.bytes(restored)).isEqualTo(WindowMetricsTest.bytes(original));
    }

    @ParameterizedTest(name = "after {0} examples")
    @ValueSource(ints = {0, 1, 1000})
    void restoredRegressionRunningMetricsContinueExactly(int before) throws IOException {
        ValueStream stream = new ValueStream(41, before + 500);
        RunningMetrics original = new RunningMetrics(Task.REGRESSION, 1);
        stream.feed(original, 0, before);

        byte[] written = RunningMetricsTest.bytes(original);
        RunningMetrics restored = readRunning(written, Task.REGRESSION, 1);

        assertThat(ByteBuffer.wrap(written).getInt(0)).as("format version").isEqualTo(2);
        assertThat(written[4]).as("the regression task code").isEqualTo((byte) 3);
        assertThat(restored.metrics()).isEqualTo(original.metrics());
        assertThat(RunningMetricsTest.bytes(restored)).isEqualTo(written);

        stream.feed(original, before, before + 500);
        stream.feed(restored, before, before + 500);

        assertThat(restored.metrics()).isEqualTo(original.metrics());
        assertThat(RunningMetricsTest.bytes(restored))
                .isEqualTo(RunningMetricsTest.bytes(original));
    }

    @ParameterizedTest(name = "after {0} examples")
    @ValueSource(ints = {0, 1, 99, 100, 101, 1000})
    void restoredRegressionWindowContinuesExactly(int before) throws IOException {
        ValueStream stream = new ValueStream(43, before + 500);
        WindowMetrics original = new WindowMetrics(Task.REGRESSION, 1, 100);
        stream.feed(original, 0, before);

        byte[] written = WindowMetricsTest.bytes(original);
        WindowMetrics restored = readWindow(written, Task.REGRESSION, 1);

        assertThat(restored.metrics()).isEqualTo(original.metrics());
        assertThat(WindowMetricsTest.bytes(restored)).isEqualTo(written);

        stream.feed(original, before, before + 500);
        stream.feed(restored, before, before + 500);

        assertThat(restored.metrics()).isEqualTo(original.metrics());
        assertThat(WindowMetricsTest.bytes(restored)).isEqualTo(WindowMetricsTest.bytes(original));
    }

    @Test
    void runningStateOfAnotherTaskIsRefusedClearly() throws IOException {
        RunningMetrics regression = new RunningMetrics(Task.REGRESSION, 1);
        new ValueStream(1, 10).feed(regression, 0, 10);
        byte[] regressionState = RunningMetricsTest.bytes(regression);
        byte[] binaryState = RunningMetricsTest.bytes(new RunningMetrics());
        byte[] threeClasses = RunningMetricsTest.bytes(new RunningMetrics(Task.MULTICLASS, 3));

        assertThatThrownBy(() -> readRunning(regressionState, Task.MULTICLASS, 3))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "RunningMetrics state written for a regression task cannot be loaded"
                                + " into metrics of a multiclass (3 classes) task");
        assertThatThrownBy(() -> RunningMetrics.read(in(regressionState)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("into metrics of a binary task");
        assertThatThrownBy(() -> readRunning(binaryState, Task.REGRESSION, 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("written for a binary task");
        assertThatThrownBy(() -> readRunning(threeClasses, Task.MULTICLASS, 4))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("multiclass (3 classes) task cannot be loaded")
                .hasMessageContaining("multiclass (4 classes) task");
    }

    @Test
    void windowStateOfAnotherTaskIsRefusedClearly() throws IOException {
        WindowMetrics multiclass = new WindowMetrics(Task.MULTICLASS, CLASSES, 10);
        new ClassStream(2, 20).feed(multiclass, 0, 20);
        byte[] multiclassState = WindowMetricsTest.bytes(multiclass);
        byte[] binaryState = WindowMetricsTest.bytes(new WindowMetrics(10));

        assertThatThrownBy(() -> readWindow(multiclassState, Task.REGRESSION, 1))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "WindowMetrics state written for a multiclass (3 classes) task cannot be"
                                + " loaded into metrics of a regression task");
        assertThatThrownBy(() -> WindowMetrics.read(in(multiclassState)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("into metrics of a binary task");
        assertThatThrownBy(() -> readWindow(binaryState, Task.MULTICLASS, CLASSES))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("written for a binary task");
    }

    @Test
    void binaryStateIsReadByTheTaskAwareReader() throws IOException {
        RunningMetrics running = new RunningMetrics();
        WindowMetrics window = new WindowMetrics(50);
        TestingStream stream = TestingStream.logistic(3, 80, 0, true);
        stream.feed(running, 0, 80);
        stream.feed(window, 0, 80);
        byte[] runningState = RunningMetricsTest.bytes(running);
        byte[] windowState = WindowMetricsTest.bytes(window);

        assertThat(ByteBuffer.wrap(runningState).getInt(0)).isEqualTo(3);
        // Nothing new to keep: a binary window derives its counts from its entries.
        assertThat(ByteBuffer.wrap(windowState).getInt(0)).isEqualTo(1);
        assertThat(readRunning(runningState, Task.BINARY, 1).metrics())
                .isEqualTo(running.metrics());
        assertThat(readWindow(windowState, Task.BINARY, 1).metrics()).isEqualTo(window.metrics());
    }

    @Test
    void corruptTaskStateIsRefused() throws IOException {
        WindowMetrics window = new WindowMetrics(Task.MULTICLASS, CLASSES, 5);
        window.observe(new double[] {0.2, 0.3, 0.5}, 2, 1);
        byte[] written = WindowMetricsTest.bytes(window);
        byte[] unknownTask = written.clone();
        unknownTask[4] = 9;
        byte[] badProbability = written.clone();
        // Version, label space, capacity, size, head, three sums, then the entry's flag byte.
        ByteBuffer.wrap(badProbability).putDouble(4 + 5 + 3 * 4 + 3 * 8 + 1, 1.5);
        RunningMetrics regression = new RunningMetrics(Task.REGRESSION, 1);
        regression.observe(1, 0, 1);
        byte[] negativeCount = RunningMetricsTest.bytes(regression);
        ByteBuffer.wrap(negativeCount).putLong(4 + 5, -1);

        assertThatThrownBy(() -> readWindow(unknownTask, Task.MULTICLASS, CLASSES))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt WindowMetrics state: unknown task code 9");
        assertThatThrownBy(() -> readWindow(badProbability, Task.MULTICLASS, CLASSES))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt WindowMetrics state")
                .hasMessageContaining("probability of the true class");
        // The true class comes after the entry's value (and its unit weight, not written).
        byte[] badClass = written.clone();
        ByteBuffer.wrap(badClass).putInt(4 + 5 + 3 * 4 + 3 * 8 + 1 + 8, CLASSES);
        assertThatThrownBy(() -> readWindow(badClass, Task.MULTICLASS, CLASSES))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt WindowMetrics state: entry 0: true class 3 of 3");
        assertThatThrownBy(() -> readRunning(negativeCount, Task.REGRESSION, 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt RunningMetrics state: negative example count");
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    private static RunningMetrics readRunning(byte[] bytes, Task task, int classes)
            throws IOException {
        DataInputStream in = in(bytes);
        RunningMetrics metrics = RunningMetrics.read(in, task, classes);
        assertThat(in.available()).as("bytes left unread").isZero();
        return metrics;
    }

    private static WindowMetrics readWindow(byte[] bytes, Task task, int classes)
            throws IOException {
        DataInputStream in = in(bytes);
        WindowMetrics window = WindowMetrics.read(in, task, classes);
        assertThat(in.available()).as("bytes left unread").isZero();
        return window;
    }
}
