/**
 * Flink Kafka sinks of Tributary's output topics: {@code KafkaSink}s that write records as JSON,
 * with one transactional-id prefix per topic for exactly-once delivery.
 */
package dev.tributary.connectors.kafka.sink;
