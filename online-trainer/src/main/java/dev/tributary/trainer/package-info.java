/**
 * The online trainer: model families, optimizers, model state with its serializers and ONNX export,
 * all in plain Java. Only the {@code operator} package adapts this logic to Flink.
 */
package dev.tributary.trainer;
