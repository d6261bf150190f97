package dev.tributary.trainer.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FactorizationMachineTest {

    @Test
    void blocksFollowTheGraphSpecificationInOrder() {
        FactorizationMachine fm = new FactorizationMachine(100, 3, 4, 0.01, 1L, 2);

        assertThat(fm.blocks())
                .extracting(Block::toString)
                .containsExactly(
                        "bias[1 x 1]",
                        "dense[3 x 1]",
                        "sparse[100 x 1, sparse]",
                        "denseFactors[3 x 4]",
                        "sparseFactors[100 x 4, sparse]");
        assertThat(fm.blocks())
                .extracting(Block::isRegularized)
                .containsExactly(false, true, true, true, true);
        assertThat(fm.blocks()).allSatisfy(block -> assertThat(block.slotCount()).isEqualTo(2));
        assertThat(fm.outputs()).isEqualTo(1);

        assertThat(new FactorizationMachine(100, 0, 4, 0.01, 1L, 0).blocks())
                .extracting(Block::name)
                .containsExactly("bias", "sparse", "sparseFactors");
    }

    @Test
    void factorsStartAtSeededGaussiansAndTheRestAtZero() {
        double scale = 0.3;
        FactorizationMachine fm = new FactorizationMachine(50, 2, 3, scale, 42L, 0);
        List<Block> blocks = fm.blocks();

        // The exact formulas the ONNX graph and restore rely on.
        for (int i = 0; i < 6; i++) {
            assertThat(blocks.get(3).weights()[i])
                    .isEqualTo(scale * InitialValues.gaussian(42L, 1, i));
        }
        for (int i = 0; i < 150; i++) {
            assertThat(blocks.get(4).weights()[i])
                    .isEqualTo(scale * InitialValues.gaussian(42L, 2, i));
        }
        for (int k = 0; k < 3; k++) {
            assertThat(blocks.get(k).weights()).containsOnly(0.0);
        }
        assertThat(standardDeviation(blocks.get(4).weights())).isCloseTo(scale, within(0.05));
    }

    @Test
    void initialWeightRecomputesEveryConstructedCoordinate() {
        FactorizationMachine fm = new FactorizationMachine(20, 2, 3, 0.5, 9L, 1);
        for (int k = 0; k < fm.blocks().size(); k++) {
            double[] weights = fm.blocks().get(k).weights();
            for (int i = 0; i < weights.length; i++) {
                assertThat(fm.initialWeight(k, i)).as("block %d [%d]", k, i).isEqualTo(weights[i]);
                assertThat(Predictors.initialWeight(fm, k, i)).isEqualTo(weights[i]);
            }
        }
    }

    @Test
    void theSeedAloneDeterminesTheInitialWeights() {
        List<Block> a = new FactorizationMachine(30, 2, 4, 0.1, 5L, 0).blocks();
        List<Block> b = new FactorizationMachine(30, 2, 4, 0.1, 5L, 0).blocks();
        List<Block> other = new FactorizationMachine(30, 2, 4, 0.1, 6L, 0).blocks();
        for (int k = 0; k < a.size(); k++) {
            assertThat(b.get(k).weights()).containsExactly(a.get(k).weights());
        }
        assertThat(other.get(3).weights()).isNotEqualTo(a.get(3).weights());
        assertThat(other.get(4).weights()).isNotEqualTo(a.get(4).weights());
    }

    @Test
    void forwardEqualsRendlesPairwiseDefinition() {
        int d = 2;
        int f = 3;
        FactorizationMachine fm = new FactorizationMachine(10, d, f, 0.1, 1L, 0);
        PredictorGradientTest.randomize(fm, 8);
        TrainingBatch batch =
                new TrainingBatch.Builder(d)
                        .start()
                        .add(
                                new int[] {4, 1, 4},
                                new double[] {0.5, 2.0, 1.5},
                                new double[] {0.3, -1.2},
                                1,
                                1)
                        .add(new int[] {6}, new double[] {-0.7}, new double[] {0.0, 2.0}, 0, 1)
                        .finish();
        double[] out = new double[2];
        fm.forward(batch, out);

        // y = w0 + sum_i w_i x_i + sum_{i < i'} <V_i, V_i'> x_i x_i' over all inputs, each sparse
        // entry an input of its own: index 4's two entries interact with each other too.
        List<Block> blocks = fm.blocks();
        assertThat(out[0])
                .isCloseTo(
                        pairwise(
                                blocks,
                                f,
                                new double[] {0.3, -1.2},
                                new int[] {4, 1, 4},
                                new double[] {0.5, 2.0, 1.5}),
                        within(1e-12));
        assertThat(out[1])
                .isCloseTo(
                        pairwise(
                                blocks,
                                f,
                                new double[] {0.0, 2.0},
                                new int[] {6},
                                new double[] {-0.7}),
                        within(1e-12));
    }

    /** Rendle's equation (1), summed pair by pair in {@code O(F n^2)}. */
    private static double pairwise(
            List<Block> blocks, int f, double[] dense, int[] rows, double[] values) {
        List<double[]> vectors = new ArrayList<>();
        List<Double> inputs = new ArrayList<>();
        double y = blocks.get(0).weights()[0];
        for (int j = 0; j < dense.length; j++) {
            y += blocks.get(1).weights()[j] * dense[j];
            vectors.add(row(blocks.get(3), j, f));
            inputs.add(dense[j]);
        }
        for (int k = 0; k < rows.length; k++) {
            y += blocks.get(2).weights()[rows[k]] * values[k];
            vectors.add(row(blocks.get(4), rows[k], f));
            inputs.add(values[k]);
        }
        for (int i = 0; i < vectors.size(); i++) {
            for (int i2 = i + 1; i2 < vectors.size(); i2++) {
                double dot = 0;
                for (int c = 0; c < f; c++) {
                    dot += vectors.get(i)[c] * vectors.get(i2)[c];
                }
                y += dot * inputs.get(i) * inputs.get(i2);
            }
        }
        return y;
    }

    private static double[] row(Block block, int row, int f) {
        double[] v = new double[f];
        System.arraycopy(block.weights(), row * f, v, 0, f);
        return v;
    }

    @Test
    void anExamplesOutputDoesNotDependOnItsBatchOrPadding() {
        FactorizationMachine fm = new FactorizationMachine(10, 1, 3, 0.1, 1L, 0);
        PredictorGradientTest.randomize(fm, 3);
        TrainingBatch.Builder builder = new TrainingBatch.Builder(1);
        double[] alone = new double[1];
        fm.forward(
                builder.start()
                        .add(new int[] {2}, new double[] {0.8}, new double[] {0.4}, 1, 1)
                        .finish(),
                alone);
        double[] padded = new double[2];
        fm.forward(
                builder.start()
                        .add(
                                new int[] {5, 2, 7, 9},
                                new double[] {1, 1, 1, 1},
                                new double[] {1},
                                0,
                                1)
                        .add(new int[] {2}, new double[] {0.8}, new double[] {0.4}, 1, 1)
                        .finish(),
                padded);

        assertThat(padded[1]).isEqualTo(alone[0]);
    }

    @Test
    void learnsAnInteractionThatALinearModelCannot() {
        // label = A xor B for two binary categorical features, one-hot in rows A and 2 + B: no
        // additive model beats predicting 1/2 (log loss ln 2); the pairwise term represents it.
        FactorizationMachine fm = new FactorizationMachine(64, 0, 4, 0.1, 11L, 2);
        LinearPredictor linear = new LinearPredictor(64, 0, 1, 2);
        Head head = new Head(PredictorGradientTest.shape(Objective.BINARY, 1));
        double fmLoss = trainOnXor(fm, head);
        double linearLoss = trainOnXor(linear, head);

        assertThat(linearLoss).isGreaterThan(Math.log(2) - 1e-3);
        assertThat(fmLoss).isLessThan(0.01);
    }

    /** Trains on a seeded XOR stream and returns the log loss on the four combinations. */
    static double trainOnXor(Predictor predictor, Head head) {
        AdamConfig adam = new AdamConfig(0.05, 0.9, 0.999, 1e-8);
        JavaBackend backend = new JavaBackend(predictor, head, Optimizer.of(adam));
        TrainingBatch.Builder builder = new TrainingBatch.Builder(0);
        Random random = new Random(1);
        for (int step = 0; step < 600; step++) {
            builder.start();
            for (int b = 0; b < 8; b++) {
                int x1 = random.nextInt(2);
                int x2 = random.nextInt(2);
                builder.add(new int[] {x1, 2 + x2}, new double[] {1, 1}, new double[0], x1 ^ x2, 1);
            }
            backend.step(builder.finish(), step);
        }
        builder.start();
        for (int x1 = 0; x1 < 2; x1++) {
            for (int x2 = 0; x2 < 2; x2++) {
                builder.add(new int[] {x1, 2 + x2}, new double[] {1, 1}, new double[0], x1 ^ x2, 1);
            }
        }
        return GradientCheck.loss(predictor, head, builder.finish());
    }

    @Test
    void rejectsABatchOfAnotherDenseWidth() {
        FactorizationMachine fm = new FactorizationMachine(10, 2, 3, 0.1, 1L, 0);
        TrainingBatch batch =
                new TrainingBatch.Builder(1)
                        .start()
                        .add(new int[] {1}, new double[] {1}, new double[] {1}, 1, 1)
                        .finish();
        assertThatThrownBy(() -> fm.forward(batch, new double[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 dense inputs");
    }

    static double standardDeviation(double[] values) {
        double sum = 0;
        double squares = 0;
        for (double v : values) {
            sum += v;
            squares += v * v;
        }
        double mean = sum / values.length;
        return Math.sqrt(squares / values.length - mean * mean);
    }
}
