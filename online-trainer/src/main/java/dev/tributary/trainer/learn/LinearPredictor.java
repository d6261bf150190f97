package dev.tributary.trainer.learn;

import java.util.ArrayList;
import java.util.List;

/**
 * The predictor of the linear families (logistic, softmax, linear regression): {@code C} outputs,
 *
 * <pre>
 *   z[b, c] = bias[c] + sum_j dense[b, j] * denseWeights[j, c] + sum_k sparse[row(b, k), c] * value[b, k]
 * </pre>
 *
 * with gradients {@code dBias[c] = sum_b dz[b, c]}, {@code dDense[j, c] = sum_b dense[b, j] dz[b,
 * c]} and {@code dSparse[u, c] = sum over (b, k) with slot u of value[b, k] dz[b, c]}.
 *
 * <p>Blocks, in order: {@code bias [1, C]} (not regularized), {@code dense [D, C]} (only when there
 * are dense inputs), {@code sparse [S, C]} (sparse). All start at zero.
 */
public final class LinearPredictor implements Predictor {

    private final int outputs;
    private final Block bias;
    private final Block dense;
    private final Block sparse;
    private final List<Block> blocks;

    /**
     * @param sparseRows the sparse dimension (hashed space plus vocabularies)
     * @param denseWidth the number of dense inputs
     */
    public LinearPredictor(int sparseRows, int denseWidth, int outputs, int slotCount) {
        this.outputs = outputs;
        this.bias = new Block("bias", 1, outputs, false, false, slotCount);
        this.dense =
                denseWidth == 0
                        ? null
                        : new Block("dense", denseWidth, outputs, false, true, slotCount);
        this.sparse = new Block("sparse", sparseRows, outputs, true, true, slotCount);
        List<Block> list = new ArrayList<>();
        list.add(bias);
        if (dense != null) {
            list.add(dense);
        }
        list.add(sparse);
        this.blocks = List.copyOf(list);
    }

    @Override
    public List<Block> blocks() {
        return blocks;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    /** The initial value of any coordinate: every block starts at zero. */
    public double initialWeight(int blockIndex, int index) {
        return 0.0;
    }

    Block bias() {
        return bias;
    }

    /** The dense block, or null without dense inputs. */
    Block dense() {
        return dense;
    }

    Block sparse() {
        return sparse;
    }

    @Override
    public void forward(TrainingBatch batch, double[] out) {
        int size = batch.size();
        int width = batch.width();
        int d = batch.denseWidth();
        double[] b0 = bias.weights;
        double[] s = sparse.weights;
        boolean dummy = batch.hasDummyRow();
        for (int b = 0; b < size; b++) {
            int at = b * outputs;
            for (int c = 0; c < outputs; c++) {
                out[at + c] = b0[c];
            }
            if (dense != null) {
                double[] v = dense.weights;
                for (int j = 0; j < d; j++) {
                    double x = batch.dense(b, j);
                    for (int c = 0; c < outputs; c++) {
                        out[at + c] += x * v[j * outputs + c];
                    }
                }
            }
            if (dummy) {
                continue;
            }
            for (int k = 0; k < width; k++) {
                double value = batch.value(b, k);
                int row = batch.row(batch.slot(b, k));
                for (int c = 0; c < outputs; c++) {
                    out[at + c] += s[row * outputs + c] * value;
                }
            }
        }
    }

    @Override
    public void backward(TrainingBatch batch, double[] dOut, double[][] gradients) {
        int size = batch.size();
        int width = batch.width();
        int d = batch.denseWidth();
        double[] gBias = gradients[0];
        double[] gDense = dense == null ? null : gradients[1];
        double[] gSparse = gradients[blocks.size() - 1];
        for (int b = 0; b < size; b++) {
            int at = b * outputs;
            for (int c = 0; c < outputs; c++) {
                gBias[c] += dOut[at + c];
            }
            for (int j = 0; j < d; j++) {
                double x = batch.dense(b, j);
                for (int c = 0; c < outputs; c++) {
                    gDense[j * outputs + c] += x * dOut[at + c];
                }
            }
            for (int k = 0; k < width; k++) {
                double value = batch.value(b, k);
                int u = batch.slot(b, k);
                for (int c = 0; c < outputs; c++) {
                    gSparse[u * outputs + c] += value * dOut[at + c];
                }
            }
        }
    }
}
