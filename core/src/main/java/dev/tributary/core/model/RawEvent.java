package dev.tributary.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * One record as a source read it, before cleaning: string-valued fields keyed by name.
 *
 * <p>Sources never throw on bad input. A record they cannot read at all (a CSV row with the wrong
 * number of columns, a line that is not JSON, a record without an id) is still emitted, carrying
 * the source's verdict as {@link #rejection}, so that the cleaner dead-letters it with the reason
 * the source found.
 *
 * @param id stable event id (an id column, or the row number of a file; for a record without a
 *     readable id, its position in the source)
 * @param eventTime event time in epoch milliseconds, or {@link #NO_TIME} when it could not be read
 * @param fields the record's fields as text; absent and empty fields are left out
 * @param rejection why the record could not be read, with its raw text, or {@code null} when it was
 *     read
 */
public record RawEvent(
        String id, long eventTime, Map<String, String> fields, DeadLetter rejection) {

    /** Marks an event whose time could not be read. */
    public static final long NO_TIME = Long.MIN_VALUE;

    public RawEvent {
        Objects.requireNonNull(id, "id");
        fields = fields == null ? Map.of() : fields;
    }

    /** A well-formed event. */
    public static RawEvent of(String id, long eventTime, Map<String, String> fields) {
        return new RawEvent(id, eventTime, fields, null);
    }

    /** A record the source could not read; the cleaner dead-letters it as malformed. */
    public static RawEvent unreadable(String id, String problem, String raw) {
        return rejected(new DeadLetter(id, ReasonCode.MALFORMED, "", problem, raw));
    }

    /** A record the source rejected for the given reason; the cleaner dead-letters it as it is. */
    public static RawEvent rejected(DeadLetter rejection) {
        Objects.requireNonNull(rejection, "rejection");
        return new RawEvent(rejection.id(), NO_TIME, Map.of(), rejection);
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
