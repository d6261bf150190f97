/**
 * Flink Kafka sources of Tributary's input topics: {@code KafkaSource}s built from {@code
 * KafkaSettings}, reading committed data only, with the plain-Java decoders as deserializers.
 */
package dev.tributary.connectors.kafka.source;
