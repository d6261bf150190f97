package dev.tributary.trainer.learn;

import java.util.ArrayList;
import java.util.List;

/**
 * A multi-layer perceptron with one or two ReLU hidden layers over the dense inputs and a hashed
 * embedding bag, with {@code C} raw outputs (1 for binary and regression objectives, the classes of
 * a multiclass one). Per example {@code b}, with {@code x} its {@code D} dense inputs and {@code
 * (r_k, v_k)} its sparse entries (row {@code r_k = batch.row(u_k)} of compact row {@code u_k},
 * value {@code v_k}):
 *
 * <pre>
 *   e  = sum_k v_k Emb[r_k, :]                      (width E)
 *   a  = concat(x, e)                               (width A = D + E)
 *   h1 = relu(a W1 + b1)
 *   h2 = relu(h1 W2 + b2)                           (with two hidden layers)
 *   z  = h Wo + bo                                  (h the last hidden layer; width C)
 * </pre>
 *
 * Every weight is stored row-major as {@code [fanIn, fanOut]}: a layer is {@code out[o] = sum_i
 * in[i] W[i, o] + bias[o]}, with {@code W[i, o]} at {@code i * fanOut + o}, and {@code relu'(0) =
 * 0}. Given {@code dz}, back-propagation per example, with {@code 1[.]} the ReLU's derivative read
 * from its output:
 *
 * <pre>
 *   dWo = h^T dz,   dbo = dz,   dh = dz Wo^T       (dh is dh2 with two layers, else dh1)
 *   dp2 = dh2 * 1[h2 &gt; 0];   dW2 = h1^T dp2,   db2 = dp2,   dh1 = dp2 W2^T   (two layers)
 *   dp1 = dh1 * 1[h1 &gt; 0];   dW1 = a^T dp1,    db1 = dp1,   da  = dp1 W1^T
 *   dEmb[u, :] = sum over (b, k) with slot u of v[b, k] da[b, D : D + E]
 * </pre>
 *
 * each summed over the batch; the embedding's gradient is compact, {@code [batch.rowCount(), E]}.
 * Padding entries have value 0 and add nothing; a batch's dummy row is never read.
 *
 * <p>Blocks, in order (the ONNX training graph follows the same list), with {@code g(s, i) =
 * InitialValues.gaussian(seed, s, i)} for the row-major index {@code i} within the block: {@code
 * embedding [S, E]} (sparse; {@code initScale * g(1, i)}), {@code w1 [A, H1]} (He initialisation of
 * He et al., ICCV 2015: {@code sqrt(2 / A) * g(2, i)}), {@code b1 [1, H1]} (0), then with two
 * hidden layers {@code w2 [H1, H2]} ({@code sqrt(2 / H1) * g(3, i)}) and {@code b2 [1, H2]} (0),
 * then {@code wo [H, C]} ({@code sqrt(1 / H) * g(4, i)}: no ReLU follows) and {@code bo [1, C]}
 * (0). Biases are not regularized; the rest are.
 */
public final class Mlp implements Predictor {

    private final int denseWidth;
    private final int embeddingDim;
    private final int inputWidth;
    private final int hidden1;
    private final int hidden2;
    private final int outputs;
    private final double initScale;
    private final long seed;
    private final Block embedding;
    private final Block w1;
    private final Block b1;
    private final Block w2;
    private final Block b2;
    private final Block wo;
    private final Block bo;
    private final List<Block> blocks;
    // Activations of the last forward pass, [size, width], kept for backward.
    private double[] inputs = new double[64];
    private double[] layer1 = new double[64];
    private double[] layer2 = new double[64];
    // Per-example backward vectors, fixed widths.
    private final double[] dPre1;
    private final double[] dPre2;
    private final double[] dEmbedded;

    /**
     * @param sparseRows the sparse dimension (hashed space plus vocabularies)
     * @param denseWidth the number of dense inputs {@code D}
     * @param embeddingDim the embedding width {@code E}, {@code >= 1}
     * @param hidden the hidden layer widths, one or two of them, each {@code >= 1}
     * @param outputs the raw outputs {@code C}
     * @param initScale the standard deviation of the initial embeddings
     * @param seed the seed of the initial weights
     * @param slotCount the optimizer's state arrays per block
     */
    public Mlp(
            int sparseRows,
            int denseWidth,
            int embeddingDim,
            List<Integer> hidden,
            int outputs,
            double initScale,
            long seed,
            int slotCount) {
        this(
                sparseRows,
                denseWidth,
                embeddingDim,
                hidden,
                outputs,
                initScale,
                seed,
                slotCount,
                true);
    }

    /**
     * @param initialize false for a shell whose weights are about to be copied from another network
     *     (freezing), which skips drawing millions of initial values
     */
    Mlp(
            int sparseRows,
            int denseWidth,
            int embeddingDim,
            List<Integer> hidden,
            int outputs,
            double initScale,
            long seed,
            int slotCount,
            boolean initialize) {
        if (embeddingDim < 1) {
            throw new IllegalArgumentException("embeddingDim must be >= 1, was " + embeddingDim);
        }
        if (hidden.isEmpty() || hidden.size() > 2 || hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden must be one or two widths >= 1: " + hidden);
        }
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be >= 1, was " + outputs);
        }
        if (!(initScale >= 0 && initScale < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("initScale must be finite and >= 0: " + initScale);
        }
        this.denseWidth = denseWidth;
        this.embeddingDim = embeddingDim;
        this.inputWidth = denseWidth + embeddingDim;
        this.hidden1 = hidden.get(0);
        this.hidden2 = hidden.size() == 2 ? hidden.get(1) : 0;
        this.outputs = outputs;
        this.initScale = initScale;
        this.seed = seed;
        int last = hidden2 > 0 ? hidden2 : hidden1;
        this.embedding = new Block("embedding", sparseRows, embeddingDim, true, true, slotCount);
        this.w1 = new Block("w1", inputWidth, hidden1, false, true, slotCount);
        this.b1 = new Block("b1", 1, hidden1, false, false, slotCount);
        this.w2 = hidden2 > 0 ? new Block("w2", hidden1, hidden2, false, true, slotCount) : null;
        this.b2 = hidden2 > 0 ? new Block("b2", 1, hidden2, false, false, slotCount) : null;
        this.wo = new Block("wo", last, outputs, false, true, slotCount);
        this.bo = new Block("bo", 1, outputs, false, false, slotCount);
        List<Block> list = new ArrayList<>(List.of(embedding, w1, b1));
        if (w2 != null) {
            list.add(w2);
            list.add(b2);
        }
        list.add(wo);
        list.add(bo);
        this.blocks = List.copyOf(list);
        this.dPre1 = new double[hidden1];
        this.dPre2 = new double[Math.max(hidden2, 1)];
        this.dEmbedded = new double[embeddingDim];
        for (int k = 0; initialize && k < blocks.size(); k++) {
            double[] w = blocks.get(k).weights;
            for (int i = 0; i < w.length; i++) {
                w[i] = initialWeight(k, i);
            }
        }
    }

    @Override
    public List<Block> blocks() {
        return blocks;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    /** The number of hidden layers, 1 or 2. */
    public int hiddenLayers() {
        return hidden2 > 0 ? 2 : 1;
    }

    /**
     * The initial value of coordinate {@code index} (row-major) of block {@code blockIndex}: a
     * function of the seed and the coordinate alone, so that restore can recompute the sparse rows
     * a checkpoint did not store.
     */
    public double initialWeight(int blockIndex, int index) {
        Block block = blocks.get(blockIndex);
        if (index < 0 || index >= block.weights.length) {
            throw new IndexOutOfBoundsException(index + " outside " + block);
        }
        if (block == embedding) {
            return scaledGaussian(initScale, 1, index);
        } else if (block == w1) {
            return scaledGaussian(Math.sqrt(2.0 / inputWidth), 2, index);
        } else if (block == w2) {
            return scaledGaussian(Math.sqrt(2.0 / hidden1), 3, index);
        } else if (block == wo) {
            return scaledGaussian(Math.sqrt(1.0 / wo.rows()), 4, index);
        }
        return 0.0;
    }

    private double scaledGaussian(double scale, int stream, int index) {
        // A zero scale gives +0.0 rather than -0.0 for negative deviates, and skips the work.
        return scale == 0 ? 0.0 : scale * InitialValues.gaussian(seed, stream, index);
    }

    @Override
    public void forward(TrainingBatch batch, double[] out) {
        if (batch.denseWidth() != denseWidth) {
            throw new IllegalArgumentException(
                    "expected a batch of "
                            + denseWidth
                            + " dense inputs, got "
                            + batch.denseWidth());
        }
        int size = batch.size();
        int width = batch.width();
        int d = denseWidth;
        int e = embeddingDim;
        int a = inputWidth;
        inputs = grow(inputs, size * a);
        layer1 = grow(layer1, size * hidden1);
        if (hidden2 > 0) {
            layer2 = grow(layer2, size * hidden2);
        }
        boolean dummy = batch.hasDummyRow();
        double[] emb = embedding.weights;
        for (int b = 0; b < size; b++) {
            int at = b * a;
            for (int j = 0; j < d; j++) {
                inputs[at + j] = batch.dense(b, j);
            }
            for (int i = 0; i < e; i++) {
                inputs[at + d + i] = 0.0;
            }
            if (!dummy) {
                for (int k = 0; k < width; k++) {
                    double v = batch.value(b, k);
                    if (v == 0.0) {
                        // Padding (or a zero value) would add exactly zero.
                        continue;
                    }
                    int r = batch.row(batch.slot(b, k));
                    for (int i = 0; i < e; i++) {
                        inputs[at + d + i] += v * emb[r * e + i];
                    }
                }
            }
            affine(inputs, at, a, w1.weights, b1.weights, hidden1, layer1, b * hidden1, true);
            if (hidden2 > 0) {
                affine(
                        layer1,
                        b * hidden1,
                        hidden1,
                        w2.weights,
                        b2.weights,
                        hidden2,
                        layer2,
                        b * hidden2,
                        true);
                affine(
                        layer2,
                        b * hidden2,
                        hidden2,
                        wo.weights,
                        bo.weights,
                        outputs,
                        out,
                        b * outputs,
                        false);
            } else {
                affine(
                        layer1,
                        b * hidden1,
                        hidden1,
                        wo.weights,
                        bo.weights,
                        outputs,
                        out,
                        b * outputs,
                        false);
            }
        }
    }

    /** {@code out[o] = (relu)(sum_i in[i] w[i * fanOut + o] + bias[o])} for one example. */
    private static void affine(
            double[] in,
            int inAt,
            int fanIn,
            double[] w,
            double[] bias,
            int fanOut,
            double[] out,
            int outAt,
            boolean relu) {
        System.arraycopy(bias, 0, out, outAt, fanOut);
        for (int i = 0; i < fanIn; i++) {
            double x = in[inAt + i];
            if (x == 0.0) {
                // Common after a ReLU; the products would be exactly zero.
                continue;
            }
            int row = i * fanOut;
            for (int o = 0; o < fanOut; o++) {
                out[outAt + o] += x * w[row + o];
            }
        }
        if (relu) {
            for (int o = 0; o < fanOut; o++) {
                if (!(out[outAt + o] > 0)) {
                    out[outAt + o] = 0.0;
                }
            }
        }
    }

    @Override
    public void backward(TrainingBatch batch, double[] dOut, double[][] gradients) {
        int size = batch.size();
        int width = batch.width();
        int d = denseWidth;
        int e = embeddingDim;
        int a = inputWidth;
        boolean two = hidden2 > 0;
        double[] gEmbedding = gradients[0];
        double[] gW1 = gradients[1];
        double[] gB1 = gradients[2];
        double[] gW2 = two ? gradients[3] : null;
        double[] gB2 = two ? gradients[4] : null;
        double[] gWo = gradients[two ? 5 : 3];
        double[] gBo = gradients[two ? 6 : 4];
        boolean dummy = batch.hasDummyRow();
        for (int b = 0; b < size; b++) {
            int outAt = b * outputs;
            // Output layer, into the pre-activation gradient of the last hidden layer.
            double[] last = two ? layer2 : layer1;
            int lastWidth = two ? hidden2 : hidden1;
            double[] dLast = two ? dPre2 : dPre1;
            int lastAt = b * lastWidth;
            for (int o = 0; o < outputs; o++) {
                gBo[o] += dOut[outAt + o];
            }
            backLayer(last, lastAt, lastWidth, wo.weights, dOut, outAt, outputs, gWo, dLast);
            if (two) {
                for (int o = 0; o < hidden2; o++) {
                    gB2[o] += dPre2[o];
                }
                backLayer(layer1, b * hidden1, hidden1, w2.weights, dPre2, 0, hidden2, gW2, dPre1);
            }
            for (int o = 0; o < hidden1; o++) {
                gB1[o] += dPre1[o];
            }
            int inAt = b * a;
            double[] w = w1.weights;
            for (int i = 0; i < a; i++) {
                double x = inputs[inAt + i];
                int row = i * hidden1;
                for (int o = 0; o < hidden1; o++) {
                    gW1[row + o] += x * dPre1[o];
                }
            }
            if (dummy) {
                continue;
            }
            for (int i = 0; i < e; i++) {
                double sum = 0;
                int row = (d + i) * hidden1;
                for (int o = 0; o < hidden1; o++) {
                    sum += w[row + o] * dPre1[o];
                }
                dEmbedded[i] = sum;
            }
            for (int k = 0; k < width; k++) {
                double v = batch.value(b, k);
                if (v == 0.0) {
                    continue;
                }
                int u = batch.slot(b, k);
                for (int i = 0; i < e; i++) {
                    gEmbedding[u * e + i] += v * dEmbedded[i];
                }
            }
        }
    }

    /**
     * Back through one layer {@code out = in W + bias} whose input {@code in} is a ReLU's output:
     * accumulates {@code dW += in^T dOut} and writes the gradient with respect to the ReLU's
     * pre-activation, {@code dPre = (dOut W^T) * 1[in > 0]}.
     */
    private static void backLayer(
            double[] in,
            int inAt,
            int fanIn,
            double[] w,
            double[] dOut,
            int dOutAt,
            int fanOut,
            double[] gW,
            double[] dPre) {
        for (int i = 0; i < fanIn; i++) {
            double x = in[inAt + i];
            int row = i * fanOut;
            double sum = 0;
            for (int o = 0; o < fanOut; o++) {
                double g = dOut[dOutAt + o];
                gW[row + o] += x * g;
                sum += w[row + o] * g;
            }
            dPre[i] = x > 0 ? sum : 0.0;
        }
    }

    private static double[] grow(double[] array, int length) {
        return array.length >= length ? array : new double[Math.max(length, 2 * array.length)];
    }
}
