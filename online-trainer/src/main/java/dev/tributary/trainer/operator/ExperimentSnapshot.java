package dev.tributary.trainer.operator;

import java.util.Arrays;
import java.util.Objects;

/**
 * An experiment's learner as stored in keyed state: the bytes of {@code ExperimentLearner.writeTo},
 * which carry their own format version. Keeping the state opaque to Flink lets the learner evolve
 * its format without a Flink serializer migration.
 */
public record ExperimentSnapshot(byte[] bytes) {

    public ExperimentSnapshot {
        Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExperimentSnapshot other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "ExperimentSnapshot[" + bytes.length + " bytes]";
    }
}
