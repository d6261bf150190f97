/**
 * Mini-batch training of every model family: the parameters ({@link
 * dev.tributary.trainer.learn.Block}), one batch laid out for a step ({@link
 * dev.tributary.trainer.learn.TrainingBatch}), the predictors that compute outputs and gradients,
 * the per-coordinate optimizers, and the two backends that run a step: pure Java and ONNX Runtime
 * executing a training-step graph built here. Plain Java; no Flink.
 */
package dev.tributary.trainer.learn;
