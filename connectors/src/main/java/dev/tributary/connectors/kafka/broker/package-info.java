/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) that runs inside
 * this JVM, so that the demo and the integration tests need no Kafka installation and no Docker.
 */
package dev.tributary.connectors.kafka.broker;
