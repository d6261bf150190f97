package dev.tributary.connectors.kafka;

import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.DeadLetter;
import java.util.Objects;

/**
 * One record of the control topic as read: a {@link ControlCommand}, or, for a record that cannot
 * be read as one, the decoder's verdict as {@link #rejection} so that the job can dead-letter it.
 * Exactly one of the two is set.
 *
 * @param command the command, or {@code null} when the record was rejected
 * @param rejection why the record is not a command, with its raw text, or {@code null}
 */
public record ControlRecord(ControlCommand command, DeadLetter rejection) {

    public ControlRecord {
        if ((command == null) == (rejection == null)) {
            throw new IllegalArgumentException(
                    "a control record is either a command or a rejection, was "
                            + command
                            + " and "
                            + rejection);
        }
    }

    /** A readable command. */
    public static ControlRecord of(ControlCommand command) {
        return new ControlRecord(Objects.requireNonNull(command, "command"), null);
    }

    /** A record the decoder rejected; the job dead-letters it as it is. */
    public static ControlRecord rejected(DeadLetter rejection) {
        return new ControlRecord(null, Objects.requireNonNull(rejection, "rejection"));
    }

    public boolean isReadable() {
        return rejection == null;
    }
}
