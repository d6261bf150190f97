/**
 * One experiment's models, supervisor and recent examples, and the test-judge-train step that runs
 * for every labelled example. Plain Java: the training operator only moves this between Flink state
 * and the stream.
 */
package dev.tributary.trainer.experiment;
