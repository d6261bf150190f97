package dev.tributary.evaluator.prequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.supervision.Metrics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunningMetricsTest {

    /** ln 0.9 + ln 0.8 + ln 0.4 + ln 0.3 = -2.448767603172127, computed by hand. */
    private static final double LOG_LOSS_OF_FOUR = 2.448767603172127 / 4;

    @Test
    void emptyMetricsAreUndefinedNotGood() {
        RunningMetrics metrics = new RunningMetrics();

        assertThat(metrics.metrics()).isEqualTo(Metrics.EMPTY);
        assertThat(metrics.examples()).isZero();
        assertThat(metrics.aucErrorBound()).isNaN();
    }

    @Test
    void goldenMetricsOfFourExamples() {
        RunningMetrics metrics = new RunningMetrics();
        // Correct: 0.9 (positive) and 0.2 (negative). Wrong: 0.6 (negative), 0.3 (positive).
        // Pairs: 0.9 beats 0.2 and 0.6, 0.3 beats 0.2 but not 0.6: AUC 3/4.
        metrics.observe(0.9, 1, 1);
        metrics.observe(0.2, 0, 1);
        metrics.observe(0.6, 0, 1);
        metrics.observe(0.3, 1, 1);

        Metrics m = metrics.metrics();

        assertThat(m.examples()).isEqualTo(4);
        assertThat(m.logLoss()).isCloseTo(LOG_LOSS_OF_FOUR, within(1e-12));
        assertThat(m.accuracy()).isEqualTo(0.5);
        assertThat(m.auc()).isEqualTo(0.75);
        assertThat(metrics.aucErrorBound()).isZero();
    }

    @Test
    void weightsCountInEveryMetric() {
        RunningMetrics metrics = new RunningMetrics();
        metrics.observe(0.9, 1, 1);
        metrics.observe(0.2, 0, 1);
        metrics.observe(0.6, 0, 1);
        metrics.observe(0.3, 1, 2);

        Metrics m = metrics.metrics();

        // Log loss (0.10536 + 0.22314 + 0.91629 + 2 · 1.20397) / 5.
        assertThat(m.logLoss()).isCloseTo(3.652740407498063 / 5, within(1e-12));
        // Correct weight 1 + 1 of 5.
        assertThat(m.accuracy()).isCloseTo(0.4, within(1e-15));
        // Positive weight 3, negative 2; 0.9 beats both (1·2), 0.3 beats 0.2 (2·1): 4 / 6.
        assertThat(m.auc()).isCloseTo(4.0 / 6, within(1e-15));
        assertThat(m.examples()).isEqualTo(4);
    }

    @Test
    void tiedScoresCountOneHalf() {
        RunningMetrics metrics = new RunningMetrics();
        // Pairs (0.5, 0.5) tie, (0.5, 0.3), (0.7, 0.5), (0.7, 0.3) win: 3.5 / 4.
        metrics.observe(0.5, 1, 1);
        metrics.observe(0.7, 1, 1);
        metrics.observe(0.5, 0, 1);
        metrics.observe(0.3, 0, 1);

        assertThat(metrics.metrics().auc()).isEqualTo(0.875);
    }

    @ParameterizedTest
    @CsvSource({"1.0, 0", "0.0, 1"})
    void certainAndWrongIsClippedNotInfinite(double score, double label) {
        RunningMetrics metrics = new RunningMetrics();

        metrics.observe(score, label, 1);

        // -ln(1e-15)
        assertThat(metrics.metrics().logLoss()).isCloseTo(34.538776394910684, within(1e-12));
        assertThat(metrics.metrics().accuracy()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"1.0, 1", "0.0, 0"})
    void certainAndRightCostsAlmostNothing(double score, double label) {
        RunningMetrics metrics = new RunningMetrics();

        metrics.observe(score, label, 1);

        // -ln(1 - 1e-15)
        assertThat(metrics.metrics().logLoss()).isCloseTo(1e-15, within(1e-16));
        assertThat(metrics.metrics().accuracy()).isEqualTo(1.0);
    }

    @Test
    void aScoreOfOneHalfPredictsPositive() {
        RunningMetrics positive = new RunningMetrics();
        RunningMetrics negative = new RunningMetrics();

        positive.observe(0.5, 1, 1);
        negative.observe(0.5, 0, 1);

        assertThat(positive.metrics().accuracy()).isEqualTo(1.0);
        assertThat(negative.metrics().accuracy()).isZero();
    }

    @Test
    void aucIsUndefinedUntilBothClassesHaveWeight() {
        RunningMetrics metrics = new RunningMetrics();
        metrics.observe(0.8, 1, 1);
        metrics.observe(0.7, 1, 1);
        metrics.observe(0.1, 0, 0);

        assertThat(metrics.metrics().auc()).isNaN();
        assertThat(metrics.aucErrorBound()).isNaN();
        assertThat(metrics.metrics().logLoss()).isFinite();

        metrics.observe(0.1, 0, 1);

        assertThat(metrics.metrics().auc()).isEqualTo(1.0);
    }

    @Test
    void examplesOfZeroWeightAreCountedButAreNoEvidence() {
        RunningMetrics metrics = new RunningMetrics();
        metrics.observe(0.9, 1, 0);
        metrics.observe(0.1, 0, 0);

        Metrics m = metrics.metrics();

        assertThat(m.examples()).isEqualTo(2);
        assertThat(m.logLoss()).isNaN();
        assertThat(m.accuracy()).isNaN();
        assertThat(m.auc()).isNaN();
    }

    @ParameterizedTest
    @CsvSource({
        "NaN, 1, 1",
        "-0.1, 1, 1",
        "1.1, 1, 1",
        "0.5, 0.5, 1",
        "0.5, NaN, 1",
        "0.5, 2, 1",
        "0.5, 1, -1",
        "0.5, 1, NaN",
        "0.5, 1, Infinity"
    })
    void rejectsWhatIsNotAScoredBinaryExampleAndRecordsNothing(
            double score, double label, double weight) {
        RunningMetrics metrics = new RunningMetrics();
        metrics.observe(0.3, 0, 1);

        assertThatThrownBy(() -> metrics.observe(score, label, weight))
                .isInstanceOf(IllegalArgumentException.class);
        Metrics m = metrics.metrics();
        assertThat(m.examples()).isEqualTo(1);
        assertThat(m.logLoss()).isCloseTo(-Math.log(0.7), within(1e-12));
        assertThat(m.accuracy()).isEqualTo(1.0);
        assertThat(m.auc()).isNaN();
    }

    @Test
    void resetForgetsEverything() throws IOException {
        RunningMetrics metrics = new RunningMetrics();
        TestingStream.logistic(3, 1000, 0, true).feed(metrics, 0, 1000);

        metrics.reset();

        assertThat(metrics.metrics()).isEqualTo(Metrics.EMPTY);
        assertThat(bytes(metrics)).isEqualTo(bytes(new RunningMetrics()));
    }

    @ParameterizedTest(name = "base-rate logit {0}, varying weights {1}")
    @CsvSource({"0, false", "0, true", "-4, false", "-4, true", "-7, true"})
    void histogramAucIsWithinItsBoundAndWithinOneThousandthOfTheExactAuc(
            double intercept, boolean varyWeights) {
        int n = 100_000;
        TestingStream stream = TestingStream.logistic(20260101, n, intercept, varyWeights);
        RunningMetrics approximate = new RunningMetrics();
        WindowMetrics exact = new WindowMetrics(n);
        stream.feed(approximate, 0, n);
        stream.feed(exact, 0, n);

        double error = Math.abs(approximate.metrics().auc() - exact.metrics().auc());

        assertThat(exact.metrics().auc()).isBetween(0.7, 0.9);
        assertThat(error).isLessThanOrEqualTo(approximate.aucErrorBound()).isLessThan(1e-4);
        assertThat(approximate.aucErrorBound()).isLessThan(1e-3);
    }

    @Test
    void theErrorBoundIsReachedWhenOrderedScoresShareABin() {
        RunningMetrics metrics = new RunningMetrics();
        // Exactly ranked (AUC 1), but 0.3 and 0.3001 fall into one bin and count as a tie.
        metrics.observe(0.3, 0, 1);
        metrics.observe(0.3001, 1, 1);

        assertThat(metrics.metrics().auc()).isEqualTo(0.5);
        assertThat(metrics.aucErrorBound()).isEqualTo(0.5);
    }

    @Test
    void binsPreserveTheOrderOfScores() {
        int previous = 0;
        for (int i = 0; i <= 100_000; i++) {
            double p = i / 100_000.0;
            int bin =
                    RunningMetrics.bin(
                            Scoring.logLikelihood(p, true) - Scoring.logLikelihood(p, false));
            assertThat(bin).isBetween(previous, RunningMetrics.BINS - 1);
            previous = bin;
        }
        assertThat(previous).isEqualTo(RunningMetrics.BINS - 1);
        assertThat(RunningMetrics.bin(-RunningMetrics.LOGIT_LIMIT - 1)).isZero();
        assertThat(RunningMetrics.bin(0.0)).isEqualTo(RunningMetrics.BINS / 2);
    }

    @Test
    void logLossAndAccuracyAgreeBitForBitWithAWindowThatHasNotEvicted() {
        TestingStream stream = TestingStream.logistic(5, 5000, -2, true);
        RunningMetrics running = new RunningMetrics();
        WindowMetrics window = new WindowMetrics(5000);

        stream.feed(running, 0, 5000);
        stream.feed(window, 0, 4999);
        // A window recomputes its sums when it wraps; the last example would wrap it.
        window.observe(stream.scores[4999], stream.labels[4999], stream.weights[4999]);

        assertThat(running.metrics().logLoss())
                .isCloseTo(window.metrics().logLoss(), within(1e-12));
        assertThat(running.metrics().accuracy())
                .isCloseTo(window.metrics().accuracy(), within(1e-12));
    }

    @Test
    void restoredMetricsContinueExactlyAsTheOriginal() throws IOException {
        TestingStream stream = TestingStream.logistic(11, 20_000, -3, true);
        RunningMetrics original = new RunningMetrics();
        stream.feed(original, 0, 10_000);

        byte[] written = bytes(original);
        RunningMetrics restored = read(written);

        assertThat(bytes(restored)).isEqualTo(written);
        assertThat(restored.metrics()).isEqualTo(original.metrics());
        assertThat(restored.aucErrorBound()).isEqualTo(original.aucErrorBound());

        stream.feed(original, 10_000, 20_000);
        stream.feed(restored, 10_000, 20_000);

        assertThat(restored.metrics()).isEqualTo(original.metrics());
        assertThat(bytes(restored)).isEqualTo(bytes(original));
    }

    /** Version, label space, count, five sums, bin count: what comes before the bins. */
    static final int BINARY_HEADER = 4 + 5 + 8 + 5 * 8 + 4;

    /** After the bins: the complete flag, then weight, 3 counts of class 1, 2 per bin of 10. */
    static final int BINARY_COUNTS = 1 + 8 * (1 + 3 + 2 * 10);

    @Test
    void serializationWritesOnlyTheBinsInUse() throws IOException {
        RunningMetrics metrics = new RunningMetrics();
        byte[] empty = bytes(metrics);
        metrics.observe(0.25, 1, 1);
        metrics.observe(0.25, 0, 1);
        metrics.observe(0.75, 0, 1);

        // Per bin an index, flags and its doubles.
        assertThat(ByteBuffer.wrap(empty).getInt(0)).as("format version").isEqualTo(3);
        assertThat(empty).hasSize(BINARY_HEADER + BINARY_COUNTS);
        assertThat(bytes(metrics)).hasSize(empty.length + (2 + 1 + 16) + (2 + 1 + 8));
        assertThat(read(bytes(metrics)).metrics()).isEqualTo(metrics.metrics());
    }

    @Test
    void anUnknownFormatVersionIsRefusedClearly() throws IOException {
        byte[] written = bytes(new RunningMetrics());
        written[3] = 9;

        assertThatThrownBy(() -> read(written))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("RunningMetrics format version 9")
                .hasMessageContaining("reads versions 1 to 3");
    }

    @Test
    void corruptBinsAreRefused() throws IOException {
        RunningMetrics metrics = new RunningMetrics();
        metrics.observe(0.25, 1, 1);
        metrics.observe(0.75, 1, 1);
        byte[] written = bytes(metrics);
        // Make the second bin index equal to the first: indices must increase.
        int first = BINARY_HEADER;
        int second = first + 2 + 1 + 8;
        written[second] = written[first];
        written[second + 1] = written[first + 1];

        assertThatThrownBy(() -> read(written))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt RunningMetrics state");
    }

    static byte[] bytes(RunningMetrics metrics) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        metrics.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    static RunningMetrics read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        RunningMetrics metrics = RunningMetrics.read(in);
        assertThat(in.available()).as("bytes left unread").isZero();
        return metrics;
    }
}
