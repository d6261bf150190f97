package dev.tributary.trainer.learn;

import dev.tributary.core.config.Objective;
import dev.tributary.core.model.InputStatistics;
import dev.tributary.trainer.onnx.DenseInputGraph;
import dev.tributary.trainer.onnx.ModelOutputs;
import dev.tributary.trainer.onnx.OnnxAttribute;
import dev.tributary.trainer.onnx.OnnxElementType;
import dev.tributary.trainer.onnx.OnnxGraphBuilder;
import dev.tributary.trainer.onnx.TensorDim;
import java.util.List;
import java.util.Map;

/**
 * The ONNX inference graph of a frozen mini-batch model of any family, in double precision, so that
 * ONNX Runtime reproduces the Java prediction to rounding error. The parameters are initializers; a
 * sparse block is a {@code [S, cols]} table read by Gather.
 *
 * <p>Inputs, as for {@code LogisticOnnxGraph}: {@value #INDICES} int64 {@code [batch, nnz]} and
 * {@value #VALUES} double {@code [batch, nnz]} padded with index 0 and value 0.0; {@value #DENSE}
 * double {@code [batch, D]} (raw values, {@code NaN} for missing; only when {@code D > 0}), which
 * the graph imputes, clips and standardizes as the model did. Outputs by objective: binary {@value
 * #LOGIT} and {@value #PROBABILITY} {@code [batch]}; multiclass {@value #LOGITS} and {@value
 * #PROBABILITIES} {@code [batch, C]}; regression {@value #PREDICTION} {@code [batch]}.
 *
 * <pre>
 *   x      = the dense inputs prepared and standardized ({@code DenseInputGraph})
 *   bag(T) = ReduceSum(Gather(T, indices) * Unsqueeze(values, 2), axis 1)          [batch, cols]
 *   linear: z = bag(sparse) + x dense + bias
 *   fm:     s = bag(sparseFactors) + x denseFactors
 *           q = ReduceSum((Gather(sparseFactors, indices) * values)^2, axis 1) + x^2 denseFactors^2
 *           z = bag(sparse) + x dense + bias + 0.5 ReduceSum(s^2 - q, axis 1)
 *   mlp:    h1 = Relu(Concat(x, bag(embedding)) w1 + b1); h2 = Relu(h1 w2 + b2); z = h wo + bo
 * </pre>
 */
public final class NetworkOnnxGraph {

    public static final String INDICES = "indices";
    public static final String VALUES = "values";
    public static final String DENSE = "dense";
    public static final String LOGIT = ModelOutputs.LOGIT;
    public static final String PROBABILITY = ModelOutputs.PROBABILITY;
    public static final String LOGITS = ModelOutputs.LOGITS;
    public static final String PROBABILITIES = ModelOutputs.PROBABILITIES;
    public static final String PREDICTION = ModelOutputs.PREDICTION;

    private static final TensorDim BATCH = TensorDim.symbolic("batch");
    private static final TensorDim NNZ = TensorDim.symbolic("nnz");

    /** Parameter initializers are named after their blocks with this prefix. */
    private static final String PARAM = "param_";

    private NetworkOnnxGraph() {}

    /** Encodes the graph of a frozen predictor with its head and input statistics. */
    public static byte[] build(
            Predictor predictor, Head head, InputStatistics inputs, Map<String, String> metadata) {
        int d = inputs.dimension();
        String kind = kind(predictor);
        OnnxGraphBuilder graph =
                new OnnxGraphBuilder("tributary_" + kind)
                        .docString(
                                kind
                                        + " model with a "
                                        + head.objective().yamlName()
                                        + " objective over hashed sparse features and "
                                        + d
                                        + " dense features.");
        graph.input(
                INDICES,
                OnnxElementType.INT64,
                List.of(BATCH, NNZ),
                "hashed sparse indices, padded with 0");
        graph.input(
                VALUES,
                OnnxElementType.DOUBLE,
                List.of(BATCH, NNZ),
                "values of the sparse indices, padded with 0.0");
        graph.initializer("axis_1", new long[] {1}, 1)
                .initializer("axis_2", new long[] {2}, 1)
                .node("Unsqueeze", List.of(VALUES, "axis_2"), List.of("values_3d"));
        String x = d > 0 ? standardizedDense(graph, inputs) : null;

        for (Block block : predictor.blocks()) {
            graph.initializer(PARAM + block.name(), block.weights(), block.rows(), block.cols());
        }
        String z;
        if (predictor instanceof LinearPredictor) {
            z = linear(graph, x, "z");
        } else if (predictor instanceof FactorizationMachine) {
            String linear = linear(graph, x, "z_linear");
            z = factorInteractions(graph, x, linear);
        } else {
            z = mlp(graph, x, (Mlp) predictor);
        }
        output(graph, head.objective(), z);
        return graph.build(metadata);
    }

    private static String kind(Predictor predictor) {
        if (predictor instanceof LinearPredictor) {
            return "linear";
        } else if (predictor instanceof FactorizationMachine) {
            return "fm";
        } else if (predictor instanceof Mlp) {
            return "mlp";
        }
        throw new IllegalArgumentException("no ONNX graph for " + predictor.getClass());
    }

    /** The prepared, standardized dense inputs, {@code [batch, D]}. */
    private static String standardizedDense(OnnxGraphBuilder graph, InputStatistics inputs) {
        int d = inputs.dimension();
        graph.input(
                DENSE,
                OnnxElementType.DOUBLE,
                List.of(BATCH, TensorDim.fixed(d)),
                "dense features, in order: " + String.join(", ", inputs.names()));
        return DenseInputGraph.standardized(graph, DENSE, inputs);
    }

    /** {@code ReduceSum(Gather(table, indices) * values, axis 1)}: {@code [batch, cols]}. */
    private static String bag(OnnxGraphBuilder graph, String table) {
        graph.node(
                        "Gather",
                        List.of(table, INDICES),
                        List.of(table + "_rows"),
                        OnnxAttribute.ofInt("axis", 0))
                .node("Mul", List.of(table + "_rows", "values_3d"), List.of(table + "_terms"))
                .node(
                        "ReduceSum",
                        List.of(table + "_terms", "axis_1"),
                        List.of(table + "_bag"),
                        OnnxAttribute.ofInt("keepdims", 0));
        return table + "_bag";
    }

    private static String linear(OnnxGraphBuilder graph, String x, String out) {
        String sparse = bag(graph, PARAM + "sparse");
        if (x == null) {
            graph.node("Add", List.of(sparse, PARAM + "bias"), List.of(out));
        } else {
            graph.node("MatMul", List.of(x, PARAM + "dense"), List.of("dense_terms"))
                    .node("Add", List.of(sparse, "dense_terms"), List.of("linear_terms"))
                    .node("Add", List.of("linear_terms", PARAM + "bias"), List.of(out));
        }
        return out;
    }

    private static String factorInteractions(OnnxGraphBuilder graph, String x, String linear) {
        String sum = bag(graph, PARAM + "sparseFactors");
        graph.node(
                        "Mul",
                        List.of(PARAM + "sparseFactors_terms", PARAM + "sparseFactors_terms"),
                        List.of("fs_sq"))
                .node(
                        "ReduceSum",
                        List.of("fs_sq", "axis_1"),
                        List.of("fs_sq_sum"),
                        OnnxAttribute.ofInt("keepdims", 0));
        String s = sum;
        String q = "fs_sq_sum";
        if (x != null) {
            graph.node("MatMul", List.of(x, PARAM + "denseFactors"), List.of("fd_sum"))
                    .node("Mul", List.of(x, x), List.of("x_sq"))
                    .node(
                            "Mul",
                            List.of(PARAM + "denseFactors", PARAM + "denseFactors"),
                            List.of("fd_sq"))
                    .node("MatMul", List.of("x_sq", "fd_sq"), List.of("fd_sq_sum"))
                    .node("Add", List.of(sum, "fd_sum"), List.of("factor_sum"))
                    .node("Add", List.of("fs_sq_sum", "fd_sq_sum"), List.of("factor_sq"));
            s = "factor_sum";
            q = "factor_sq";
        }
        graph.initializer("half", new double[] {0.5})
                .node("Mul", List.of(s, s), List.of("s_sq"))
                .node("Sub", List.of("s_sq", q), List.of("pairs"))
                .node(
                        "ReduceSum",
                        List.of("pairs", "axis_1"),
                        List.of("pairs_sum"),
                        OnnxAttribute.ofInt("keepdims", 1))
                .node("Mul", List.of("pairs_sum", "half"), List.of("interactions"))
                .node("Add", List.of(linear, "interactions"), List.of("z"));
        return "z";
    }

    private static String mlp(OnnxGraphBuilder graph, String x, Mlp mlp) {
        String bag = bag(graph, PARAM + "embedding");
        String a = bag;
        if (x != null) {
            graph.node("Concat", List.of(x, bag), List.of("a"), OnnxAttribute.ofInt("axis", 1));
            a = "a";
        }
        graph.node("MatMul", List.of(a, PARAM + "w1"), List.of("p1_w"))
                .node("Add", List.of("p1_w", PARAM + "b1"), List.of("p1"))
                .node("Relu", List.of("p1"), List.of("h1"));
        String h = "h1";
        if (mlp.hiddenLayers() == 2) {
            graph.node("MatMul", List.of("h1", PARAM + "w2"), List.of("p2_w"))
                    .node("Add", List.of("p2_w", PARAM + "b2"), List.of("p2"))
                    .node("Relu", List.of("p2"), List.of("h2"));
            h = "h2";
        }
        graph.node("MatMul", List.of(h, PARAM + "wo"), List.of("z_w"))
                .node("Add", List.of("z_w", PARAM + "bo"), List.of("z"));
        return "z";
    }

    private static void output(OnnxGraphBuilder graph, Objective objective, String z) {
        switch (objective) {
            case BINARY -> {
                graph.initializer("min_logit", new double[] {-Head.MAX_LOGIT})
                        .initializer("max_logit", new double[] {Head.MAX_LOGIT})
                        .node("Squeeze", List.of(z, "axis_1"), List.of(LOGIT))
                        .node("Clip", List.of(LOGIT, "min_logit", "max_logit"), List.of("clipped"))
                        .node("Sigmoid", List.of("clipped"), List.of(PROBABILITY))
                        .output(LOGIT, OnnxElementType.DOUBLE, List.of(BATCH), "the logit")
                        .output(
                                PROBABILITY,
                                OnnxElementType.DOUBLE,
                                List.of(BATCH),
                                "the probability that the label is 1");
            }
            case MULTICLASS -> {
                graph.node("Identity", List.of(z), List.of(LOGITS))
                        .node(
                                "Softmax",
                                List.of(LOGITS),
                                List.of(PROBABILITIES),
                                OnnxAttribute.ofInt("axis", -1))
                        .output(
                                LOGITS,
                                OnnxElementType.DOUBLE,
                                BATCH,
                                TensorDim.symbolic("classes"))
                        .output(
                                PROBABILITIES,
                                OnnxElementType.DOUBLE,
                                BATCH,
                                TensorDim.symbolic("classes"));
            }
            case SQUARED, HUBER ->
                    graph.node("Squeeze", List.of(z, "axis_1"), List.of(PREDICTION))
                            .output(
                                    PREDICTION,
                                    OnnxElementType.DOUBLE,
                                    List.of(BATCH),
                                    "the predicted value");
        }
    }
}
