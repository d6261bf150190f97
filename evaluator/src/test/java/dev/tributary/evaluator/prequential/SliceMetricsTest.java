package dev.tributary.evaluator.prequential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.SliceConfig;
import dev.tributary.core.config.Task;
import dev.tributary.core.supervision.SliceEvaluation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SliceMetricsTest {

    private static final SliceConfig BY_AIRPORT = new SliceConfig("origin", 3, 50, 100);
    private static final String[] AIRPORTS = {"ATL", "ORD", "DFW", "LAX", "DEN", "SFO"};

    /**
     * A model that is good everywhere but at ORD, where its predictions carry no information: its
     * average hides the failure, its worst slice names it.
     */
    @Test
    void aSliceTheModelFailsComesFirstThoughTheAverageIsFine() {
        SliceMetrics slices = new SliceMetrics(BY_AIRPORT, Task.BINARY, 1);
        RunningMetrics overall = new RunningMetrics(Task.BINARY, 1);
        Random random = new Random(7);
        for (int i = 0; i < 12_000; i++) {
            String airport = AIRPORTS[random.nextInt(AIRPORTS.length)];
            double label = random.nextBoolean() ? 1.0 : 0.0;
            double p =
                    airport.equals("ORD")
                            ? random.nextDouble()
                            : (label == 1.0 ? 0.8 : 0.2) + 0.1 * random.nextGaussian();
            p = Math.min(0.99, Math.max(0.01, p));
            slices.observe(airport, new double[] {p}, label, 1.0);
            overall.observe(p, label, 1.0);
        }

        SliceEvaluation[] worst = slices.worst();

        assertThat(worst).hasSize(3);
        assertThat(worst[0].slice()).isEqualTo("ORD");
        assertThat(worst[0].metrics().logLoss()).isGreaterThan(0.9);
        assertThat(worst[1].metrics().logLoss()).isLessThan(0.35);
        assertThat(overall.metrics().logLoss()).isLessThan(0.5);
        assertThat(overall.metrics().accuracy()).isGreaterThan(0.85);
    }

    @Test
    void slicesWithTooFewExamplesAreNotRankedAndTiesGoByName() {
        SliceMetrics slices =
                new SliceMetrics(new SliceConfig("origin", 5, 3, 100), Task.BINARY, 1);
        for (String airport : new String[] {"SFO", "ATL", "ATL", "ATL", "SFO", "SFO", "BOS"}) {
            slices.observe(airport, new double[] {0.3}, 1.0, 1.0);
        }
        slices.observe("BOS", new double[] {0.3}, 1.0, 1.0);

        assertThat(slices.worst()).extracting(SliceEvaluation::slice).containsExactly("ATL", "SFO");
        assertThat(slices.worst()[0].metrics().examples()).isEqualTo(3);
    }

    @Test
    void valuesBeyondTheMaximumShareTheOtherSlice() {
        SliceMetrics slices = new SliceMetrics(new SliceConfig("origin", 10, 1, 2), Task.BINARY, 1);
        for (String airport : new String[] {"ATL", "ORD", "DFW", "LAX", "ATL"}) {
            slices.observe(airport, new double[] {0.9}, 1.0, 1.0);
        }

        assertThat(slices.size()).isEqualTo(3);
        assertThat(slices.worst())
                .extracting(SliceEvaluation::slice, s -> s.metrics().examples())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("ATL", 2L),
                        org.assertj.core.groups.Tuple.tuple("ORD", 1L),
                        org.assertj.core.groups.Tuple.tuple(SliceConfig.OTHER, 2L));
    }

    @Test
    void regressionSlicesAreRankedByRmse() {
        SliceMetrics slices =
                new SliceMetrics(new SliceConfig("origin", 2, 1, 10), Task.REGRESSION, 1);
        slices.observe("ATL", new double[] {10}, 12, 1.0);
        slices.observe("ORD", new double[] {10}, 40, 1.0);
        slices.observe("DFW", new double[] {10}, 15, 1.0);

        assertThat(slices.worst()).extracting(SliceEvaluation::slice).containsExactly("ORD", "DFW");
        assertThat(slices.worst()[0].metrics().rmse()).isEqualTo(30.0);
    }

    @Test
    void anInvalidObservationLeavesNoNewSlice() {
        SliceMetrics slices = new SliceMetrics(BY_AIRPORT, Task.BINARY, 1);

        assertThatThrownBy(() -> slices.observe("ATL", new double[] {1.5}, 1.0, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(slices.size()).isZero();
    }

    @Test
    void slicesRestoredForAnotherFieldStartAfreshAndAnotherTaskIsRefused() throws IOException {
        SliceMetrics byOrigin = new SliceMetrics(BY_AIRPORT, Task.MULTICLASS, 3);
        for (int i = 0; i < 600; i++) {
            byOrigin.observe(AIRPORTS[i % AIRPORTS.length], new double[] {0.5, 0.3, 0.2}, i % 3, 1);
        }
        byte[] written = bytes(byOrigin);

        SliceMetrics sameField =
                SliceMetrics.read(
                        input(written), new SliceConfig("origin", 1, 1, 100), Task.MULTICLASS, 3);
        SliceMetrics byDest =
                SliceMetrics.read(input(written), SliceConfig.by("dest"), Task.MULTICLASS, 3);

        assertThat(sameField.size()).isEqualTo(AIRPORTS.length);
        assertThat(sameField.worst()).hasSize(1);
        assertThat(byDest.size()).isZero();
        assertThat(byDest.field()).isEqualTo("dest");
        assertThatThrownBy(() -> SliceMetrics.read(input(written), BY_AIRPORT, Task.BINARY, 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("FadingMetrics");
    }

    @Test
    void aRestoreGivesTheSameEvaluationsAndBytes() throws IOException {
        SliceMetrics uninterrupted = new SliceMetrics(BY_AIRPORT, Task.BINARY, 1);
        SliceMetrics interrupted = new SliceMetrics(BY_AIRPORT, Task.BINARY, 1);
        Random random = new Random(11);
        for (int i = 0; i < 3_000; i++) {
            String airport = AIRPORTS[random.nextInt(AIRPORTS.length)];
            double p = random.nextDouble();
            double label = random.nextDouble() < p ? 1.0 : 0.0;
            uninterrupted.observe(airport, new double[] {p}, label, 1.0 + i % 3);
            interrupted.observe(airport, new double[] {p}, label, 1.0 + i % 3);
            if (i == 1_500) {
                byte[] written = bytes(interrupted);
                interrupted = SliceMetrics.read(input(written), BY_AIRPORT, Task.BINARY, 1);
                assertThat(bytes(interrupted)).isEqualTo(written);
            }
        }

        assertThat(interrupted.worst()).containsExactly(uninterrupted.worst());
        assertThat(bytes(interrupted)).isEqualTo(bytes(uninterrupted));
    }

    private static byte[] bytes(SliceMetrics slices) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        slices.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
