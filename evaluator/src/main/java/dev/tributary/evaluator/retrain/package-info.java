/**
 * When to retrain: a validated retraining policy (threshold, degradation, drift and schedule
 * triggers, with hysteresis, cool-down and an hourly budget) and the event-time state machine that
 * applies it once per evaluation window: plain Java, deterministic, with a versioned state format.
 */
package dev.tributary.evaluator.retrain;
