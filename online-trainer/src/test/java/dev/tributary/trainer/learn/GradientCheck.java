package dev.tributary.trainer.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks a predictor's {@link Predictor#backward} against central finite differences of the batch
 * loss, computed here independently of {@link Head#gradient} from the loss definitions of {@link
 * Head}'s Javadoc.
 */
final class GradientCheck {

    /** The finite-difference step: small enough to stay clear of ReLU and Huber kinks. */
    private static final double STEP = 1e-6;

    /** Relative tolerance, with an absolute floor for gradients near zero. */
    private static final double RELATIVE = 1e-6;

    private static final double ABSOLUTE = 1e-9;

    private GradientCheck() {}

    /** The batch loss {@code sum_b weight_b L_b / size} of raw outputs {@code z}. */
    static double loss(Head head, TrainingBatch batch, double[] z) {
        int n = head.outputs();
        double total = 0;
        for (int b = 0; b < batch.size(); b++) {
            double y = batch.label(b);
            int at = b * n;
            double l =
                    switch (head.objective()) {
                        case BINARY -> {
                            double c = Math.min(Math.max(z[at], -Head.MAX_LOGIT), Head.MAX_LOGIT);
                            // -y log p - (1 - y) log(1 - p) = softplus(c) - y c
                            yield Math.max(c, 0) + Math.log1p(Math.exp(-Math.abs(c))) - y * c;
                        }
                        case MULTICLASS -> {
                            double max = Double.NEGATIVE_INFINITY;
                            for (int c = 0; c < n; c++) {
                                max = Math.max(max, z[at + c]);
                            }
                            double sum = 0;
                            for (int c = 0; c < n; c++) {
                                sum += Math.exp(z[at + c] - max);
                            }
                            yield max + Math.log(sum) - z[at + (int) y];
                        }
                        case SQUARED -> 0.5 * (z[at] - y) * (z[at] - y);
                        case HUBER -> {
                            double r = Math.abs(z[at] - y);
                            double delta = head.huberDelta();
                            yield r <= delta ? 0.5 * r * r : delta * (r - 0.5 * delta);
                        }
                    };
            total += batch.weight(b) * l;
        }
        return total / batch.size();
    }

    static double loss(Predictor predictor, Head head, TrainingBatch batch) {
        double[] z = new double[batch.size() * predictor.outputs()];
        predictor.forward(batch, z);
        return loss(head, batch, z);
    }

    /** The analytic gradients of the batch loss, laid out as {@link JavaBackend} lays them out. */
    static double[][] gradients(Predictor predictor, Head head, TrainingBatch batch) {
        int n = batch.size() * predictor.outputs();
        double[] z = new double[n];
        double[] dz = new double[n];
        predictor.forward(batch, z);
        head.gradient(batch, z, dz);
        List<Block> blocks = predictor.blocks();
        double[][] gradients = new double[blocks.size()][];
        for (int k = 0; k < blocks.size(); k++) {
            Block block = blocks.get(k);
            gradients[k] =
                    new double
                            [block.isSparse()
                                    ? batch.rowCount() * block.cols()
                                    : block.weights.length];
        }
        predictor.backward(batch, dz, gradients);
        return gradients;
    }

    /**
     * Asserts that every gradient coordinate matches the finite difference: all of a dense block,
     * every compact row of a sparse block, and (a finite difference of exactly zero) one row of
     * each sparse block that the batch does not touch.
     *
     * @return the coordinates checked
     */
    static int check(Predictor predictor, Head head, TrainingBatch batch) {
        double[][] gradients = gradients(predictor, head, batch);
        List<Block> blocks = predictor.blocks();
        int checked = 0;
        for (int k = 0; k < blocks.size(); k++) {
            Block block = blocks.get(k);
            int cols = block.cols();
            List<int[]> coordinates = new ArrayList<>(); // {weight index, gradient index or -1}
            if (block.isSparse()) {
                if (!batch.hasDummyRow()) {
                    for (int u = 0; u < batch.rowCount(); u++) {
                        for (int c = 0; c < cols; c++) {
                            coordinates.add(new int[] {batch.row(u) * cols + c, u * cols + c});
                        }
                    }
                }
                int untouched = untouchedRow(batch, block.rows());
                for (int c = 0; c < cols; c++) {
                    coordinates.add(new int[] {untouched * cols + c, -1});
                }
            } else {
                for (int i = 0; i < block.weights.length; i++) {
                    coordinates.add(new int[] {i, i});
                }
            }
            for (int[] coordinate : coordinates) {
                double analytic = coordinate[1] < 0 ? 0.0 : gradients[k][coordinate[1]];
                double numeric = numeric(predictor, head, batch, block, coordinate[0]);
                assertThat(Math.abs(analytic - numeric))
                        .as(
                                "%s[%d]: analytic %s, numeric %s",
                                block.name(), coordinate[0], analytic, numeric)
                        .isLessThanOrEqualTo(
                                RELATIVE * Math.max(Math.abs(analytic), Math.abs(numeric))
                                        + ABSOLUTE);
                checked++;
            }
        }
        return checked;
    }

    private static double numeric(
            Predictor predictor, Head head, TrainingBatch batch, Block block, int i) {
        double w = block.weights[i];
        block.weights[i] = w + STEP;
        double plus = loss(predictor, head, batch);
        block.weights[i] = w - STEP;
        double minus = loss(predictor, head, batch);
        block.weights[i] = w;
        return (plus - minus) / (2 * STEP);
    }

    private static int untouchedRow(TrainingBatch batch, int rows) {
        for (int row = rows - 1; row >= 0; row--) {
            boolean touched = false;
            for (int u = 0; u < batch.rowCount(); u++) {
                touched |= batch.row(u) == row;
            }
            if (!touched) {
                return row;
            }
        }
        throw new IllegalArgumentException("the batch touches every row");
    }
}
