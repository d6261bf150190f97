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
import org.junit.jupiter.params.provider.ValueSource;

class WindowMetricsTest {

    private static final int HEADER = 4 * 4 + 3 * 8;

    @Test
    void emptyWindowIsUndefinedNotGood() {
        WindowMetrics window = new WindowMetrics(10);

        assertThat(window.metrics()).isEqualTo(Metrics.EMPTY);
        assertThat(window.examples()).isZero();
        assertThat(window.capacity()).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, WindowMetrics.MAX_CAPACITY + 1})
    void refusesCapacityOutOfRange(int capacity) {
        assertThatThrownBy(() -> new WindowMetrics(capacity))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity");
    }

    @Test
    void goldenMetricsOfFourExamples() {
        WindowMetrics window = new WindowMetrics(10);
        window.observe(0.9, 1, 1);
        window.observe(0.2, 0, 1);
        window.observe(0.6, 0, 1);
        window.observe(0.3, 1, 1);

        Metrics m = window.metrics();

        // -(ln 0.9 + ln 0.8 + ln 0.4 + ln 0.3) / 4; 0.9 and 0.2 right; 3 of 4 pairs ordered.
        assertThat(m.logLoss()).isCloseTo(2.448767603172127 / 4, within(1e-12));
        assertThat(m.accuracy()).isEqualTo(0.5);
        assertThat(m.auc()).isEqualTo(0.75);
        assertThat(m.examples()).isEqualTo(4);
    }

    @Test
    void exactTiesCountOneHalf() {
        WindowMetrics window = new WindowMetrics(10);
        window.observe(0.5, 1, 1);
        window.observe(0.7, 1, 1);
        window.observe(0.5, 0, 1);
        window.observe(0.3, 0, 1);

        assertThat(window.metrics().auc()).isEqualTo(0.875);
    }

    @Test
    void negativeZeroAndZeroAreOneScore() {
        WindowMetrics window = new WindowMetrics(10);
        window.observe(-0.0, 1, 1);
        window.observe(0.0, 0, 1);

        assertThat(window.metrics().auc()).isEqualTo(0.5);
    }

    @Test
    void theOldestExamplesAreEvicted() {
        WindowMetrics window = new WindowMetrics(3);
        window.observe(0.9, 1, 1);
        window.observe(0.2, 0, 1);
        window.observe(0.6, 0, 1);
        window.observe(0.3, 1, 1);

        // Window (0.2, 0), (0.6, 0), (0.3, 1): 0.3 beats 0.2 only; only 0.2 is right.
        Metrics four = window.metrics();
        assertThat(four.examples()).isEqualTo(3);
        assertThat(four.logLoss())
                .isCloseTo(
                        (0.2231435513142097 + 0.916290731874155 + 1.2039728043259361) / 3,
                        within(1e-12));
        assertThat(four.accuracy()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(four.auc()).isEqualTo(0.5);

        window.observe(0.8, 0, 1);

        // Window (0.6, 0), (0.3, 1), (0.8, 0): all wrong, the positive below both negatives.
        Metrics five = window.metrics();
        assertThat(five.examples()).isEqualTo(3);
        assertThat(five.logLoss())
                .isCloseTo(
                        (0.916290731874155 + 1.2039728043259361 + 1.6094379124341003) / 3,
                        within(1e-12));
        assertThat(five.accuracy()).isCloseTo(0.0, within(1e-15));
        assertThat(five.auc()).isZero();
    }

    @Test
    void aucBecomesUndefinedAgainWhenAClassLeavesTheWindow() {
        WindowMetrics window = new WindowMetrics(2);
        window.observe(0.1, 0, 1);
        window.observe(0.9, 1, 1);
        assertThat(window.metrics().auc()).isEqualTo(1.0);

        window.observe(0.8, 1, 1);

        assertThat(window.metrics().auc()).isNaN();
        assertThat(window.metrics().logLoss()).isFinite();
    }

    @Test
    void noEvidenceIsExactEvenWhenTheSumsCarryRounding() {
        WindowMetrics window = new WindowMetrics(4);
        window.observe(0.6, 1, 0.1);
        window.observe(0.7, 1, 0.2);
        window.observe(0.5, 0, 0);
        window.observe(0.5, 0, 0);
        // The ring wrapped; evicting 0.1 and 0.2 leaves the weight sum at about 3e-17, not 0.
        window.observe(0.5, 1, 0);
        window.observe(0.5, 1, 0);

        Metrics m = window.metrics();

        assertThat(m.examples()).isEqualTo(4);
        assertThat(m.logLoss()).isNaN();
        assertThat(m.accuracy()).isNaN();
        assertThat(m.auc()).isNaN();
    }

    @Test
    void exactAucMatchesTheDefinitionWithTiesAndWeights() {
        TestingStream stream = TestingStream.coarse(7, 2000);
        WindowMetrics window = new WindowMetrics(1500);

        stream.feed(window, 0, 2000);

        assertThat(window.metrics().auc())
                .isCloseTo(stream.bruteForceAuc(500, 2000), within(1e-12))
                .isBetween(0.7, 0.9);
    }

    @Test
    void aLongStreamKeepsItsSumsAccurate() {
        int capacity = 1000;
        TestingStream stream = TestingStream.logistic(13, 1_000_123, -2, true);
        WindowMetrics window = new WindowMetrics(capacity);
        WindowMetrics fresh = new WindowMetrics(capacity);

        stream.feed(window, 0, stream.size());
        stream.feed(fresh, stream.size() - capacity, stream.size());

        Metrics m = window.metrics();
        assertThat(m.examples()).isEqualTo(capacity);
        assertThat(m.logLoss()).isCloseTo(fresh.metrics().logLoss(), within(1e-13));
        assertThat(m.accuracy()).isCloseTo(fresh.metrics().accuracy(), within(1e-13));
        assertThat(m.auc()).isCloseTo(fresh.metrics().auc(), within(1e-13));
    }

    @Test
    void resizingKeepsTheMostRecentExamples() {
        TestingStream stream = TestingStream.logistic(17, 250, 0, true);
        WindowMetrics window = new WindowMetrics(100);
        stream.feed(window, 0, 250);
        WindowMetrics lastFifty = new WindowMetrics(50);
        stream.feed(lastFifty, 200, 250);
        WindowMetrics lastHundred = new WindowMetrics(400);
        stream.feed(lastHundred, 150, 250);

        assertThat(window.withCapacity(100)).isSameAs(window);
        assertThat(window.withCapacity(50).metrics()).isEqualTo(lastFifty.metrics());
        WindowMetrics grown = window.withCapacity(400);
        assertThat(grown.capacity()).isEqualTo(400);
        assertThat(grown.metrics()).isEqualTo(lastHundred.metrics());
    }

    @ParameterizedTest(name = "after {0} examples")
    @ValueSource(ints = {0, 1, 99, 100, 101, 250, 1000})
    void restoredWindowContinuesExactlyAsTheOriginal(int before) throws IOException {
        TestingStream stream = TestingStream.logistic(19, before + 500, -1, true);
        WindowMetrics original = new WindowMetrics(100);
        stream.feed(original, 0, before);

        byte[] written = bytes(original);
        WindowMetrics restored = read(written);

        assertThat(bytes(restored)).isEqualTo(written);
        assertThat(restored.metrics()).isEqualTo(original.metrics());

        stream.feed(original, before, before + 500);
        stream.feed(restored, before, before + 500);

        assertThat(restored.metrics()).isEqualTo(original.metrics());
        assertThat(bytes(restored)).isEqualTo(bytes(original));
    }

    @Test
    void unitWeightsAreNotWritten() throws IOException {
        WindowMetrics window = new WindowMetrics(1000);
        TestingStream.logistic(23, 1500, 0, false).feed(window, 0, 1500);

        assertThat(bytes(window)).hasSize(HEADER + 1000 * (1 + 8));

        window.observe(0.5, 1, 2.5);

        assertThat(bytes(window)).hasSize(HEADER + 1000 * (1 + 8) + 8);
    }

    @Test
    void anUnknownFormatVersionIsRefusedClearly() throws IOException {
        byte[] written = bytes(new WindowMetrics(5));
        written[3] = 9;

        assertThatThrownBy(() -> read(written))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("WindowMetrics format version 9")
                .hasMessageContaining("reads versions 1 to 3");
    }

    @Test
    void anInconsistentHeadIsRefused() throws IOException {
        WindowMetrics window = new WindowMetrics(5);
        window.observe(0.4, 1, 1);
        byte[] written = bytes(window);
        ByteBuffer.wrap(written).putInt(12, 3);

        assertThatThrownBy(() -> read(written))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt WindowMetrics state");
    }

    @Test
    void anInvalidEntryIsRefused() throws IOException {
        WindowMetrics window = new WindowMetrics(5);
        window.observe(0.4, 1, 1);
        byte[] written = bytes(window);
        ByteBuffer.wrap(written).putDouble(HEADER + 1, 1.5);

        assertThatThrownBy(() -> read(written))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("score must be a probability");
    }

    static byte[] bytes(WindowMetrics window) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        window.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    static WindowMetrics read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        WindowMetrics window = WindowMetrics.read(in);
        assertThat(in.available()).as("bytes left unread").isZero();
        return window;
    }
}
