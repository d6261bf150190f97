package dev.tributary.trainer.onnx;

import dev.tributary.core.model.InputStatistics;
import java.util.List;
import java.util.Map;

/**
 * The ONNX inference graph of a logistic regression over hashed sparse and standardized dense
 * features, computed in double precision so that ONNX Runtime reproduces the Java prediction to
 * rounding error.
 *
 * <p>Inputs: {@value #INDICES} int64 {@code [batch, nnz]} and {@value #VALUES} double {@code
 * [batch, nnz]}, the sparse part padded with index 0 and value 0.0; {@value #DENSE} double {@code
 * [batch, D]}, present only when there are dense features. Outputs: {@value #LOGIT}, the raw logit,
 * and {@value #PROBABILITY}, {@code Sigmoid(Clip(logit, -35, 35))}, both double {@code [batch]}.
 *
 * <pre>
 *   sparse   = ReduceSum(Gather(weights, indices) * values, axis 1)
 *   dense    = ReduceSum(standardized * denseWeights, axis 1)      (see {@link DenseInputGraph})
 *   logit    = (sparse + bias) + dense
 * </pre>
 *
 * A missing dense value is passed as {@code NaN}; the graph imputes it as the model did.
 *
 * <p>The sparse weights are stored as one initializer of {@code 2^hashBits} doubles, so a gather
 * replaces any wide dense input.
 */
public final class LogisticOnnxGraph {

    public static final String INDICES = "indices";
    public static final String VALUES = "values";
    public static final String DENSE = "dense";
    public static final String LOGIT = ModelOutputs.LOGIT;
    public static final String PROBABILITY = ModelOutputs.PROBABILITY;

    /** The logit is clipped to {@code [-MAX_LOGIT, MAX_LOGIT]}, as the Java models clip it. */
    public static final double MAX_LOGIT = 35.0;

    private static final TensorDim BATCH = TensorDim.symbolic("batch");
    private static final TensorDim NNZ = TensorDim.symbolic("nnz");

    private LogisticOnnxGraph() {}

    /**
     * Encodes the graph of one model.
     *
     * @param bias the intercept
     * @param weights the sparse weights, of length {@code 2^hashBits}
     * @param denseWeights the dense weights, in feature order
     * @param inputs how the dense features are prepared; their names are recorded in the {@value
     *     #DENSE} input's description
     * @param metadata stored as {@code metadata_props}
     */
    public static byte[] build(
            double bias,
            double[] weights,
            double[] denseWeights,
            InputStatistics inputs,
            Map<String, String> metadata) {
        int d = denseWeights.length;
        if (inputs.dimension() != d) {
            throw new IllegalArgumentException("dense parameters differ in length");
        }
        List<String> denseFeatures = inputs.names();
        OnnxGraphBuilder graph =
                new OnnxGraphBuilder("tributary_logistic")
                        .docString(
                                "Binary logistic regression over "
                                        + weights.length
                                        + " hashed sparse coordinates and "
                                        + d
                                        + " standardized dense features.");
        graph.input(
                INDICES,
                OnnxElementType.INT64,
                List.of(BATCH, NNZ),
                "hashed sparse indices in [0, " + weights.length + "), padded with 0");
        graph.input(
                VALUES,
                OnnxElementType.DOUBLE,
                List.of(BATCH, NNZ),
                "values of the sparse indices, padded with 0.0");
        graph.initializer("sparse_weights", weights, weights.length)
                .initializer("bias", new double[] {bias}, 1)
                .initializer("axis_1", new long[] {1}, 1)
                .initializer("min_logit", new double[] {-MAX_LOGIT})
                .initializer("max_logit", new double[] {MAX_LOGIT});

        OnnxAttribute dropAxis = OnnxAttribute.ofInt("keepdims", 0);
        graph.node(
                        "Gather",
                        List.of("sparse_weights", INDICES),
                        List.of("gathered_weights"),
                        OnnxAttribute.ofInt("axis", 0))
                .node("Mul", List.of("gathered_weights", VALUES), List.of("sparse_terms"))
                .node(
                        "ReduceSum",
                        List.of("sparse_terms", "axis_1"),
                        List.of("sparse_sum"),
                        dropAxis);
        String linear = d > 0 ? "sparse_logit" : LOGIT;
        graph.node("Add", List.of("sparse_sum", "bias"), List.of(linear));

        if (d > 0) {
            graph.input(
                    DENSE,
                    OnnxElementType.DOUBLE,
                    List.of(BATCH, TensorDim.fixed(d)),
                    "dense features, in order: " + String.join(", ", denseFeatures));
            String standardized = DenseInputGraph.standardized(graph, DENSE, inputs);
            graph.initializer("dense_weights", denseWeights, d)
                    .node("Mul", List.of(standardized, "dense_weights"), List.of("dense_terms"))
                    .node(
                            "ReduceSum",
                            List.of("dense_terms", "axis_1"),
                            List.of("dense_sum"),
                            dropAxis)
                    .node("Add", List.of(linear, "dense_sum"), List.of(LOGIT));
        }
        graph.node("Clip", List.of(LOGIT, "min_logit", "max_logit"), List.of("clipped_logit"))
                .node("Sigmoid", List.of("clipped_logit"), List.of(PROBABILITY))
                .output(LOGIT, OnnxElementType.DOUBLE, List.of(BATCH), "the logit, not clipped")
                .output(
                        PROBABILITY,
                        OnnxElementType.DOUBLE,
                        List.of(BATCH),
                        "the probability that the label is 1");
        return graph.build(metadata);
    }
}
