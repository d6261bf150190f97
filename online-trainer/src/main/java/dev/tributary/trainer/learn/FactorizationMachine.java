package dev.tributary.trainer.learn;

import java.util.ArrayList;
import java.util.List;

/**
 * A second-order factorization machine (Rendle, "Factorization Machines", ICDM 2010) with one raw
 * output: a linear model plus a pairwise interaction {@code <V_i, V_i'> x_i x_i'} between every two
 * inputs of an example, dense and sparse alike, each input {@code i} owning a latent vector {@code
 * V_i} of {@code F} factors. The interactions are computed in {@code O(F n)} time by Rendle's Lemma
 * 3.1. Per example {@code b}, with {@code x[j]} its dense inputs and {@code (r_k, v_k)} its sparse
 * entries (row {@code r_k = batch.row(u_k)} of compact row {@code u_k}, value {@code v_k}):
 *
 * <pre>
 *   s[f] = sum_j x[j] Vd[j, f] + sum_k v_k Vs[r_k, f]
 *   q[f] = sum_j x[j]^2 Vd[j, f]^2 + sum_k v_k^2 Vs[r_k, f]^2
 *   z    = bias + sum_j x[j] wd[j] + sum_k v_k ws[r_k] + 1/2 sum_f (s[f]^2 - q[f])
 * </pre>
 *
 * Given {@code dz[b]}, the loss gradient with respect to example {@code b}'s output, the gradients
 * are (Rendle's equation 4, {@code dz/dV[i, f] = x_i (s[f] - V[i, f] x_i)}):
 *
 * <pre>
 *   dBias     = sum_b dz[b]
 *   dWd[j]    = sum_b dz[b] x[b, j]
 *   dWs[u]    = sum over (b, k) with slot u of dz[b] v[b, k]
 *   dVd[j, f] = sum_b dz[b] x[b, j] (s[b, f] - Vd[j, f] x[b, j])
 *   dVs[u, f] = sum over (b, k) with slot u of dz[b] v[b, k] (s[b, f] - Vs[r, f] v[b, k])
 * </pre>
 *
 * where {@code r = batch.row(u)}; sparse gradients are compact, {@code [batch.rowCount(), cols]}.
 * Each sparse entry is an input of its own: an index repeated within an example (two fields hashed
 * to one bucket) is two entries, which interact with each other like any two inputs. Padding
 * entries have value 0 and add nothing; a batch's dummy row is never read.
 *
 * <p>Blocks, in order (the ONNX training graph follows the same list): {@code bias [1, 1]} (not
 * regularized, 0), {@code dense [D, 1]} (0; only when {@code D > 0}), {@code sparse [S, 1]}
 * (sparse, 0), {@code denseFactors [D, F]} (only when {@code D > 0}; coordinate {@code i} starts at
 * {@code initScale * InitialValues.gaussian(seed, 1, i)}), {@code sparseFactors [S, F]} (sparse;
 * {@code initScale * InitialValues.gaussian(seed, 2, i)}), {@code i} being the row-major index
 * within the block. All but the bias are regularized.
 */
public final class FactorizationMachine implements Predictor {

    /** The {@link InitialValues} block numbers of the random blocks. */
    private static final int DENSE_FACTORS_STREAM = 1;

    private static final int SPARSE_FACTORS_STREAM = 2;

    private final int factors;
    private final double initScale;
    private final long seed;
    private final Block bias;
    private final Block dense;
    private final Block sparse;
    private final Block denseFactors;
    private final Block sparseFactors;
    private final List<Block> blocks;
    // Each example's s[f] from the last forward pass, [size, F]: backward needs it.
    private double[] sums = new double[64];

    /**
     * @param sparseRows the sparse dimension (hashed space plus vocabularies)
     * @param denseWidth the number of dense inputs
     * @param factors the latent dimension {@code F}, {@code >= 1}
     * @param initScale the standard deviation of the initial factors
     * @param seed the seed of the initial factors
     * @param slotCount the optimizer's state arrays per block
     */
    public FactorizationMachine(
            int sparseRows,
            int denseWidth,
            int factors,
            double initScale,
            long seed,
            int slotCount) {
        this(sparseRows, denseWidth, factors, initScale, seed, slotCount, true);
    }

    /**
     * @param initialize false for a shell whose weights are about to be copied from another machine
     *     (freezing), which skips drawing millions of initial values
     */
    FactorizationMachine(
            int sparseRows,
            int denseWidth,
            int factors,
            double initScale,
            long seed,
            int slotCount,
            boolean initialize) {
        if (factors < 1) {
            throw new IllegalArgumentException("factors must be >= 1, was " + factors);
        }
        if (!(initScale >= 0 && initScale < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("initScale must be finite and >= 0: " + initScale);
        }
        this.factors = factors;
        this.initScale = initScale;
        this.seed = seed;
        boolean hasDense = denseWidth > 0;
        this.bias = new Block("bias", 1, 1, false, false, slotCount);
        this.dense = hasDense ? new Block("dense", denseWidth, 1, false, true, slotCount) : null;
        this.sparse = new Block("sparse", sparseRows, 1, true, true, slotCount);
        this.denseFactors =
                hasDense
                        ? new Block("denseFactors", denseWidth, factors, false, true, slotCount)
                        : null;
        this.sparseFactors = new Block("sparseFactors", sparseRows, factors, true, true, slotCount);
        List<Block> list = new ArrayList<>();
        list.add(bias);
        if (hasDense) {
            list.add(dense);
        }
        list.add(sparse);
        if (hasDense) {
            list.add(denseFactors);
        }
        list.add(sparseFactors);
        this.blocks = List.copyOf(list);
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
        return 1;
    }

    public int factors() {
        return factors;
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
        if (block == denseFactors) {
            return scaledGaussian(DENSE_FACTORS_STREAM, index);
        } else if (block == sparseFactors) {
            return scaledGaussian(SPARSE_FACTORS_STREAM, index);
        }
        return 0.0;
    }

    private double scaledGaussian(int stream, int index) {
        // A zero scale gives +0.0 rather than -0.0 for negative deviates, and skips the work.
        return initScale == 0 ? 0.0 : initScale * InitialValues.gaussian(seed, stream, index);
    }

    @Override
    public void forward(TrainingBatch batch, double[] out) {
        int expected = dense == null ? 0 : dense.rows();
        if (batch.denseWidth() != expected) {
            throw new IllegalArgumentException(
                    "expected a batch of " + expected + " dense inputs, got " + batch.denseWidth());
        }
        int size = batch.size();
        int width = batch.width();
        int d = batch.denseWidth();
        int f = factors;
        if (sums.length < size * f) {
            sums = new double[Math.max(size * f, 2 * sums.length)];
        }
        boolean dummy = batch.hasDummyRow();
        double[] ws = sparse.weights;
        double[] vs = sparseFactors.weights;
        for (int b = 0; b < size; b++) {
            int at = b * f;
            double z = bias.weights[0];
            double squares = 0; // sum_f q[f]
            for (int c = 0; c < f; c++) {
                sums[at + c] = 0.0;
            }
            for (int j = 0; j < d; j++) {
                double x = batch.dense(b, j);
                z += x * dense.weights[j];
                double[] vd = denseFactors.weights;
                for (int c = 0; c < f; c++) {
                    double t = x * vd[j * f + c];
                    sums[at + c] += t;
                    squares += t * t;
                }
            }
            if (!dummy) {
                for (int k = 0; k < width; k++) {
                    double v = batch.value(b, k);
                    if (v == 0.0) {
                        // Padding (or a zero value): every term below would be exactly zero.
                        continue;
                    }
                    int r = batch.row(batch.slot(b, k));
                    z += v * ws[r];
                    for (int c = 0; c < f; c++) {
                        double t = v * vs[r * f + c];
                        sums[at + c] += t;
                        squares += t * t;
                    }
                }
            }
            double sumSquared = 0;
            for (int c = 0; c < f; c++) {
                sumSquared += sums[at + c] * sums[at + c];
            }
            out[b] = z + 0.5 * (sumSquared - squares);
        }
    }

    @Override
    public void backward(TrainingBatch batch, double[] dOut, double[][] gradients) {
        int size = batch.size();
        int width = batch.width();
        int d = batch.denseWidth();
        int f = factors;
        boolean hasDense = dense != null;
        double[] gBias = gradients[0];
        double[] gDense = hasDense ? gradients[1] : null;
        double[] gSparse = gradients[hasDense ? 2 : 1];
        double[] gDenseFactors = hasDense ? gradients[3] : null;
        double[] gSparseFactors = gradients[hasDense ? 4 : 2];
        boolean dummy = batch.hasDummyRow();
        double[] vs = sparseFactors.weights;
        for (int b = 0; b < size; b++) {
            double dz = dOut[b];
            int at = b * f;
            gBias[0] += dz;
            for (int j = 0; j < d; j++) {
                double x = batch.dense(b, j);
                double g = dz * x;
                gDense[j] += g;
                double[] vd = denseFactors.weights;
                for (int c = 0; c < f; c++) {
                    gDenseFactors[j * f + c] += g * (sums[at + c] - vd[j * f + c] * x);
                }
            }
            if (dummy) {
                continue;
            }
            for (int k = 0; k < width; k++) {
                double v = batch.value(b, k);
                if (v == 0.0) {
                    continue;
                }
                int u = batch.slot(b, k);
                int r = batch.row(u);
                double g = dz * v;
                gSparse[u] += g;
                for (int c = 0; c < f; c++) {
                    gSparseFactors[u * f + c] += g * (sums[at + c] - vs[r * f + c] * v);
                }
            }
        }
    }
}
