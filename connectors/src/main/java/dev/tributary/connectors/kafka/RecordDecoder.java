package dev.tributary.connectors.kafka;

import java.io.Serializable;

/**
 * Turns one Kafka record into one value, never throwing on bad data: a record it cannot read
 * becomes a value that says so, for the job to dead-letter.
 */
public interface RecordDecoder<T> {

    T decode(String topic, int partition, long offset, long timestamp, byte[] value);

    /** Creates a decoder on each subtask: decoders are neither serializable nor shared. */
    interface Factory<T> extends Serializable {
        RecordDecoder<T> create();
    }
}
