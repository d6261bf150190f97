/**
 * Online model families and their frozen serving snapshots: the live {@link
 * dev.tributary.trainer.model.OnlineModel} that predicts and trains example by example, and the
 * immutable {@link dev.tributary.trainer.model.ServingModel} that is published and exported to
 * ONNX.
 */
package dev.tributary.trainer.model;
