package dev.tributary.trainer.learn;

import dev.tributary.core.config.AdaGradConfig;
import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.NormalizedConfig;
import dev.tributary.core.config.OptimizerConfig;
import dev.tributary.core.config.SgdConfig;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * Applies one step's gradients to a predictor's blocks, in Java. Each optimizer keeps {@link
 * #slotCount} state arrays per block beside the weights (see {@link Block#slot}) and possibly a few
 * global scalars ({@link #writeGlobals}). A sparse block is updated lazily: only the rows its batch
 * touches change, as in sparse AdaGrad, FTRL-Proximal and TensorFlow's LazyAdam.
 *
 * <p>The ONNX training graph applies the same update ({@code OptimizerGraph}); the equivalence
 * tests hold the two together. Not thread-safe.
 */
public abstract class Optimizer {

    /** The optimizer of a configuration. */
    public static Optimizer of(OptimizerConfig config) {
        if (config instanceof SgdConfig sgd) {
            return new Sgd(sgd);
        } else if (config instanceof AdaGradConfig adaGrad) {
            return new AdaGrad(adaGrad);
        } else if (config instanceof AdamConfig adam) {
            return new Adam(adam);
        } else if (config instanceof FtrlConfig ftrl) {
            return new Ftrl(ftrl);
        } else if (config instanceof NormalizedConfig normalized) {
            return new Normalized(normalized);
        }
        throw new IllegalArgumentException("unknown optimizer " + config);
    }

    /** State arrays per block. */
    public abstract int slotCount();

    /**
     * Applies the gradients of one step.
     *
     * @param gradients one per block, compact for sparse blocks (see {@link Predictor#backward})
     * @param step the number of steps taken before this one
     */
    public void step(Predictor predictor, TrainingBatch batch, double[][] gradients, long step) {
        beginStep(step);
        List<Block> blocks = predictor.blocks();
        for (int k = 0; k < blocks.size(); k++) {
            Block block = blocks.get(k);
            double[] g = gradients[k];
            int cols = block.cols();
            if (block.isSparse()) {
                if (batch.hasDummyRow()) {
                    continue;
                }
                for (int u = 0; u < batch.rowCount(); u++) {
                    int row = batch.row(u);
                    block.touch(row);
                    for (int c = 0; c < cols; c++) {
                        update(block, row * cols + c, g[u * cols + c]);
                    }
                }
            } else {
                for (int i = 0; i < block.weights.length; i++) {
                    update(block, i, g[i]);
                }
            }
        }
    }

    /**
     * Called before the forward pass of a step, for an optimizer that changes the weights the step
     * predicts with (the normalized update rescales them); a no-op for the others.
     */
    public void beforeForward(Predictor predictor, TrainingBatch batch) {}

    /** Called once before a step's updates. */
    void beginStep(long step) {}

    /** Applies gradient {@code g} to coordinate {@code i} of {@code block}. */
    abstract void update(Block block, int i, double g);

    /** Global scalar state, if any; the model serializes it with the blocks. */
    public void writeGlobals(DataOutput out) throws IOException {}

    public void readGlobals(DataInput in) throws IOException {}

    /** {@code w -= rate(t) g}; see {@link SgdConfig}. */
    static final class Sgd extends Optimizer {
        private final SgdConfig config;
        private double rate;

        Sgd(SgdConfig config) {
            this.config = config;
        }

        @Override
        public int slotCount() {
            return 0;
        }

        @Override
        void beginStep(long step) {
            rate = config.rate(step);
        }

        @Override
        void update(Block block, int i, double g) {
            block.weights[i] -= rate * g;
        }
    }

    /** {@code n += g^2; w -= rate g / (sqrt(n) + epsilon)}; see {@link AdaGradConfig}. */
    static final class AdaGrad extends Optimizer {
        private final double rate;
        private final double epsilon;

        AdaGrad(AdaGradConfig config) {
            this.rate = config.learningRate();
            this.epsilon = config.epsilon();
        }

        @Override
        public int slotCount() {
            return 1;
        }

        @Override
        void update(Block block, int i, double g) {
            double[] n = block.slots[0];
            n[i] += g * g;
            block.weights[i] -= rate * g / (Math.sqrt(n[i]) + epsilon);
        }
    }

    /**
     * Adam with bias correction; slots {@code m} and {@code v}. Step {@code t} (1-based) corrects
     * with {@code 1 - beta^t}; a sparse row not in a batch keeps its moments (lazy Adam).
     */
    static final class Adam extends Optimizer {
        private final AdamConfig config;
        private double correction1;
        private double correction2;

        Adam(AdamConfig config) {
            this.config = config;
        }

        @Override
        public int slotCount() {
            return 2;
        }

        @Override
        void beginStep(long step) {
            correction1 = 1 - Math.pow(config.beta1(), step + 1);
            correction2 = 1 - Math.pow(config.beta2(), step + 1);
        }

        @Override
        void update(Block block, int i, double g) {
            double[] m = block.slots[0];
            double[] v = block.slots[1];
            m[i] = config.beta1() * m[i] + (1 - config.beta1()) * g;
            v[i] = config.beta2() * v[i] + (1 - config.beta2()) * g * g;
            double mHat = m[i] / correction1;
            double vHat = v[i] / correction2;
            block.weights[i] -= config.learningRate() * mHat / (Math.sqrt(vHat) + config.epsilon());
        }
    }

    /**
     * FTRL-Proximal (McMahan et al., KDD 2013, Algorithm 1); slots {@code z} and {@code n}. The
     * weight is rewritten from them after each update; blocks that are not regularized (biases)
     * ignore {@code l1} and {@code l2}.
     */
    static final class Ftrl extends Optimizer {
        private final FtrlConfig config;

        Ftrl(FtrlConfig config) {
            this.config = config;
        }

        @Override
        public int slotCount() {
            return 2;
        }

        @Override
        void update(Block block, int i, double g) {
            double[] z = block.slots[0];
            double[] n = block.slots[1];
            double w = block.weights[i];
            double before = n[i];
            double after = before + g * g;
            double sigma = (Math.sqrt(after) - Math.sqrt(before)) / config.alpha();
            z[i] += g - sigma * w;
            n[i] = after;
            double l1 = block.isRegularized() ? config.l1() : 0.0;
            double l2 = block.isRegularized() ? config.l2() : 0.0;
            block.weights[i] = weight(z[i], n[i], l1, l2);
        }

        private double weight(double z, double n, double l1, double l2) {
            if (Math.abs(z) <= l1) {
                return 0.0;
            }
            double shrunk = z > 0 ? z - l1 : z + l1;
            return -shrunk / ((config.beta() + Math.sqrt(n)) / config.alpha() + l2);
        }
    }
}
