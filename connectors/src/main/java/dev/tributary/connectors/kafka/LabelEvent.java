package dev.tributary.connectors.kafka;

import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.util.Objects;

/**
 * One record of the labels topic as read, before the job judges it: the id of the event it labels,
 * the label as text, and its event time.
 *
 * <p>Like {@link RawEvent}, a record that cannot be read (invalid JSON, not an object, no id) is
 * still emitted, carrying the decoder's verdict as {@link #rejection}, so that the job can
 * dead-letter it. Whether the label itself is valid (present, 0 or 1, ...) is the job's decision:
 * {@link #labelText} is the value as found, or {@code null} when the field is absent.
 *
 * @param id the labelled event's id; for an unreadable record an id of the form {@code
 *     <topic>-<partition>-<offset>}
 * @param labelText the label value as text (numbers as written, nested values as JSON), or {@code
 *     null} when absent
 * @param eventTime event time in epoch milliseconds, or {@link RawEvent#NO_TIME}
 * @param rejection why the record could not be read, with its raw text, or {@code null} when it was
 *     read
 */
public record LabelEvent(String id, String labelText, long eventTime, DeadLetter rejection) {

    public LabelEvent {
        Objects.requireNonNull(id, "id");
    }

    /** A readable label record. */
    public static LabelEvent of(String id, String labelText, long eventTime) {
        return new LabelEvent(id, labelText, eventTime, null);
    }

    /** A record that could not be read; the job dead-letters it as malformed. */
    public static LabelEvent unreadable(String id, String problem, String raw) {
        return rejected(new DeadLetter(id, ReasonCode.MALFORMED, "", problem, raw));
    }

    /** A record the decoder rejected for the given reason; the job dead-letters it as it is. */
    public static LabelEvent rejected(DeadLetter rejection) {
        Objects.requireNonNull(rejection, "rejection");
        return new LabelEvent(rejection.id(), null, RawEvent.NO_TIME, rejection);
    }

    public boolean isReadable() {
        return rejection == null;
    }

    /** Why the record could not be read, or {@code null} when it was read. */
    public String problem() {
        return rejection == null ? null : rejection.detail();
    }

    /** The raw text of a record that could not be read, otherwise {@code null}. */
    public String raw() {
        return rejection == null ? null : rejection.raw();
    }
}
