package dev.tributary.evaluator.prequential;

import dev.tributary.core.config.Task;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * What metrics are kept for: the task and, for a multiclass task, the number of classes. Metrics of
 * one label space mean nothing for another, so serialized state records it and refuses to load into
 * metrics of another.
 *
 * @param task the task
 * @param classes the number of classes, {@code >= 2} for a multiclass task and 1 otherwise; also
 *     the number of values of a prediction
 */
record LabelSpace(Task task, int classes) {

    static final LabelSpace BINARY = new LabelSpace(Task.BINARY, 1);

    // Explicit codes rather than ordinals: reordering the enum must not change the format.
    private static final int BINARY_CODE = 1;
    private static final int MULTICLASS_CODE = 2;
    private static final int REGRESSION_CODE = 3;

    LabelSpace {
        Objects.requireNonNull(task, "task");
        if (task == Task.MULTICLASS ? classes < 2 : classes != 1) {
            throw new IllegalArgumentException(
                    "classes must be >= 2 for a multiclass task and 1 otherwise, was "
                            + classes
                            + " for "
                            + task.yamlName());
        }
    }

    /** Writes the task code (a byte) and the number of classes (an int). */
    void writeTo(DataOutput out) throws IOException {
        out.writeByte(code(task));
        out.writeInt(classes);
    }

    /** Reads what {@link #writeTo} wrote; {@code what} names the state in error messages. */
    static LabelSpace read(DataInput in, String what) throws IOException {
        int code = in.readUnsignedByte();
        int classes = in.readInt();
        Task task =
                switch (code) {
                    case BINARY_CODE -> Task.BINARY;
                    case MULTICLASS_CODE -> Task.MULTICLASS;
                    case REGRESSION_CODE -> Task.REGRESSION;
                    default ->
                            throw new IOException(
                                    "corrupt " + what + " state: unknown task code " + code);
                };
        try {
            return new LabelSpace(task, classes);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt " + what + " state: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses state written for another label space: restoring it would mix up metrics of different
     * labels (or throw on the first example, far from the cause).
     */
    void requireSameAs(LabelSpace stored, String what) throws IOException {
        if (!equals(stored)) {
            throw new IOException(
                    what
                            + " state written for a "
                            + stored
                            + " task cannot be loaded into metrics of a "
                            + this
                            + " task");
        }
    }

    @Override
    public String toString() {
        return task == Task.MULTICLASS ? "multiclass (" + classes + " classes)" : task.yamlName();
    }

    private static int code(Task task) {
        return switch (task) {
            case BINARY -> BINARY_CODE;
            case MULTICLASS -> MULTICLASS_CODE;
            case REGRESSION -> REGRESSION_CODE;
        };
    }
}
