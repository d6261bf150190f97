package dev.tributary.core.model;

import java.util.Objects;

/**
 * A record that was rejected, with why: nothing is dropped silently.
 *
 * @param id the event id
 * @param reason the reason code
 * @param field the offending field, or empty when the whole record is at fault
 * @param detail a human-readable explanation
 * @param raw the record as received, for replay after a fix
 */
public record DeadLetter(String id, ReasonCode reason, String field, String detail, String raw) {

    public DeadLetter {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        field = field == null ? "" : field;
        detail = detail == null ? "" : detail;
        raw = raw == null ? "" : raw;
    }
}
