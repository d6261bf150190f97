package dev.tributary.jobs.join;

/** What the label joiner counts; each becomes a metric. */
public enum JoinCounter {
    /** An event with its label inline passed straight through. */
    INLINE,
    /** An event and its label, joined. */
    JOINED,
    /** An event whose window closed without a label, trained with the default label. */
    DEFAULTED,
    /** An event whose window closed without a label, dropped (no default configured). */
    DROPPED,
    /** A label after its window closed (dead-lettered). */
    LATE_LABEL,
    /** A repeated label (ignored). */
    DUPLICATE_LABEL,
    /** A repeated event id (dead-lettered). */
    DUPLICATE_EVENT,
    /** A label whose event never came (dead-lettered). */
    ORPHAN_LABEL,
    /** A label that is not 0/1 or true/false (dead-lettered). */
    BAD_LABEL,
    /** A label without a readable event time (dead-lettered). */
    BAD_TIMESTAMP
}
