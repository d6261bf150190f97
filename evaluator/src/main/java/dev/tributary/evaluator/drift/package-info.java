/**
 * Concept-drift detectors over a stream of per-example numbers (a 0/1 error indicator, or a loss),
 * and population stability of input features: plain Java, deterministic, each with a versioned
 * state format so that a detector survives checkpoints exactly.
 */
package dev.tributary.evaluator.drift;
