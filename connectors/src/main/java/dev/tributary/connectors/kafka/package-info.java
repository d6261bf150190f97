/**
 * Kafka in plain Java: validated settings and topic names, and the JSON codecs that turn Kafka
 * record values into {@code RawEvent}s and {@link dev.tributary.connectors.kafka.LabelEvent}s and
 * records into JSON, never throwing on bad data. The Flink adapters live in {@code kafka.source}
 * and {@code kafka.sink}.
 */
package dev.tributary.connectors.kafka;
