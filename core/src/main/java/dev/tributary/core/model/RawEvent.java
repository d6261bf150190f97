package dev.tributary.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * One record as a source read it, before cleaning: string-valued fields keyed by name.
 *
 * <p>Sources never throw on bad input. A record they cannot read at all (a CSV row with the wrong
 * number of columns, a line that is not JSON) is still emitted, with {@link #problem} naming what
 * was wrong and {@link #raw} holding the text, so that the cleaner can dead-letter it.
 *
 * @param id stable event id (an id column, or the row number of a file)
 * @param eventTime event time in epoch milliseconds, or {@link #NO_TIME} when it could not be read
 * @param fields the record's fields as text; absent and empty fields are left out
 * @param problem why the record could not be read, or {@code null} when it was read
 * @param raw the raw text when {@code problem} is set, otherwise {@code null}
 */
public record RawEvent(
        String id, long eventTime, Map<String, String> fields, String problem, String raw) {

    /** Marks an event whose time could not be read. */
    public static final long NO_TIME = Long.MIN_VALUE;

    public RawEvent {
        Objects.requireNonNull(id, "id");
        fields = fields == null ? Map.of() : fields;
    }

    /** A well-formed event. */
    public static RawEvent of(String id, long eventTime, Map<String, String> fields) {
        return new RawEvent(id, eventTime, fields, null, null);
    }

    /** A record the source could not read; the cleaner dead-letters it as malformed. */
    public static RawEvent unreadable(String id, String problem, String raw) {
        return new RawEvent(id, NO_TIME, Map.of(), problem, raw);
    }

    public boolean isReadable() {
        return problem == null;
    }
}
