package dev.tributary.evaluator.prequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.config.Task;
import dev.tributary.core.supervision.Metrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faded prequential metrics (Gama, Sebastião and Rodrigues 2013) against hand-computed values and
 * against the definition {@code Σ α^(n-1-i) w_i L_i / Σ α^(n-1-i) w_i} computed directly.
 */
class FadingMetricsTest {

    private static final double EXACT = 1e-15;

    @Test
    void emptyMetricsAreUndefined() {
        FadingMetrics metrics = new FadingMetrics(FadingMetrics.DEFAULT_ALPHA);

        assertThat(metrics.metrics()).isEqualTo(Metrics.EMPTY);
        assertThat(metrics.alpha()).isEqualTo(0.999);
        assertThat(metrics.task()).isEqualTo(Task.BINARY);
    }

    @Test
    void goldenBinaryMetricsWithAFactorOfOneHalf() {
        FadingMetrics metrics = new FadingMetrics(0.5);
        metrics.observe(0.9, 1, 1);
        metrics.observe(0.2, 0, 1);
        metrics.observe(0.6, 0, 1);

        Metrics m = metrics.metrics();

        // Faded weights 1/4, 1/2, 1: N = 1.75.
        assertThat(m.examples()).isEqualTo(3);
        assertThat(m.logLoss())
                .isCloseTo(
                        -(0.25 * Math.log(0.9) + 0.5 * Math.log(0.8) + Math.log(0.4)) / 1.75,
                        within(1e-12));
        // 0.9 and 0.2 right.
        assertThat(m.accuracy()).isCloseTo(0.75 / 1.75, within(EXACT));
        // Predicted positive: 0.9 (right, 1/4), 0.6 (wrong, 1); labelled positive: 0.9.
        assertThat(m.precision()).isCloseTo(0.25 / 1.25, within(EXACT));
        assertThat(m.recall()).isEqualTo(1.0);
        assertThat(m.f1()).isCloseTo(0.5 / 1.5, within(EXACT));
        // Bins 9: |0.225 - 0.25|; 2: |0.1 - 0|; 6: |0.6 - 0|.
        assertThat(m.ece()).isCloseTo(0.725 / 1.75, within(EXACT));
        assertThat(m.auc()).as("not kept").isNaN();
        assertThat(m.rmse()).isNaN();
    }

    @Test
    void goldenRegressionMetricsWithAFactorOfOneHalf() {
        FadingMetrics metrics = new FadingMetrics(Task.REGRESSION, 1, 0.5);
        // Errors 1, -2, 3.
        metrics.observe(2, 1, 1);
        metrics.observe(new double[] {-1}, 1, 1);
        metrics.observe(3, 0, 1);

        Metrics m = metrics.metrics();

        assertThat(m.rmse()).isCloseTo(Math.sqrt((0.25 + 0.5 * 4 + 9) / 1.75), within(EXACT));
        assertThat(m.mae()).isCloseTo((0.25 + 0.5 * 2 + 3) / 1.75, within(EXACT));
        assertThat(m.logLoss()).isNaN();
        assertThat(m.precision()).isNaN();
    }

    @Test
    void anExampleOfZeroWeightAddsNothingButAgesTheOthers() {
        FadingMetrics metrics = new FadingMetrics(0.5);
        metrics.observe(0.9, 1, 1);
        metrics.observe(0.2, 0, 0);
        metrics.observe(0.6, 0, 1);

        // Faded weights 1/4, 0, 1: only 0.9 is right.
        assertThat(metrics.metrics().accuracy()).isCloseTo(0.25 / 1.25, within(EXACT));
        assertThat(metrics.metrics().examples()).isEqualTo(3);
    }

    @Test
    void aFactorOfOneFadesNothing() {
        TestingStream stream = TestingStream.logistic(5, 3000, -1, true);
        FadingMetrics faded = new FadingMetrics(1.0);
        RunningMetrics running = new RunningMetrics();
        stream.feed(faded, 0, 3000);
        stream.feed(running, 0, 3000);

        Metrics r = running.metrics();

        // Multiplying by 1 is exact: the same sums, bit for bit.
        assertThat(faded.metrics())
                .isEqualTo(
                        new Metrics(
                                r.examples(),
                                r.logLoss(),
                                r.accuracy(),
                                Double.NaN,
                                r.rmse(),
                                r.mae(),
                                r.precision(),
                                r.recall(),
                                r.f1(),
                                r.ece()));
    }

    @Test
    void binaryMetricsAgreeWithTheDefinition() {
        int n = 3000;
        double alpha = 0.995;
        TestingStream stream = TestingStream.logistic(7, n, -1, true);
        FadingMetrics metrics = new FadingMetrics(alpha);
        stream.feed(metrics, 0, n);

        double weight = 0;
        double loss = 0;
        double correct = 0;
        double truePositives = 0;
        double predicted = 0;
        double actual = 0;
        double[] binScores = new double[10];
        double[] binPositives = new double[10];
        double[] binWeights = new double[10];
        for (int i = 0; i < n; i++) {
            double w = Math.pow(alpha, n - 1 - i) * stream.weights[i];
            double p = stream.scores[i];
            boolean positive = stream.labels[i] == 1;
            weight += w;
            loss -= w * Math.log(positive ? p : 1 - p);
            correct += (p >= 0.5) == positive ? w : 0;
            predicted += p >= 0.5 ? w : 0;
            actual += positive ? w : 0;
            truePositives += p >= 0.5 && positive ? w : 0;
            int bin = Math.min(9, (int) (p * 10));
            binScores[bin] += w * p;
            binPositives[bin] += positive ? w : 0;
            binWeights[bin] += w;
        }
        double ece = 0;
        for (int b = 0; b < 10; b++) {
            if (binWeights[b] > 0) {
                ece +=
                        binWeights[b]
                                / weight
                                * Math.abs(
                                        binScores[b] / binWeights[b]
                                                - binPositives[b] / binWeights[b]);
            }
        }
        double precision = truePositives / predicted;
        double recall = truePositives / actual;

        Metrics m = metrics.metrics();

        assertThat(m.logLoss()).isCloseTo(loss / weight, within(1e-12));
        assertThat(m.accuracy()).isCloseTo(correct / weight, within(1e-12));
        assertThat(m.precision()).isCloseTo(precision, within(1e-12));
        assertThat(m.recall()).isCloseTo(recall, within(1e-12));
        assertThat(m.f1()).isCloseTo(2 * precision * recall / (precision + recall), within(1e-12));
        assertThat(m.ece()).isCloseTo(ece, within(1e-12));
        // Faded, hence not the metrics of the whole stream.
        RunningMetrics running = new RunningMetrics();
        stream.feed(running, 0, n);
        assertThat(m.logLoss()).isNotCloseTo(running.metrics().logLoss(), within(1e-6));
    }

    @Test
    void multiclassAndRegressionMetricsAgreeWithTheDefinition() {
        int n = 2000;
        double alpha = 0.99;
        TaskStateTest.ClassStream classes = new TaskStateTest.ClassStream(3, n);
        TaskStateTest.ValueStream values = new TaskStateTest.ValueStream(4, n);
        FadingMetrics classMetrics = new FadingMetrics(Task.MULTICLASS, 3, alpha);
        FadingMetrics valueMetrics = new FadingMetrics(Task.REGRESSION, 1, alpha);
        classes.feed(classMetrics, 0, n);
        values.feed(valueMetrics, 0, n);

        double classWeight = 0;
        double loss = 0;
        double correct = 0;
        double valueWeight = 0;
        double squared = 0;
        double absolute = 0;
        for (int i = 0; i < n; i++) {
            double fade = Math.pow(alpha, n - 1 - i);
            double w = fade * classes.weights[i];
            double[] p = classes.predictions[i];
            int truth = (int) classes.labels[i];
            int top = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
            classWeight += w;
            loss -= w * Math.log(p[truth]);
            correct += top == truth ? w : 0;
            double v = fade * values.weights[i];
            double e = values.predictions[i] - values.labels[i];
            valueWeight += v;
            squared += v * e * e;
            absolute += v * Math.abs(e);
        }

        assertThat(classMetrics.metrics().logLoss()).isCloseTo(loss / classWeight, within(1e-12));
        assertThat(classMetrics.metrics().accuracy())
                .isCloseTo(correct / classWeight, within(1e-12));
        assertThat(valueMetrics.metrics().rmse())
                .isCloseTo(Math.sqrt(squared / valueWeight), within(1e-12));
        assertThat(valueMetrics.metrics().mae()).isCloseTo(absolute / valueWeight, within(1e-12));
    }

    @Test
    void followsAModelThatGotBetter() {
        // The first half scored at random, the second half by an informative model.
        TestingStream good = TestingStream.logistic(9, 4000, 0, false);
        FadingMetrics faded = new FadingMetrics(0.99);
        FadingMetrics onlyGood = new FadingMetrics(0.99);
        RunningMetrics running = new RunningMetrics();
        for (int i = 0; i < 2000; i++) {
            faded.observe(0.5, good.labels[i], 1);
            running.observe(0.5, good.labels[i], 1);
        }
        good.feed(faded, 2000, 4000);
        good.feed(running, 2000, 4000);
        good.feed(onlyGood, 2000, 4000);

        double recent = onlyGood.metrics().logLoss();

        // 0.99^2000 ≈ 2e-9: the random half is forgotten; the running loss is halfway to ln 2.
        assertThat(recent).isLessThan(0.6);
        assertThat(faded.metrics().logLoss()).isCloseTo(recent, within(1e-8));
        assertThat(running.metrics().logLoss() - recent).isGreaterThan(0.05);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.5, 1.0000001, Double.NaN, Double.POSITIVE_INFINITY})
    void refusesAFactorOutOfRange(double alpha) {
        assertThatThrownBy(() -> new FadingMetrics(alpha))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fading factor alpha must be in (0, 1], was " + alpha);
        assertThatThrownBy(() -> new FadingMetrics(0.9).withAlpha(alpha))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherFactorAppliesFromTheNextExampleOn() {
        FadingMetrics metrics = new FadingMetrics(1.0);
        metrics.observe(0.9, 1, 1);
        metrics.observe(0.2, 0, 1);

        FadingMetrics halved = metrics.withAlpha(0.5);
        halved.observe(0.6, 0, 1);

        assertThat(metrics.withAlpha(1.0)).isSameAs(metrics);
        assertThat(halved.alpha()).isEqualTo(0.5);
        // Weights 1/2, 1/2, 1.
        assertThat(halved.metrics().accuracy()).isCloseTo(1.0 / 2, within(EXACT));
        assertThat(halved.metrics().logLoss())
                .isCloseTo(
                        -(0.5 * Math.log(0.9) + 0.5 * Math.log(0.8) + Math.log(0.4)) / 2,
                        within(1e-12));
        assertThat(metrics.metrics().examples()).as("the original is untouched").isEqualTo(2);
    }

    @Test
    void resetForgetsEverything() throws IOException {
        FadingMetrics metrics = new FadingMetrics(Task.MULTICLASS, 3, 0.9);
        new TaskStateTest.ClassStream(1, 50).feed(metrics, 0, 50);

        metrics.reset();

        assertThat(metrics.metrics()).isEqualTo(Metrics.EMPTY);
        assertThat(bytes(metrics)).isEqualTo(bytes(new FadingMetrics(Task.MULTICLASS, 3, 0.9)));
    }

    @ParameterizedTest(name = "after {0} examples")
    @ValueSource(ints = {0, 1, 1000})
    void restoredMetricsContinueExactly(int before) throws IOException {
        TestingStream binary = TestingStream.logistic(11, before + 500, -1, true);
        TaskStateTest.ClassStream classes = new TaskStateTest.ClassStream(12, before + 500);
        TaskStateTest.ValueStream values = new TaskStateTest.ValueStream(13, before + 500);
        FadingMetrics[] originals = {
            new FadingMetrics(0.99),
            new FadingMetrics(Task.MULTICLASS, 3, 0.98),
            new FadingMetrics(Task.REGRESSION, 1, 0.97)
        };
        binary.feed(originals[0], 0, before);
        classes.feed(originals[1], 0, before);
        values.feed(originals[2], 0, before);

        for (FadingMetrics original : originals) {
            byte[] written = bytes(original);
            FadingMetrics restored = read(written, original.task(), original.classes());

            assertThat(ByteBuffer.wrap(written).getInt(0)).as("format version").isEqualTo(1);
            assertThat(restored.alpha()).isEqualTo(original.alpha());
            assertThat(restored.metrics()).isEqualTo(original.metrics());
            assertThat(bytes(restored)).isEqualTo(written);

            if (original.task() == Task.BINARY) {
                binary.feed(original, before, before + 500);
                binary.feed(restored, before, before + 500);
            } else if (original.task() == Task.MULTICLASS) {
                classes.feed(original, before, before + 500);
                classes.feed(restored, before, before + 500);
            } else {
                values.feed(original, before, before + 500);
                values.feed(restored, before, before + 500);
            }

            assertThat(restored.metrics()).isEqualTo(original.metrics());
            assertThat(bytes(restored)).isEqualTo(bytes(original));
        }
    }

    @Test
    void stateOfAnotherTaskAnUnknownVersionOrABadFactorIsRefused() throws IOException {
        FadingMetrics binary = new FadingMetrics(0.9);
        binary.observe(0.3, 1, 1);
        byte[] written = bytes(binary);
        byte[] unknownVersion = written.clone();
        unknownVersion[3] = 7;
        byte[] badAlpha = written.clone();
        // Version, label space, then alpha.
        ByteBuffer.wrap(badAlpha).putDouble(4 + 5, 1.5);
        byte[] negativeCount = written.clone();
        ByteBuffer.wrap(negativeCount).putLong(4 + 5 + 8, -1);

        assertThatThrownBy(() -> read(written, Task.MULTICLASS, 3))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "FadingMetrics state written for a binary task cannot be loaded into"
                                + " metrics of a multiclass (3 classes) task");
        assertThatThrownBy(() -> read(unknownVersion, Task.BINARY, 1))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "cannot read FadingMetrics format version 7: this build reads version 1");
        assertThatThrownBy(() -> read(badAlpha, Task.BINARY, 1))
                .isInstanceOf(IOException.class)
                .hasMessage("corrupt FadingMetrics state: fading factor 1.5");
        assertThatThrownBy(() -> read(negativeCount, Task.BINARY, 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt FadingMetrics state: negative example count");
    }

    @Test
    void corruptCountsAreRefused() throws IOException {
        FadingMetrics binary = new FadingMetrics(0.9);
        binary.observe(0.7, 1, 1);
        byte[] written = bytes(binary);
        // Version, label space, alpha, count, weight, loss, correct, counts' weight, then TP.
        int truePositives = 4 + 5 + 8 + 8 + 3 * 8 + 8;
        ByteBuffer.wrap(written).putDouble(truePositives, 2.0);

        assertThatThrownBy(() -> read(written, Task.BINARY, 1))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "corrupt FadingMetrics state: more true positives than predicted or"
                                + " actual");
    }

    static byte[] bytes(FadingMetrics metrics) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        metrics.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    static FadingMetrics read(byte[] bytes, Task task, int classes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        FadingMetrics metrics = FadingMetrics.read(in, task, classes);
        assertThat(in.available()).as("bytes left unread").isZero();
        return metrics;
    }
}
