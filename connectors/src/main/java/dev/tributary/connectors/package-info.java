/**
 * Tributary's connectors: file replay and Kafka sources, the model registry and the sinks that feed
 * it. Plain-Java logic lives in the concept packages; Flink adapters live in their {@code source}
 * and {@code sink} sub-packages.
 */
package dev.tributary.connectors;
