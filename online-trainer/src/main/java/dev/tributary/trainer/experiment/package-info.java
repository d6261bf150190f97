/**
 * One experiment's models, supervisor and recent examples, the test-judge-train step that runs for
 * every labelled example, and the carrying out of the supervisor's decisions (publications,
 * challengers, canaries, promotions, rollbacks). Plain Java: the training operator only moves this
 * between Flink state and the stream.
 */
package dev.tributary.trainer.experiment;
