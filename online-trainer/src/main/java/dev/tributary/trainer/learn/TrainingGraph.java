package dev.tributary.trainer.learn;

import dev.tributary.core.config.NormalizedConfig;
import dev.tributary.core.config.OptimizerConfig;
import dev.tributary.trainer.onnx.OnnxAttribute;
import dev.tributary.trainer.onnx.OnnxElementType;
import dev.tributary.trainer.onnx.OnnxGraphBuilder;
import dev.tributary.trainer.onnx.TensorDim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ONNX graph of one training step, built from ordinary operators (ONNX Runtime's training API
 * is not in the Maven artifacts): the predictor's forward pass ({@link PredictorGraph}), the {@link
 * Head}'s loss gradient, the backward pass and the optimizer's update ({@link OptimizerGraph}), all
 * in float32. {@link OrtBackend} runs it; {@link JavaBackend} is the double-precision reference it
 * must match.
 *
 * <p>Inputs, with {@code B} examples, {@code K} entries per example, {@code U} compact rows, {@code
 * D} dense inputs and {@code C} outputs:
 *
 * <ul>
 *   <li>{@value #ENTRY_ROWS} int64 {@code [B, K]}: each sparse entry's compact row ({@code
 *       TrainingBatch.slot}); {@value #ENTRY_VALUES} float {@code [B, K]}: its value (0 for
 *       padding);
 *   <li>{@value #DENSE} float {@code [B, D]}, only when {@code D > 0};
 *   <li>{@value #LABELS} float {@code [B, 1]}: the label (a class index for multiclass); {@value
 *       #EXAMPLE_SCALES} float {@code [B, 1]}: {@code weight_b / B};
 *   <li>per block, in block order, its weights {@code <block>.w} and slots {@code <block>.s<i>},
 *       float {@code [U, cols]} for a sparse block (row {@code u} holding row {@code
 *       batch.row(u)}), its full shape for a dense one;
 *   <li>the optimizer's scalars ({@link OptimizerGraph#scalarInputs}) and, for the normalized
 *       update, {@value #ROW_SCALES} float {@code [U, 1]} ({@code TrainingBatch.rowScale}).
 * </ul>
 *
 * <p>Outputs: {@code <input>.new} for every weight and slot input, of the input's shape, and
 * {@value #PREDICTIONS} float {@code [B, C]}, the head's prediction from the weights before the
 * update (ONNX Runtime computes only the outputs asked for, so a scoring call skips the rest).
 *
 * <p>The head, with {@code scale = } {@value #EXAMPLE_SCALES}:
 *
 * <pre>
 *   binary:     c = Clip(z, -35, 35);  p = sigmoid(c);  dz = scale ((1 - y) p - y sigmoid(-c))
 *   multiclass: p = Softmax(z, axis 1);  o = Cast(Equal(y, [0 .. C-1]));  r = p (1 - o)
 *               dz = scale (r - o ReduceSum(r, axis 1))
 *   squared:    p = z;                          dz = scale (z - y)
 *   huber:      p = z;                          dz = scale Clip(z - y, -delta, delta)
 * </pre>
 *
 * These equal {@code scale (p - y)} and {@code scale (p - onehot(y))}, written so that {@code 1 -
 * p} never comes from subtracting a float that rounded to 1: the normalized update, AdaGrad and
 * Adam scale a coordinate's step by its gradient's own size, so a gradient that float rounding
 * turns from tiny into zero (or the reverse) would move that weight by a full step.
 */
final class TrainingGraph {

    static final String ENTRY_ROWS = "entry_rows";
    static final String ENTRY_VALUES = "entry_values";
    static final String DENSE = "dense";
    static final String LABELS = "labels";
    static final String EXAMPLE_SCALES = "example_scales";
    static final String ROW_SCALES = "row_scales";
    static final String PREDICTIONS = "predictions";

    private static final TensorDim BATCH = TensorDim.symbolic("batch");
    private static final TensorDim ENTRIES = TensorDim.symbolic("entries");
    private static final TensorDim ROWS = TensorDim.symbolic("rows");

    private TrainingGraph() {}

    static String weights(Block block) {
        return block.name() + ".w";
    }

    static String slot(Block block, int k) {
        return block.name() + ".s" + k;
    }

    /** The output that carries the updated value of a weight or slot input. */
    static String updated(String input) {
        return input + ".new";
    }

    /** Encodes the training-step graph of a predictor, head and optimizer. */
    static byte[] build(Predictor predictor, Head head, OptimizerConfig config) {
        List<Block> blocks = predictor.blocks();
        int slotCount = OptimizerGraph.slotCount(config);
        int outputs = predictor.outputs();
        OnnxGraphBuilder graph =
                new OnnxGraphBuilder("tributary_training_step")
                        .docString(
                                "One training step: forward, "
                                        + head.objective().yamlName()
                                        + " head, backward and "
                                        + config.yamlName()
                                        + " update of "
                                        + blocks);
        GraphOps ops = new GraphOps(graph);

        // Inputs.
        graph.input(ENTRY_ROWS, OnnxElementType.INT64, BATCH, ENTRIES)
                .input(ENTRY_VALUES, OnnxElementType.FLOAT, BATCH, ENTRIES);
        int denseWidth = denseWidth(predictor);
        if (denseWidth > 0) {
            graph.input(DENSE, OnnxElementType.FLOAT, BATCH, TensorDim.fixed(denseWidth));
        }
        graph.input(LABELS, OnnxElementType.FLOAT, BATCH, TensorDim.fixed(1))
                .input(EXAMPLE_SCALES, OnnxElementType.FLOAT, BATCH, TensorDim.fixed(1));
        List<String> weights = new ArrayList<>();
        for (Block block : blocks) {
            TensorDim rows = block.isSparse() ? ROWS : TensorDim.fixed(block.rows());
            TensorDim cols = TensorDim.fixed(block.cols());
            graph.input(weights(block), OnnxElementType.FLOAT, rows, cols);
            weights.add(weights(block));
            for (int k = 0; k < slotCount; k++) {
                graph.input(slot(block, k), OnnxElementType.FLOAT, rows, cols);
            }
        }
        OptimizerGraph.declareInputs(graph, config);
        boolean normalized = config instanceof NormalizedConfig;
        if (normalized) {
            graph.input(ROW_SCALES, OnnxElementType.FLOAT, ROWS, TensorDim.fixed(1));
        }

        // Forward, head, backward.
        PredictorGraph.BatchValues in =
                new PredictorGraph.BatchValues(
                        ENTRY_ROWS,
                        ops.unsqueeze(ENTRY_ROWS, 2),
                        ops.unsqueeze(ENTRY_VALUES, 2),
                        denseWidth > 0 ? DENSE : null);
        PredictorGraph model = PredictorGraph.of(predictor, ops, in, weights);
        String z = model.forward();
        String[] predictionAndGradient = head(ops, head, outputs, z);
        ops.name(predictionAndGradient[0], PREDICTIONS);
        List<String> gradients = model.backward(predictionAndGradient[1]);

        // The update, and the outputs.
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            List<String> slots = new ArrayList<>();
            for (int k = 0; k < slotCount; k++) {
                slots.add(slot(block, k));
            }
            String inputScale = normalized ? inputScale(ops, predictor, i) : null;
            List<String> next =
                    OptimizerGraph.update(
                            ops,
                            config,
                            block.isRegularized(),
                            weights(block),
                            slots,
                            gradients.get(i),
                            inputScale);
            TensorDim rowsDim = block.isSparse() ? ROWS : TensorDim.fixed(block.rows());
            TensorDim cols = TensorDim.fixed(block.cols());
            List<String> inputs = new ArrayList<>(List.of(weights(block)));
            inputs.addAll(slots);
            for (int k = 0; k < inputs.size(); k++) {
                String name = updated(inputs.get(k));
                ops.name(next.get(k), name);
                graph.output(name, OnnxElementType.FLOAT, rowsDim, cols);
            }
        }
        graph.output(PREDICTIONS, OnnxElementType.FLOAT, BATCH, TensorDim.fixed(outputs));
        return graph.build(
                Map.of(
                        "tributary.graph", "training-step",
                        "tributary.objective", head.objective().yamlName(),
                        "tributary.optimizer", config.yamlName()));
    }

    /** The dense inputs the predictor reads. */
    static int denseWidth(Predictor predictor) {
        List<Block> blocks = predictor.blocks();
        if (predictor instanceof LinearPredictor linear) {
            return linear.dense() == null ? 0 : linear.dense().rows();
        } else if (predictor instanceof FactorizationMachine) {
            return blocks.size() == 5 ? blocks.get(1).rows() : 0;
        } else if (predictor instanceof Mlp) {
            return blocks.get(1).rows() - blocks.get(0).cols();
        }
        throw new IllegalArgumentException(
                "no training graph for predictor " + predictor.getClass().getName());
    }

    /** The prediction {@code [B, C]} and the loss gradient {@code dz} of raw outputs {@code z}. */
    private static String[] head(GraphOps ops, Head head, int outputs, String z) {
        String scale = EXAMPLE_SCALES;
        switch (head.objective()) {
            case BINARY -> {
                // p = sigmoid(c) and q = 1 - p = sigmoid(-c) from e = Exp(-|c|): sigmoid(-|c|) =
                // e / (1 + e) keeps its digits down to 6e-16 at the clip, where a float p rounds
                // to 1 and ONNX Runtime's Sigmoid kernel returns 0 for 1 - p.
                String clipped = ops.clip(z, -Head.MAX_LOGIT, Head.MAX_LOGIT);
                String e = ops.node("Exp", List.of(ops.neg(ops.abs(clipped))));
                String denominator = ops.add(ops.scalar(1), e);
                String low = ops.div(e, denominator);
                String high = ops.div(ops.scalar(1), denominator);
                String negative = ops.node("Less", List.of(clipped, ops.scalar(0)));
                String p = ops.where(negative, low, high);
                String q = ops.where(negative, high, low);
                // p - y = (1 - y) p - y q: no 1 - p is computed in float.
                String residual =
                        ops.sub(ops.mul(ops.sub(ops.scalar(1), LABELS), p), ops.mul(LABELS, q));
                return new String[] {p, ops.mul(scale, residual)};
            }
            case MULTICLASS -> {
                String p = ops.node("Softmax", List.of(z), OnnxAttribute.ofInt("axis", 1));
                long[] classes = new long[outputs];
                for (int c = 0; c < outputs; c++) {
                    classes[c] = c;
                }
                String oneHot =
                        ops.toFloat(
                                ops.node("Equal", List.of(LABELS, ops.toFloat(ops.ints(classes)))));
                // p - onehot, with p_y - 1 written as -sum_{c != y} p_c: exact where p_y rounds to
                // 1.
                String others = ops.mul(p, ops.sub(ops.scalar(1), oneHot));
                String rest = ops.reduceSum(others, 1, true);
                String residual = ops.sub(others, ops.mul(oneHot, rest));
                return new String[] {p, ops.mul(scale, residual)};
            }
            case SQUARED -> {
                return new String[] {z, ops.mul(scale, ops.sub(z, LABELS))};
            }
            case HUBER -> {
                double delta = head.huberDelta();
                String residual = ops.clip(ops.sub(z, LABELS), -delta, delta);
                return new String[] {z, ops.mul(scale, residual)};
            }
            default -> throw new IllegalArgumentException("unknown objective " + head.objective());
        }
    }

    /**
     * The normalized update's per-coordinate input scale {@code m} of block {@code index} of a
     * linear model: 1 for the bias, {@code max_b |dense[b, j]|} as {@code [D, 1]} for the dense
     * weights, the batch's row scales {@code [U, 1]} for the sparse ones.
     */
    private static String inputScale(GraphOps ops, Predictor predictor, int index) {
        if (!(predictor instanceof LinearPredictor linear)) {
            throw new IllegalArgumentException("the normalized update trains linear models only");
        }
        Block block = predictor.blocks().get(index);
        if (block == linear.bias()) {
            return ops.scalar(1.0);
        } else if (block == linear.dense()) {
            return ops.unsqueeze(ops.reduceMax(ops.abs(DENSE), 0, false), 1);
        }
        return ROW_SCALES;
    }
}
