/**
 * The contract between the training operator and whatever judges its models: the operator asks a
 * {@link dev.tributary.core.supervision.Supervisor} after every prediction, and carries out its
 * decisions. The evaluator module implements it; the trainer only knows this interface.
 */
package dev.tributary.core.supervision;
