/**
 * Prequential (test-then-train) metrics of binary classifiers on a stream: log loss, accuracy and
 * AUC since a starting point and over a sliding window, with versioned binary serialization so that
 * they survive checkpoints.
 */
package dev.tributary.evaluator.prequential;
