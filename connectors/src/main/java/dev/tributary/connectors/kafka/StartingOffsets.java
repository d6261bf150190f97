package dev.tributary.connectors.kafka;

/**
 * Where a Kafka source starts reading when it does not restore from a checkpoint or savepoint (a
 * restored source always resumes from its checkpointed offsets).
 */
public enum StartingOffsets {
    /** From the earliest offset still retained. */
    EARLIEST,
    /** From the end: only records produced after the job started. */
    LATEST,
    /**
     * From the offsets the consumer group committed; partitions without a committed offset start
     * from the earliest.
     */
    COMMITTED
}
