/**
 * The Flink side of the trainer: the keyed {@code OnlineTrainingOperator}, whose inputs are
 * labelled examples and manual control commands, which keeps hot experiments in memory and writes
 * them back to RocksDB keyed state before each checkpoint, and the versioned serializer of that
 * state.
 */
package dev.tributary.trainer.operator;
