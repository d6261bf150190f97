package dev.tributary.trainer.learn;

import dev.tributary.core.config.NormalizedConfig;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Vowpal Wabbit's normalized adaptive update: NAG of Ross, Mineiro and Langford, "Normalized Online
 * Learning" (UAI 2013, Algorithm 2), for the {@link LinearPredictor}. Slots: {@code s}, the largest
 * absolute input a coordinate has seen, and {@code G}, its sum of squared gradients; globals:
 * {@code N}, the sum over examples of {@code sum_i (x_i / s_i)^2}, and {@code t}, the examples
 * seen.
 *
 * <p>A step over a batch of {@code B} examples, which for {@code B = 1} is exactly NAG:
 *
 * <pre>
 *   for each coordinate i in the batch, with m = max_b |x[b, i]|:
 *       if m &gt; s_i:  w_i *= (s_i / m)^2  (when s_i &gt; 0);  s_i = m
 *   N += sum_b sum_i (x[b, i] / s_i)^2     (over inputs with s_i &gt; 0; the bias input is 1)
 *   t += B
 *   for each coordinate i in the batch:
 *       G_i += g_i^2;  w_i -= rate * sqrt(t / N) * g_i / (s_i * sqrt(G_i))   (when s_i, G_i &gt; 0)
 * </pre>
 *
 * The input of a bias is 1, of a dense weight its standardized input, of a sparse weight its
 * feature's value; all the outputs of one input share its scale.
 */
final class Normalized extends Optimizer {

    private final double rate;
    private double squaredNorms;
    private double examples;

    Normalized(NormalizedConfig config) {
        this.rate = config.learningRate();
    }

    @Override
    public int slotCount() {
        return 2;
    }

    /**
     * Step 1, before the forward pass as in NAG, which rescales before it predicts: rescales each
     * coordinate whose input grew, so that the prediction and the gradient already see the weights
     * of the new scale.
     */
    @Override
    public void beforeForward(Predictor predictor, TrainingBatch batch) {
        LinearPredictor linear = linear(predictor);
        int size = batch.size();
        int d = batch.denseWidth();
        rescale(linear.bias(), 0, 1.0);
        if (linear.dense() != null) {
            for (int j = 0; j < d; j++) {
                double m = 0;
                for (int b = 0; b < size; b++) {
                    m = Math.max(m, Math.abs(batch.dense(b, j)));
                }
                rescale(linear.dense(), j, m);
            }
        }
        if (!batch.hasDummyRow()) {
            for (int u = 0; u < batch.rowCount(); u++) {
                rescale(linear.sparse(), batch.row(u), batch.rowScale(u));
            }
        }
    }

    private static LinearPredictor linear(Predictor predictor) {
        if (!(predictor instanceof LinearPredictor linear)) {
            throw new IllegalStateException("the normalized update trains linear models only");
        }
        return linear;
    }

    /**
     * {@code sum_b sum_i (x[b, i] / s_i)^2} of a batch, with the scales {@link #beforeForward} set
     * (the bias input counts 1 per example).
     */
    double batchSquaredNorms(LinearPredictor linear, TrainingBatch batch) {
        int size = batch.size();
        int d = batch.denseWidth();
        int cols = linear.outputs();
        boolean dummy = batch.hasDummyRow();
        double total = 0;
        for (int b = 0; b < size; b++) {
            double norm = 1.0;
            if (linear.dense() != null) {
                double[] s = linear.dense().slots[0];
                for (int j = 0; j < d; j++) {
                    double scale = s[j * cols];
                    if (scale > 0) {
                        double r = batch.dense(b, j) / scale;
                        norm += r * r;
                    }
                }
            }
            if (!dummy) {
                double[] s = linear.sparse().slots[0];
                for (int k = 0; k < batch.width(); k++) {
                    double value = batch.value(b, k);
                    double scale = s[batch.row(batch.slot(b, k)) * cols];
                    if (value != 0 && scale > 0) {
                        double r = value / scale;
                        norm += r * r;
                    }
                }
            }
            total += norm;
        }
        return total;
    }

    /** Steps 2 and 3, after {@link #beforeForward} and the backward pass. */
    @Override
    public void step(Predictor predictor, TrainingBatch batch, double[][] gradients, long step) {
        // 2. The normalized squared norms of the batch's inputs.
        squaredNorms += batchSquaredNorms(linear(predictor), batch);
        examples += batch.size();
        // 3. The adaptive, normalized steps.
        super.step(predictor, batch, gradients, step);
    }

    private static void rescale(Block block, int row, double m) {
        int cols = block.cols();
        double[] s = block.slots[0];
        for (int c = 0; c < cols; c++) {
            int i = row * cols + c;
            if (m > s[i]) {
                if (s[i] > 0) {
                    double ratio = s[i] / m;
                    block.weights[i] *= ratio * ratio;
                }
                s[i] = m;
            }
        }
    }

    @Override
    void update(Block block, int i, double g) {
        double[] s = block.slots[0];
        double[] sumSquares = block.slots[1];
        sumSquares[i] += g * g;
        if (s[i] > 0 && sumSquares[i] > 0) {
            double scaled = rate * Math.sqrt(examples / squaredNorms);
            block.weights[i] -= scaled * g / (s[i] * Math.sqrt(sumSquares[i]));
        }
    }

    /** The global {@code N}, for {@link OrtBackend}, which applies this update in its graph. */
    double squaredNorms() {
        return squaredNorms;
    }

    /** The global {@code t}, for {@link OrtBackend}. */
    double examples() {
        return examples;
    }

    /**
     * Advances the globals by one batch, as {@link #step} does, for {@link OrtBackend}: {@code N +=
     * squaredNorms}, {@code t += size}.
     */
    void addBatch(double squaredNorms, int size) {
        this.squaredNorms += squaredNorms;
        this.examples += size;
    }

    @Override
    public void writeGlobals(DataOutput out) throws IOException {
        out.writeDouble(squaredNorms);
        out.writeDouble(examples);
    }

    @Override
    public void readGlobals(DataInput in) throws IOException {
        squaredNorms = in.readDouble();
        examples = in.readDouble();
    }
}
