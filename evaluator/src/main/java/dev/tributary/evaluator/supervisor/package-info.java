/**
 * The evaluator's implementation of the core {@code Supervisor} contract: it keeps the prequential
 * metrics of every model of an experiment and decides when to publish new versions.
 */
package dev.tributary.evaluator.supervisor;
