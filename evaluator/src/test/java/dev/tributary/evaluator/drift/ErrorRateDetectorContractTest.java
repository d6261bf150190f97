package dev.tributary.evaluator.drift;

import static dev.tributary.evaluator.drift.TestingDriftStreams.LENGTH;
import static dev.tributary.evaluator.drift.TestingDriftStreams.bytes;
import static dev.tributary.evaluator.drift.TestingDriftStreams.errors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.evaluator.drift.TestingDriftStreams.Run;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every error-rate detector (DDM, EDDM, HDDM_A) promises alike: its state survives a round
 * trip mid-warning and continues identically, a bad input changes nothing, a reset is a new
 * detector, and an unknown format is refused. Each detector's own rule and golden detection points
 * are in its own test.
 */
class ErrorRateDetectorContractTest {

    /**
     * A detector with defaults, how to read its state, and an example of the abrupt stream inside
     * the WARNING that precedes its first drift.
     */
    record Case(String name, Supplier<DriftDetector> fresh, Reader reader, int inWarning) {
        @Override
        public String toString() {
            return name;
        }

        DriftDetector read(byte[] bytes) throws IOException {
            return reader.read(new DataInputStream(new ByteArrayInputStream(bytes)));
        }

        /** A detector that has read the abrupt stream up to {@link #inWarning}. */
        DriftDetector warned(double[] stream) {
            DriftDetector detector = fresh.get();
            for (int i = 0; i < inWarning; i++) {
                detector.update(stream[i]);
            }
            return detector;
        }
    }

    @FunctionalInterface
    interface Reader {
        DriftDetector read(DataInputStream in) throws IOException;
    }

    static Stream<Case> detectors() {
        return Stream.of(
                new Case(
                        "ddm",
                        Ddm::new,
                        in ->
                                Ddm.read(
                                        in,
                                        Ddm.DEFAULT_MIN_INSTANCES,
                                        Ddm.DEFAULT_WARNING_LEVEL,
                                        Ddm.DEFAULT_DRIFT_LEVEL),
                        10_100), // drift at 10,206
                new Case(
                        "eddm",
                        Eddm::new,
                        in ->
                                Eddm.read(
                                        in,
                                        Eddm.DEFAULT_MIN_ERRORS,
                                        Eddm.DEFAULT_WARNING_RATIO,
                                        Eddm.DEFAULT_DRIFT_RATIO),
                        10_400), // drift at 10,671
                new Case(
                        "hddm-a",
                        HddmA::new,
                        in ->
                                HddmA.read(
                                        in,
                                        HddmA.DEFAULT_DRIFT_CONFIDENCE,
                                        HddmA.DEFAULT_WARNING_CONFIDENCE),
                        10_012)); // drift at 10,013
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void serializationMidStreamContinuesIdentically(Case c) throws IOException {
        double[] stream = errors(TestingDriftStreams::abrupt);
        DriftDetector original = c.warned(stream);
        byte[] written = bytes(original);

        DriftDetector restored = c.read(written);

        assertThat(original.state()).isEqualTo(DriftState.WARNING);
        assertThat(restored.state()).isEqualTo(DriftState.WARNING);
        // Since the last reset: EDDM has reset on its early false alarms before the change.
        assertThat(restored.observations()).isEqualTo(original.observations()).isPositive();
        assertThat(bytes(restored)).isEqualTo(written);
        for (int i = c.inWarning(); i < LENGTH; i++) {
            assertThat(restored.update(stream[i]))
                    .as("example %d", i)
                    .isEqualTo(original.update(stream[i]));
        }
        assertThat(bytes(restored)).isEqualTo(bytes(original));
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void invalidInputIsRejectedWithoutChangingState(Case c) {
        DriftDetector detector = c.warned(errors(TestingDriftStreams::abrupt));
        byte[] before = bytes(detector);
        long observations = detector.observations();

        for (double value : new double[] {2.0, Double.NaN, 0.5, -1.0, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> detector.update(value))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("0 (right) or 1 (wrong)");
        }
        assertThat(bytes(detector)).isEqualTo(before);
        assertThat(detector.observations()).isEqualTo(observations);
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void resetForgetsEverything(Case c) {
        DriftDetector detector = c.warned(errors(TestingDriftStreams::abrupt));

        detector.reset();

        assertThat(detector.state()).isEqualTo(DriftState.STABLE);
        assertThat(detector.observations()).isZero();
        assertThat(bytes(detector)).isEqualTo(bytes(c.fresh().get()));
        double[] stationary = errors(rate -> 0.2);
        assertThat(Run.of(detector, stationary)).isEqualTo(Run.of(c.fresh().get(), stationary));
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void unknownFormatVersionIsRefused(Case c) {
        byte[] written = bytes(c.fresh().get());
        written[3] = 9;

        assertThatThrownBy(() -> c.read(written))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format version 9");
    }
}
