/**
 * The Flink sinks that write a job's model artifacts and supervisor decisions into the model
 * registry.
 */
package dev.tributary.connectors.registry.sink;
