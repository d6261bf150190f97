/**
 * Tests of the embedded Kafka broker: settings validation, and real clients (transactional,
 * SASL/PLAIN) against a started broker, across restarts.
 */
package dev.tributary.connectors.kafka.broker;
