package dev.tributary.core.model;

/** Why a record was dead-lettered. Stable names: dashboards and alerts use them. */
public enum ReasonCode {
    /** The record could not be read at all (bad CSV row, invalid JSON). */
    MALFORMED,
    /** A required field is absent or empty. */
    MISSING_FIELD,
    /** A field does not parse as its declared type. */
    BAD_TYPE,
    /** A numeric field is NaN or infinite. */
    NOT_FINITE,
    /** A value lies outside what its field or transform accepts. */
    OUT_OF_RANGE,
    /** The event time is absent or unreadable. */
    BAD_TIMESTAMP,
    /** The label is absent or not a valid label. */
    BAD_LABEL,
    /** An event for an experiment the job does not configure. */
    UNKNOWN_EXPERIMENT,
    /** An event id seen before: a producer's retry or a replay. */
    DUPLICATE,
    /** A label arrived after its event's attribution window had closed. */
    LATE_LABEL,
    /** A second label for an event that already has one. */
    DUPLICATE_LABEL,
    /** A label whose event never arrived within the attribution window. */
    ORPHAN_LABEL,
    /** An event older than the newest event seen before it by more than the allowed lateness. */
    LATE
}
