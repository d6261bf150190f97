/**
 * The evaluator's implementations of the core {@code Supervisor} contract: one that keeps the
 * prequential metrics of every model of an experiment and decides when to publish new versions, and
 * one that also retrains automatically, rolling challengers out and back on the evidence of the
 * labelled stream.
 */
package dev.tributary.evaluator.supervisor;
