/**
 * ONNX export and scoring: a self-contained writer of the ONNX protobuf format, a small graph
 * builder that model families reuse, the inference graphs of those families, and a scorer that runs
 * exported bytes with ONNX Runtime.
 */
package dev.tributary.trainer.onnx;
