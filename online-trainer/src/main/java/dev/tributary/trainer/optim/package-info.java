/**
 * Optimizers that update per-coordinate state held by the model in plain arrays, so one optimizer
 * serves sparse weights, dense weights and the bias alike, and more optimizers can follow.
 */
package dev.tributary.trainer.optim;
