package dev.tributary.evaluator.prequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.config.Task;
import dev.tributary.core.supervision.Metrics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Precision, recall, F1 and expected calibration error of binary and multiclass classifiers, on
 * small hand-computed streams, running, windowed and faded with a factor of 1 (which fades
 * nothing): the three must agree.
 */
class ClassificationMetricsTest {

    private static final double EXACT = 1e-15;

    /**
     * Five binary examples (score, label, weight). At threshold 0.5, predicted positive: 0.9
     * (right, weight 1), 0.6 (wrong, 1), 0.95 (wrong, 0.5): TP 1 of predicted 2.5; labelled
     * positive: 0.9 and 0.3 (weight 2): 3.
     */
    private static final double[][] BINARY = {
        {0.9, 1, 1}, {0.2, 0, 1}, {0.6, 0, 1}, {0.3, 1, 2}, {0.95, 0, 0.5}
    };

    /**
     * Calibration bins of the five: bin 9 holds 0.9 (label 1, weight 1) and 0.95 (label 0, weight
     * 0.5): |0.9 + 0.475 - 1| = 0.375; bin 2: |0.2 - 0| = 0.2; bin 6: |0.6 - 0| = 0.6; bin 3: |2 ·
     * 0.3 - 2| = 1.4. Total 2.575 of weight 5.5.
     */
    private static final double BINARY_ECE = 2.575 / 5.5;

    /**
     * Four 3-class examples (MulticlassMetricsTest's): most likely 0 (label 0, right, weight 1), 1
     * (label 2, wrong, 1), 0 of a 0/1 tie (label 1, wrong, 2), 1 of a 1/2 tie (label 1, right, 1).
     */
    private static final double[][] CLASS_PREDICTIONS = {
        {0.7, 0.2, 0.1}, {0.1, 0.6, 0.3}, {0.4, 0.4, 0.2}, {0.2, 0.4, 0.4}
    };

    private static final double[] CLASS_LABELS = {0, 2, 1, 1};
    private static final double[] CLASS_WEIGHTS = {1, 1, 2, 1};

    @Test
    void binaryPrecisionRecallF1AndEceOfClassOne() {
        for (Metrics m : binary(BINARY.length, 0, BINARY.length)) {
            assertThat(m.precision()).isCloseTo(1 / 2.5, within(EXACT));
            assertThat(m.recall()).isCloseTo(1.0 / 3, within(EXACT));
            // 2 TP / (predicted + actual) = 2 / 5.5; also 2PR / (P + R).
            assertThat(m.f1()).isCloseTo(4.0 / 11, within(EXACT));
            assertThat(m.ece()).isCloseTo(BINARY_ECE, within(EXACT));
            assertThat(m.accuracy()).isCloseTo(2 / 5.5, within(EXACT));
            assertThat(m.rmse()).isNaN();
        }
    }

    @Test
    void aWindowCountsOnlyItsExamples() {
        // The last three: 0.6 (wrong), 0.3 (label 1, weight 2, predicted 0), 0.95 (wrong, 0.5).
        Metrics three = binary(3, 0, BINARY.length).get(1);
        assertThat(three.precision()).as("nothing predicted positive was").isZero();
        assertThat(three.recall()).isZero();
        assertThat(three.f1()).isZero();
        // Bins 6: 0.6; 3: 1.4; 9: |0.475 - 0|; of weight 3.5.
        assertThat(three.ece()).isCloseTo(2.475 / 3.5, within(EXACT));

        // Only 0.3 (label 1, predicted 0): no positive predicted.
        Metrics one = binary(1, 0, 4).get(1);
        assertThat(one.precision()).isNaN();
        assertThat(one.recall()).isZero();
        assertThat(one.f1()).isZero();
        assertThat(one.ece()).isCloseTo(1.4 / 2, within(EXACT));
    }

    @Test
    void withoutPositivesPredictedOrLabelledPrecisionRecallAndF1AreUndefined() {
        // Only 0.2, label 0.
        for (Metrics m : binary(1, 1, 2)) {
            assertThat(m.precision()).isNaN();
            assertThat(m.recall()).isNaN();
            assertThat(m.f1()).isNaN();
            assertThat(m.ece()).isCloseTo(0.2, within(EXACT));
            assertThat(m.accuracy()).isEqualTo(1.0);
        }
    }

    @Test
    void examplesOfZeroWeightDefineNothing() {
        RunningMetrics running = new RunningMetrics();
        WindowMetrics window = new WindowMetrics(10);
        FadingMetrics faded = new FadingMetrics(0.9);
        for (double score : new double[] {0.9, 0.1}) {
            running.observe(score, 1, 0);
            window.observe(score, 1, 0);
            faded.observe(score, 1, 0);
        }

        for (Metrics m : List.of(running.metrics(), window.metrics(), faded.metrics())) {
            assertThat(m.examples()).isEqualTo(2);
            assertThat(m.precision()).isNaN();
            assertThat(m.recall()).isNaN();
            assertThat(m.f1()).isNaN();
            assertThat(m.ece()).isNaN();
        }
    }

    @Test
    void aScoreOfOneHalfIsPredictedPositiveAndOneFallsIntoTheLastBin() {
        RunningMetrics metrics = new RunningMetrics();
        metrics.observe(0.5, 1, 1);
        metrics.observe(1.0, 1, 1);
        metrics.observe(0.0, 0, 1);

        Metrics m = metrics.metrics();

        assertThat(m.precision()).isEqualTo(1.0);
        assertThat(m.recall()).isEqualTo(1.0);
        assertThat(m.f1()).isEqualTo(1.0);
        // Bins 5: |0.5 - 1|; 9: |1 - 1|; 0: |0 - 0|.
        assertThat(m.ece()).isCloseTo(0.5 / 3, within(EXACT));
        assertThat(ClassificationCounts.calibrationBin(0.0)).isZero();
        assertThat(ClassificationCounts.calibrationBin(0.0999)).isZero();
        assertThat(ClassificationCounts.calibrationBin(0.1)).isEqualTo(1);
        assertThat(ClassificationCounts.calibrationBin(0.5)).isEqualTo(5);
        assertThat(ClassificationCounts.calibrationBin(0.99)).isEqualTo(9);
        assertThat(ClassificationCounts.calibrationBin(1.0)).isEqualTo(9);
    }

    @Test
    void multiclassMacroAveragesOverTheClassesWhereEachIsDefined() {
        // Class 0: predicted 1 + 2, labelled 1, TP 1. Class 1: predicted 1 + 1, labelled 2 + 1,
        // TP 1. Class 2: never predicted, labelled 1, TP 0.
        for (Metrics m : classes(CLASS_PREDICTIONS.length, 0, 4)) {
            // Classes 0 and 1 were predicted: (1/3 + 1/2) / 2.
            assertThat(m.precision()).isCloseTo(5.0 / 12, within(EXACT));
            // All three were labelled: (1 + 1/3 + 0) / 3.
            assertThat(m.recall()).isCloseTo(4.0 / 9, within(EXACT));
            // 2 TP / (predicted + labelled): 2/4, 2/5, 0/1.
            assertThat(m.f1()).isCloseTo(0.9 / 3, within(EXACT));
            // Top probabilities: bin 7: |0.7 - 1|; bin 6: |0.6 - 0|; bin 4: |2 · 0.4 + 0.4 - 1|.
            assertThat(m.ece()).isCloseTo(1.1 / 5, within(EXACT));
            assertThat(m.accuracy()).isCloseTo(2.0 / 5, within(EXACT));
        }
    }

    @Test
    void aMulticlassWindowForgetsItsOldestExample() {
        WindowMetrics window = new WindowMetrics(Task.MULTICLASS, 3, 3);
        for (int i = 0; i < 4; i++) {
            window.observe(CLASS_PREDICTIONS[i], CLASS_LABELS[i], CLASS_WEIGHTS[i]);
        }

        // The last three. Class 0: predicted 2, never labelled, TP 0. Class 1: predicted 2,
        // labelled 3, TP 1. Class 2: never predicted, labelled 1.
        Metrics m = window.metrics();
        assertThat(m.precision()).isCloseTo((0 + 0.5) / 2, within(EXACT));
        assertThat(m.recall()).isCloseTo((1.0 / 3 + 0) / 2, within(EXACT));
        assertThat(m.f1()).isCloseTo((0 + 0.4 + 0) / 3, within(EXACT));
        // Bin 6: |0.6 - 0|; bin 4: |1.2 - 1|; of weight 4.
        assertThat(m.ece()).isCloseTo(0.8 / 4, within(EXACT));
    }

    @Test
    void aWindowAgreesWithFreshMetricsOfItsExamplesOnALongStream() {
        TestingStream stream = TestingStream.logistic(29, 5_000, -1, true);
        WindowMetrics window = new WindowMetrics(700);
        RunningMetrics lastExamples = new RunningMetrics();
        stream.feed(window, 0, 5_000);
        stream.feed(lastExamples, 5_000 - 700, 5_000);

        Metrics w = window.metrics();
        Metrics r = lastExamples.metrics();

        assertThat(w.precision()).isCloseTo(r.precision(), within(1e-12)).isBetween(0.3, 0.95);
        assertThat(w.recall()).isCloseTo(r.recall(), within(1e-12)).isBetween(0.3, 0.95);
        assertThat(w.f1()).isCloseTo(r.f1(), within(1e-12));
        assertThat(w.ece()).isCloseTo(r.ece(), within(1e-12)).isBetween(0.0, 0.2);
    }

    @Test
    void multiclassRunningWindowAndFadedAgreeWithADirectComputation() {
        TaskStateTest.ClassStream stream = new TaskStateTest.ClassStream(47, 400);
        RunningMetrics running = new RunningMetrics(Task.MULTICLASS, 3);
        WindowMetrics window = new WindowMetrics(Task.MULTICLASS, 3, 400);
        FadingMetrics faded = new FadingMetrics(Task.MULTICLASS, 3, 1.0);
        stream.feed(running, 0, 400);
        stream.feed(window, 0, 400);
        stream.feed(faded, 0, 400);

        double[] direct = directMulticlass(stream, 400);

        for (Metrics m : List.of(running.metrics(), window.metrics(), faded.metrics())) {
            assertThat(m.precision()).isCloseTo(direct[0], within(1e-12));
            assertThat(m.recall()).isCloseTo(direct[1], within(1e-12));
            assertThat(m.f1()).isCloseTo(direct[2], within(1e-12));
            assertThat(m.ece()).isCloseTo(direct[3], within(1e-12));
        }
        assertThat(direct[2]).isBetween(0.3, 0.9);
    }

    @Test
    void resetForgetsTheCounts() {
        RunningMetrics metrics = new RunningMetrics();
        for (double[] e : BINARY) {
            metrics.observe(e[0], e[1], e[2]);
        }
        metrics.reset();
        metrics.observe(0.2, 0, 1);

        assertThat(metrics.metrics().precision()).isNaN();
        assertThat(metrics.metrics().ece()).isCloseTo(0.2, within(EXACT));
    }

    /**
     * Precision, recall, F1 and top-label ECE by their definitions, recomputed from the whole
     * stream with plain loops.
     */
    private static double[] directMulticlass(TaskStateTest.ClassStream stream, int n) {
        int classes = 3;
        double[] tp = new double[classes];
        double[] predicted = new double[classes];
        double[] actual = new double[classes];
        double[] binWeight = new double[10];
        double[] binConfidence = new double[10];
        double[] binCorrect = new double[10];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] p = stream.predictions[i];
            int top = 0;
            for (int k = 1; k < classes; k++) {
                if (p[k] > p[top]) {
                    top = k;
                }
            }
            int truth = (int) stream.labels[i];
            double w = stream.weights[i];
            predicted[top] += w;
            actual[truth] += w;
            if (top == truth) {
                tp[top] += w;
            }
            int bin = Math.min(9, (int) Math.floor(p[top] * 10));
            binWeight[bin] += w;
            binConfidence[bin] += w * p[top];
            binCorrect[bin] += top == truth ? w : 0;
            total += w;
        }
        List<Double> precisions = new ArrayList<>();
        List<Double> recalls = new ArrayList<>();
        List<Double> f1s = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            double precision = predicted[k] > 0 ? tp[k] / predicted[k] : Double.NaN;
            double recall = actual[k] > 0 ? tp[k] / actual[k] : Double.NaN;
            if (predicted[k] > 0) {
                precisions.add(precision);
            }
            if (actual[k] > 0) {
                recalls.add(recall);
            }
            if (predicted[k] > 0 && actual[k] > 0) {
                f1s.add(
                        precision + recall > 0
                                ? 2 * precision * recall / (precision + recall)
                                : 0.0);
            }
        }
        double ece = 0;
        for (int b = 0; b < 10; b++) {
            if (binWeight[b] > 0) {
                double accuracy = binCorrect[b] / binWeight[b];
                double confidence = binConfidence[b] / binWeight[b];
                ece += binWeight[b] / total * Math.abs(accuracy - confidence);
            }
        }
        assertThat(f1s).as("every class predicted and labelled").hasSize(classes);
        return new double[] {mean(precisions), mean(recalls), mean(f1s), ece};
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Metrics of BINARY[from..to): running, a window of {@code capacity}, faded by 1. */
    private static List<Metrics> binary(int capacity, int from, int to) {
        RunningMetrics running = new RunningMetrics();
        WindowMetrics window = new WindowMetrics(capacity);
        FadingMetrics faded = new FadingMetrics(1.0);
        for (int i = from; i < to; i++) {
            double[] e = BINARY[i];
            running.observe(e[0], e[1], e[2]);
            window.observe(e[0], e[1], e[2]);
            faded.observe(e[0], e[1], e[2]);
        }
        return List.of(running.metrics(), window.metrics(), faded.metrics());
    }

    /** The same of the multiclass examples. */
    private static List<Metrics> classes(int capacity, int from, int to) {
        RunningMetrics running = new RunningMetrics(Task.MULTICLASS, 3);
        WindowMetrics window = new WindowMetrics(Task.MULTICLASS, 3, capacity);
        FadingMetrics faded = new FadingMetrics(Task.MULTICLASS, 3, 1.0);
        for (int i = from; i < to; i++) {
            running.observe(CLASS_PREDICTIONS[i], CLASS_LABELS[i], CLASS_WEIGHTS[i]);
            window.observe(CLASS_PREDICTIONS[i], CLASS_LABELS[i], CLASS_WEIGHTS[i]);
            faded.observe(CLASS_PREDICTIONS[i], CLASS_LABELS[i], CLASS_WEIGHTS[i]);
        }
        return List.of(running.metrics(), window.metrics(), faded.metrics());
    }
}
