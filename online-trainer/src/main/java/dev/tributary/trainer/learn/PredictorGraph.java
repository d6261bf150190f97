package dev.tributary.trainer.learn;

import java.util.ArrayList;
import java.util.List;

/**
 * The forward and backward pass of a {@link Predictor} as ONNX operators, in float32: the same
 * formulas as the predictor's Java code (see {@link LinearPredictor}, {@link FactorizationMachine}
 * and {@link Mlp}), written over whole-batch tensors.
 *
 * <p>The batch arrives as {@code rows} int64 {@code [B, K]} (each entry's compact row {@code u}),
 * {@code values} float {@code [B, K]} and, when {@code D > 0}, {@code dense} float {@code [B, D]}.
 * A sparse block arrives compact, {@code [U, cols]} (row {@code u} holding parameter row {@code
 * batch.row(u)}), a dense block whole. Two kernels carry every sparse term:
 *
 * <pre>
 *   bag(W)[b, :]          = sum_k values[b, k] W[rows[b, k], :]
 *                         = ReduceSum(Gather(W, rows) * values[:, :, None], axis 1)
 *   scatter(W, T)[u, :]   = sum over (b, k) with rows[b, k] = u of T[b, k, :]
 *                         = ScatterND(zeros like W, rows[:, :, None], T, reduction = "add")
 * </pre>
 *
 * Padding entries have value 0 and add exactly nothing; the dummy row of a batch without sparse
 * entries is fed as zeros and its gradient is discarded.
 */
abstract class PredictorGraph {

    /** The batch's tensors inside the graph. */
    record BatchValues(String rows, String rows3, String values3, String dense) {}

    final GraphOps ops;
    final BatchValues in;
    final List<String> w;

    private PredictorGraph(GraphOps ops, BatchValues in, List<String> weights) {
        this.ops = ops;
        this.in = in;
        this.w = weights;
    }

    /**
     * The graph of a predictor.
     *
     * @param weights the graph values of its blocks' weights, in block order
     */
    static PredictorGraph of(
            Predictor predictor, GraphOps ops, BatchValues in, List<String> weights) {
        if (predictor instanceof LinearPredictor linear) {
            return new Linear(ops, in, weights, linear.dense() != null);
        } else if (predictor instanceof FactorizationMachine) {
            return new Fm(ops, in, weights, predictor.blocks().size() == 5);
        } else if (predictor instanceof Mlp mlp) {
            List<Block> blocks = mlp.blocks();
            int denseWidth = blocks.get(1).rows() - blocks.get(0).cols();
            return new MlpGraph(ops, in, weights, mlp.hiddenLayers() == 2, denseWidth);
        }
        throw new IllegalArgumentException(
                "no training graph for predictor " + predictor.getClass().getName());
    }

    /** The raw outputs {@code z}, float {@code [B, C]}. */
    abstract String forward();

    /**
     * The gradients of the loss, one per block in block order, given {@code dz = dL/dz} of shape
     * {@code [B, C]}; {@link #forward} must have been built first.
     */
    abstract List<String> backward(String dz);

    String bag(String weights) {
        return ops.reduceSum(ops.mul(ops.gather(weights, in.rows), in.values3), 1, false);
    }

    /** The compact gradient of {@code weights} from per-entry terms {@code [B, K, cols]}. */
    String scatter(String weights, String terms) {
        return ops.scatterAdd(weights, in.rows3, terms);
    }

    /** {@code sum_b dz[b, :]} as {@code [1, C]}: the gradient of a bias row. */
    String biasGradient(String dz) {
        return ops.reduceSum(dz, 0, true);
    }

    /** {@code x^T dOut}: the gradient of a weight matrix {@code [fanIn, fanOut]}. */
    String weightGradient(String x, String dOut) {
        return ops.matMul(ops.transpose(x), dOut);
    }

    /**
     * {@link LinearPredictor}: {@code z = bias + dense Wd + bag(Ws)}; {@code dBias = sum_b dz},
     * {@code dWd = dense^T dz}, {@code dWs = scatter(values * dz)}.
     */
    private static final class Linear extends PredictorGraph {
        private final boolean hasDense;

        Linear(GraphOps ops, BatchValues in, List<String> weights, boolean hasDense) {
            super(ops, in, weights);
            this.hasDense = hasDense;
        }

        @Override
        String forward() {
            String z = w.get(0);
            if (hasDense) {
                z = ops.add(z, ops.matMul(in.dense, w.get(1)));
            }
            return ops.add(z, bag(w.get(w.size() - 1)));
        }

        @Override
        List<String> backward(String dz) {
            List<String> gradients = new ArrayList<>();
            gradients.add(biasGradient(dz));
            if (hasDense) {
                gradients.add(weightGradient(in.dense, dz));
            }
            String sparse = w.get(w.size() - 1);
            gradients.add(scatter(sparse, ops.mul(in.values3, ops.unsqueeze(dz, 1))));
            return gradients;
        }
    }

    /**
     * {@link FactorizationMachine}, with {@code t[b, k, f] = values[b, k] Vs[rows[b, k], f]}:
     *
     * <pre>
     *   s   = dense Vd + ReduceSum(t, axis 1)                     [B, F]
     *   q   = dense^2 Vd^2 + ReduceSum(t^2, axis 1)               [B, F]
     *   z   = bias + dense wd + bag(ws) + 0.5 ReduceSum(s^2 - q, axis 1)
     *   dVd = ReduceSum(dz x[:, :, None] (s[:, None, :] - Vd x[:, :, None]), axis 0)
     *   dVs = scatter(dz values (s[:, None, :] - t))
     * </pre>
     */
    private static final class Fm extends PredictorGraph {
        private final boolean hasDense;
        private String terms;
        private String sums;

        Fm(GraphOps ops, BatchValues in, List<String> weights, boolean hasDense) {
            super(ops, in, weights);
            this.hasDense = hasDense;
        }

        private String bias() {
            return w.get(0);
        }

        private String sparse() {
            return w.get(hasDense ? 2 : 1);
        }

        private String sparseFactors() {
            return w.get(hasDense ? 4 : 2);
        }

        @Override
        String forward() {
            terms = ops.mul(ops.gather(sparseFactors(), in.rows), in.values3);
            sums = ops.reduceSum(terms, 1, false);
            String squares = ops.reduceSum(ops.square(terms), 1, false);
            String linear = ops.add(bias(), bag(sparse()));
            if (hasDense) {
                String denseFactors = w.get(3);
                sums = ops.add(ops.matMul(in.dense, denseFactors), sums);
                squares =
                        ops.add(
                                ops.matMul(ops.square(in.dense), ops.square(denseFactors)),
                                squares);
                linear = ops.add(linear, ops.matMul(in.dense, w.get(1)));
            }
            String pairs = ops.reduceSum(ops.sub(ops.square(sums), squares), 1, true);
            return ops.add(linear, ops.mul(ops.scalar(0.5), pairs));
        }

        @Override
        List<String> backward(String dz) {
            String dz3 = ops.unsqueeze(dz, 1); // [B, 1, 1]
            String sums3 = ops.unsqueeze(sums, 1); // [B, 1, F]
            String entryGradient = ops.mul(dz3, in.values3); // [B, K, 1]
            List<String> gradients = new ArrayList<>();
            gradients.add(biasGradient(dz));
            if (hasDense) {
                gradients.add(weightGradient(in.dense, dz));
            }
            gradients.add(scatter(sparse(), entryGradient));
            if (hasDense) {
                String x3 = ops.unsqueeze(in.dense, 2); // [B, D, 1]
                String rest = ops.sub(sums3, ops.mul(w.get(3), x3)); // [B, D, F]
                gradients.add(ops.reduceSum(ops.mul(ops.mul(dz3, x3), rest), 0, false));
            }
            String rest = ops.sub(sums3, terms); // [B, K, F]
            gradients.add(scatter(sparseFactors(), ops.mul(entryGradient, rest)));
            return gradients;
        }
    }

    /**
     * {@link Mlp}: {@code a = concat(dense, bag(Emb))}, {@code h1 = Relu(a W1 + b1)}, {@code h2 =
     * Relu(h1 W2 + b2)}, {@code z = h Wo + bo}; back-propagation with {@code dPre = Where(h > 0,
     * dh, 0)} (so {@code relu'(0) = 0}), {@code dW = in^T dPre}, {@code dIn = dPre W^T}, and {@code
     * dEmb = scatter(values * da[:, D:])}.
     */
    private static final class MlpGraph extends PredictorGraph {
        private final boolean two;
        private final int denseWidth;
        private String inputs;
        private String h1;
        private String h2;

        MlpGraph(
                GraphOps ops,
                BatchValues in,
                List<String> weights,
                boolean twoLayers,
                int denseWidth) {
            super(ops, in, weights);
            this.two = twoLayers;
            this.denseWidth = denseWidth;
        }

        private String layer(String x, String weights, String bias) {
            return ops.add(ops.matMul(x, weights), bias);
        }

        @Override
        String forward() {
            String embedded = bag(w.get(0));
            inputs = denseWidth > 0 ? ops.concatColumns(in.dense, embedded) : embedded;
            h1 = ops.relu(layer(inputs, w.get(1), w.get(2)));
            if (two) {
                h2 = ops.relu(layer(h1, w.get(3), w.get(4)));
                return layer(h2, w.get(5), w.get(6));
            }
            return layer(h1, w.get(3), w.get(4));
        }

        /** The pre-activation gradient of a ReLU layer with output {@code h}. */
        private String throughRelu(String h, String dh) {
            return ops.where(ops.greater(h, ops.scalar(0)), dh, ops.scalar(0));
        }

        @Override
        List<String> backward(String dz) {
            String wo = w.get(two ? 5 : 3);
            String last = two ? h2 : h1;
            String dWo = weightGradient(last, dz);
            String dBo = biasGradient(dz);
            String dLast = ops.matMul(dz, ops.transpose(wo));
            String dW2 = null;
            String dB2 = null;
            String dH1 = dLast;
            if (two) {
                String dPre2 = throughRelu(h2, dLast);
                dW2 = weightGradient(h1, dPre2);
                dB2 = biasGradient(dPre2);
                dH1 = ops.matMul(dPre2, ops.transpose(w.get(3)));
            }
            String dPre1 = throughRelu(h1, dH1);
            String dW1 = weightGradient(inputs, dPre1);
            String dB1 = biasGradient(dPre1);
            String dInputs = ops.matMul(dPre1, ops.transpose(w.get(1)));
            String dEmbedded =
                    denseWidth > 0
                            ? ops.sliceColumns(dInputs, denseWidth, Long.MAX_VALUE)
                            : dInputs;
            String dEmb = scatter(w.get(0), ops.mul(in.values3, ops.unsqueeze(dEmbedded, 1)));
            List<String> gradients = new ArrayList<>(List.of(dEmb, dW1, dB1));
            if (two) {
                gradients.add(dW2);
                gradients.add(dB2);
            }
            gradients.add(dWo);
            gradients.add(dBo);
            return gradients;
        }
    }
}
