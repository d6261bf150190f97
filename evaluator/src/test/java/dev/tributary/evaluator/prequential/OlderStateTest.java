package dev.tributary.evaluator.prequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.config.Task;
import dev.tributary.core.supervision.Metrics;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * State written before precision, recall, F1 and ECE existed still restores: the metrics it had
 * come back unchanged, and the new ones are {@code NaN} where its bytes cannot tell them (rather
 * than computed from a part of the examples) or derived exactly where they can.
 *
 * <p>The bytes below were written by the build before these metrics (format version 1 for binary
 * state, 2 for multiclass), and must never be regenerated.
 */
class OlderStateTest {

    /**
     * Binary {@link RunningMetrics}, format version 1, after (0.9, 1), (0.2, 0), (0.6, 0) of weight
     * 1 and (0.3, 1) of weight 2.
     */
    private static final String BINARY_RUNNING_V1 =
            "0000000100000000000000044014000000000000400d38cff677daec4000000000000000400800000000"
                    + "0000400000000000000000000004074e023ff000000000000007930140000000000000000833"
                    + "023ff00000000000000919013ff0000000000000";

    /** Binary {@link RunningMetrics}, format version 1, after two examples of weight 0. */
    private static final String BINARY_RUNNING_OF_ZERO_WEIGHT_V1 =
            "0000000100000000000000020000000000000000000000000000000000000000000000000000000000"
                    + "000000000000000000000000000000";

    /** Multiclass (3 classes) {@link RunningMetrics}, format version 2, of the four examples. */
    private static final String MULTICLASS_RUNNING_V2 =
            "0000000202000000030000000000000004401400000000000040113cf2cbd1d1ea4000000000000000";

    /**
     * Multiclass (3 classes) {@link WindowMetrics} of capacity 3, format version 2, after the four
     * examples: it holds the last three.
     */
    private static final String MULTICLASS_WINDOW_V2 =
            "0000000202000000030000000300000003000000014010000000000000400f9f6d33077bea3ff0000000"
                    + "000000023fd3333333333333003fd999999999999a4000000000000000033fd999999999999a";

    /**
     * Binary {@link WindowMetrics} of capacity 4, format version 1, after (0.9, 1, 1), (0.2, 0, 1),
     * (0.6, 0, 1), (0.3, 1, 2), (0.95, 0, 0.5): it holds the last four.
     */
    private static final String BINARY_WINDOW_V1 =
            "00000001000000040000000400000001401200000000000040142e54f994bd543ff00000000000000"
                    + "23fc999999999999a023fe3333333333333013fd33333333333334000000000000000003fee666"
                    + "6666666663fe0000000000000";

    private static final double[][] CLASS_PREDICTIONS = {
        {0.7, 0.2, 0.1}, {0.1, 0.6, 0.3}, {0.4, 0.4, 0.2}, {0.2, 0.4, 0.4}
    };
    private static final double[] CLASS_LABELS = {0, 2, 1, 1};
    private static final double[] CLASS_WEIGHTS = {1, 1, 2, 1};

    @Test
    void binaryRunningMetricsOfVersion1KeepTheirMetricsAndLeaveTheNewOnesUndefined()
            throws IOException {
        RunningMetrics restored = RunningMetrics.read(in(BINARY_RUNNING_V1));
        RunningMetrics same = new RunningMetrics();
        same.observe(0.9, 1, 1);
        same.observe(0.2, 0, 1);
        same.observe(0.6, 0, 1);
        same.observe(0.3, 1, 2);
        Metrics expected = same.metrics();

        assertThat(restored.metrics())
                .isEqualTo(new Metrics(4, expected.logLoss(), expected.accuracy(), expected.auc()));
        assertThat(expected.precision()).as("what the new build computes").isEqualTo(0.5);

        restored.observe(0.8, 1, 1);
        same.observe(0.8, 1, 1);

        // Counts of the last example alone would claim a precision of 1 for all five.
        assertThat(restored.metrics().precision()).isNaN();
        assertThat(restored.metrics().ece()).isNaN();
        assertThat(restored.metrics().logLoss()).isEqualTo(same.metrics().logLoss());
        assertThat(restored.metrics().auc()).isEqualTo(same.metrics().auc());

        // Written in the current format, it stays incomplete.
        byte[] current = RunningMetricsTest.bytes(restored);
        assertThat(ByteBuffer.wrap(current).getInt(0)).isEqualTo(3);
        RunningMetrics again = RunningMetricsTest.read(current);
        assertThat(again.metrics()).isEqualTo(restored.metrics());
        assertThat(RunningMetricsTest.bytes(again)).isEqualTo(current);

        again.reset();
        again.observe(0.8, 1, 1);
        assertThat(again.metrics().precision()).isEqualTo(1.0);
        assertThat(again.metrics().ece()).isCloseTo(0.2, within(1e-15));
    }

    @Test
    void stateOfExamplesWithoutWeightHasKnownEmptyCounts() throws IOException {
        RunningMetrics restored = RunningMetrics.read(in(BINARY_RUNNING_OF_ZERO_WEIGHT_V1));

        assertThat(restored.examples()).isEqualTo(2);

        restored.observe(0.8, 1, 1);

        assertThat(restored.metrics().precision()).isEqualTo(1.0);
        assertThat(restored.metrics().recall()).isEqualTo(1.0);
        assertThat(restored.metrics().ece()).isCloseTo(0.2, within(1e-15));
    }

    @Test
    void multiclassRunningMetricsOfVersion2KeepTheirMetricsAndLeaveTheNewOnesUndefined()
            throws IOException {
        RunningMetrics restored =
                RunningMetrics.read(in(MULTICLASS_RUNNING_V2), Task.MULTICLASS, 3);
        RunningMetrics same = new RunningMetrics(Task.MULTICLASS, 3);
        feed(same, 0, 4);

        assertThat(restored.metrics())
                .isEqualTo(
                        new Metrics(
                                4,
                                same.metrics().logLoss(),
                                same.metrics().accuracy(),
                                Double.NaN));

        feed(restored, 0, 2);
        byte[] current = RunningMetricsTest.bytes(restored);
        RunningMetrics again = RunningMetrics.read(in(current), Task.MULTICLASS, 3);

        assertThat(again.metrics().examples()).isEqualTo(6);
        assertThat(again.metrics().f1()).isNaN();
        assertThat(again.metrics().recall()).isNaN();
        assertThat(again.metrics().logLoss()).isFinite();
    }

    @Test
    void binaryWindowOfVersion1DerivesTheNewMetricsExactlyFromItsEntries() throws IOException {
        WindowMetrics restored = WindowMetrics.read(in(BINARY_WINDOW_V1));

        Metrics m = restored.metrics();

        assertThat(m.examples()).isEqualTo(4);
        assertThat(m.logLoss()).isEqualTo(1.1211657841371627);
        assertThat(m.auc()).isEqualTo(0.4);
        // Predicted positive: 0.6 and 0.95, both wrong; labelled positive: 0.3 (weight 2).
        assertThat(m.precision()).isZero();
        assertThat(m.recall()).isZero();
        assertThat(m.f1()).isZero();
        // Bins 2: 0.2; 6: 0.6; 3: |0.6 - 2|; 9: 0.475; of weight 4.5.
        assertThat(m.ece()).isCloseTo(2.675 / 4.5, within(1e-15));
        assertThat(WindowMetricsTest.bytes(restored))
                .isEqualTo(HexFormat.of().parseHex(BINARY_WINDOW_V1));
    }

    @Test
    void multiclassWindowOfVersion2LeavesTheNewMetricsUndefinedUntilItsEntriesHaveLeft()
            throws IOException {
        WindowMetrics restored = WindowMetrics.read(in(MULTICLASS_WINDOW_V2), Task.MULTICLASS, 3);
        WindowMetrics same = new WindowMetrics(Task.MULTICLASS, 3, 3);
        feed(same, 0, 4);

        assertThat(restored.metrics())
                .isEqualTo(
                        new Metrics(
                                3,
                                same.metrics().logLoss(),
                                same.metrics().accuracy(),
                                Double.NaN));
        assertThat(same.metrics().precision()).isEqualTo(0.25);

        // Two new examples, one old one left: still undefined, also across a checkpoint.
        feed(restored, 0, 2);
        byte[] current = WindowMetricsTest.bytes(restored);
        assertThat(ByteBuffer.wrap(current).getInt(0)).isEqualTo(3);
        WindowMetrics again = WindowMetrics.read(in(current), Task.MULTICLASS, 3);
        assertThat(WindowMetricsTest.bytes(again)).isEqualTo(current);
        assertThat(again.metrics().precision()).isNaN();
        assertThat(again.metrics().ece()).isNaN();
        assertThat(again.withCapacity(2).metrics().precision())
                .as("a smaller window holds only new examples")
                .isFinite();

        feed(again, 2, 3);

        WindowMetrics fresh = new WindowMetrics(Task.MULTICLASS, 3, 3);
        feed(fresh, 0, 3);
        Metrics m = again.metrics();
        assertThat(m.precision()).isCloseTo(fresh.metrics().precision(), within(1e-15));
        assertThat(m.recall()).isCloseTo(fresh.metrics().recall(), within(1e-15));
        assertThat(m.f1()).isCloseTo(fresh.metrics().f1(), within(1e-15));
        assertThat(m.ece()).isCloseTo(fresh.metrics().ece(), within(1e-15)).isPositive();
    }

    private static void feed(RunningMetrics metrics, int from, int to) {
        for (int i = from; i < to; i++) {
            metrics.observe(CLASS_PREDICTIONS[i], CLASS_LABELS[i], CLASS_WEIGHTS[i]);
        }
    }

    private static void feed(WindowMetrics metrics, int from, int to) {
        for (int i = from; i < to; i++) {
            metrics.observe(CLASS_PREDICTIONS[i], CLASS_LABELS[i], CLASS_WEIGHTS[i]);
        }
    }

    private static DataInputStream in(String hex) {
        return in(HexFormat.of().parseHex(hex));
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
