package dev.tributary.core.config;

/** Where a job's events come from. */
public enum SourceKind {
    /** A replayed CSV or JSON Lines file. */
    FILE,
    /** A Kafka topic (the {@code kafka} section names the cluster and topics). */
    KAFKA
}
