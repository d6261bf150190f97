package dev.tributary.evaluator.drift;

import java.io.DataInput;
import java.io.IOException;

/**
 * What every detector reads and writes alike: the 0/1 error indicator of the error-rate detectors,
 * the format version at the head of a state, and the state's code.
 */
final class DetectorFormat {

    private DetectorFormat() {}

    /**
     * Whether an error-rate detector's input is an error (1) or not (0).
     *
     * @throws IllegalArgumentException for anything else
     */
    static boolean isError(double value) {
        if (value == 1.0) {
            return true;
        }
        if (value == 0.0) {
            return false;
        }
        throw new IllegalArgumentException(
                "error indicator " + value + " must be 0 (right) or 1 (wrong)");
    }

    /** Reads a state's format version, which must be {@code expected}. */
    static void readVersion(DataInput in, int expected, String detector) throws IOException {
        int version = in.readInt();
        if (version != expected) {
            throw new IOException(
                    "cannot read "
                            + detector
                            + " format version "
                            + version
                            + ": this build reads version "
                            + expected);
        }
    }

    /**
     * Reads a state's code; {@code stableOrDrift} refuses WARNING, for detectors that never warn.
     */
    static DriftState readState(DataInput in, String detector, boolean stableOrDrift)
            throws IOException {
        int code = in.readUnsignedByte();
        DriftState state = DriftState.ofCode(code);
        if (state == null || (stableOrDrift && state == DriftState.WARNING)) {
            throw new IOException("corrupt " + detector + " state: state code " + code);
        }
        return state;
    }
}
