package dev.tributary.trainer.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.Objective;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MlpTest {

    @Test
    void blocksFollowTheGraphSpecificationInOrder() {
        Mlp one = new Mlp(100, 3, 4, List.of(8), 1, 0.01, 1L, 2);
        assertThat(one.blocks())
                .extracting(Block::toString)
                .containsExactly(
                        "embedding[100 x 4, sparse]",
                        "w1[7 x 8]",
                        "b1[1 x 8]",
                        "wo[8 x 1]",
                        "bo[1 x 1]");
        assertThat(one.blocks())
                .extracting(Block::isRegularized)
                .containsExactly(true, true, false, true, false);
        assertThat(one.hiddenLayers()).isEqualTo(1);

        Mlp two = new Mlp(100, 0, 4, List.of(8, 5), 3, 0.01, 1L, 0);
        assertThat(two.blocks())
                .extracting(Block::toString)
                .containsExactly(
                        "embedding[100 x 4, sparse]",
                        "w1[4 x 8]",
                        "b1[1 x 8]",
                        "w2[8 x 5]",
                        "b2[1 x 5]",
                        "wo[5 x 3]",
                        "bo[1 x 3]");
        assertThat(two.blocks())
                .extracting(Block::isRegularized)
                .containsExactly(true, true, false, true, false, true, false);
        assertThat(two.outputs()).isEqualTo(3);
    }

    @Test
    void weightsStartAtSeededScaledGaussiansAndBiasesAtZero() {
        long seed = 42L;
        Mlp mlp = new Mlp(50, 40, 8, List.of(64, 32), 3, 0.2, seed, 0);
        List<Block> blocks = mlp.blocks();
        double[] scales = {
            0.2, Math.sqrt(2.0 / 48), 0, Math.sqrt(2.0 / 64), 0, Math.sqrt(1.0 / 32), 0
        };
        int[] streams = {1, 2, 0, 3, 0, 4, 0};
        for (int k = 0; k < blocks.size(); k++) {
            double[] w = blocks.get(k).weights();
            if (scales[k] == 0) {
                assertThat(w).as(blocks.get(k).name()).containsOnly(0.0);
                continue;
            }
            for (int i = 0; i < w.length; i++) {
                assertThat(w[i]).isEqualTo(scales[k] * InitialValues.gaussian(seed, streams[k], i));
            }
            assertThat(FactorizationMachineTest.standardDeviation(w))
                    .as(blocks.get(k).name())
                    .isCloseTo(scales[k], within(0.15 * scales[k]));
        }
    }

    @Test
    void initialWeightRecomputesEveryConstructedCoordinate() {
        for (List<Integer> hidden : List.of(List.of(4), List.of(4, 3))) {
            Mlp mlp = new Mlp(12, 2, 3, hidden, 2, 0.5, 9L, 1);
            for (int k = 0; k < mlp.blocks().size(); k++) {
                double[] weights = mlp.blocks().get(k).weights();
                for (int i = 0; i < weights.length; i++) {
                    assertThat(mlp.initialWeight(k, i))
                            .as("block %d [%d]", k, i)
                            .isEqualTo(weights[i]);
                    assertThat(Predictors.initialWeight(mlp, k, i)).isEqualTo(weights[i]);
                }
            }
        }
    }

    @Test
    void theSeedAloneDeterminesTheInitialWeights() {
        List<Block> a = new Mlp(30, 2, 3, List.of(5, 4), 1, 0.1, 5L, 0).blocks();
        List<Block> b = new Mlp(30, 2, 3, List.of(5, 4), 1, 0.1, 5L, 0).blocks();
        List<Block> other = new Mlp(30, 2, 3, List.of(5, 4), 1, 0.1, 6L, 0).blocks();
        for (int k = 0; k < a.size(); k++) {
            assertThat(b.get(k).weights()).containsExactly(a.get(k).weights());
        }
        for (int k : new int[] {0, 1, 3, 5}) {
            assertThat(other.get(k).weights()).isNotEqualTo(a.get(k).weights());
        }
    }

    @Test
    void forwardComputesTheLayersByHand() {
        // D = 1, E = 1, H1 = 2, C = 1; one example with dense 2 and entries (row 3, 0.5), (row 1,
        // 2).
        Mlp mlp = new Mlp(5, 1, 1, List.of(2), 1, 0.1, 1L, 0);
        List<Block> blocks = mlp.blocks();
        set(blocks.get(0), 0, 10, 0, 4, 0); // embedding [5 x 1]: row 1 = 10, row 3 = 4
        set(blocks.get(1), 0.5, -1, 0.1, 0.2); // w1 [2 x 2]
        set(blocks.get(2), 0, -5); // b1
        set(blocks.get(3), 3, 7); // wo [2 x 1]
        set(blocks.get(4), 0.25); // bo
        TrainingBatch batch =
                new TrainingBatch.Builder(1)
                        .start()
                        .add(new int[] {3, 1}, new double[] {0.5, 2}, new double[] {2}, 0, 1)
                        .finish();
        double[] out = new double[1];
        mlp.forward(batch, out);

        // e = 0.5 * 4 + 2 * 10 = 22; a = (2, 22)
        // h1 = relu(2 * 0.5 + 22 * 0.1 + 0, 2 * -1 + 22 * 0.2 - 5) = relu(3.2, -2.6) = (3.2, 0)
        // z = 3.2 * 3 + 0 * 7 + 0.25
        assertThat(out[0]).isCloseTo(9.85, within(1e-12));
    }

    private static void set(Block block, double... values) {
        System.arraycopy(values, 0, block.weights(), 0, values.length);
    }

    @Test
    void learnsAProductOfDenseInputsFarBetterThanALinearModel() {
        // y = x0 * x1 on [-1, 1]^2 is uncorrelated with x0 and x1: the best linear fit predicts 0,
        // with a mean squared error of E[x0^2] E[x1^2] = 1/9.
        Head head = new Head(PredictorGradientTest.shape(Objective.SQUARED, 1));
        Mlp mlp = new Mlp(8, 2, 2, List.of(16), 1, 0.01, 3L, 2);
        double mlpError = trainOnDense(mlp, head, 0);
        double linearError = trainOnDense(new LinearPredictor(8, 2, 1, 2), head, 0);

        assertThat(linearError).isGreaterThan(0.1);
        assertThat(mlpError).isLessThan(0.005);
    }

    @Test
    void twoHiddenLayersLearnADiscFarBetterThanALinearModel() {
        // label = [x0^2 + x1^2 < 0.5]: a linear boundary cannot separate the disc.
        Head head = new Head(PredictorGradientTest.shape(Objective.BINARY, 1));
        Mlp mlp = new Mlp(8, 2, 2, List.of(16, 8), 1, 0.01, 3L, 2);
        double mlpLoss = trainOnDense(mlp, head, 1);
        double linearLoss = trainOnDense(new LinearPredictor(8, 2, 1, 2), head, 1);

        assertThat(linearLoss).isGreaterThan(0.6);
        assertThat(mlpLoss).isLessThan(0.15);
    }

    @Test
    void multiclassOutputsLearnRings() {
        // class = the ring x falls in: r^2 < 0.3, < 0.9, or beyond.
        Head head = new Head(PredictorGradientTest.shape(Objective.MULTICLASS, 3));
        Mlp mlp = new Mlp(8, 2, 2, List.of(24, 12), 3, 0.01, 3L, 2);
        double mlpLoss = trainOnDense(mlp, head, 2);
        double linearLoss = trainOnDense(new LinearPredictor(8, 2, 3, 2), head, 2);

        assertThat(linearLoss).isGreaterThan(0.9);
        assertThat(mlpLoss).isLessThan(0.3);
    }

    /**
     * Trains with Adam on a seeded stream of points of [-1, 1]^2 without sparse entries, and
     * returns the loss on held-out points: the mean squared error for task 0 (product), the log
     * loss for 1 (disc) and 2 (rings).
     */
    private static double trainOnDense(Predictor predictor, Head head, int task) {
        AdamConfig adam = new AdamConfig(0.01, 0.9, 0.999, 1e-8);
        JavaBackend backend = new JavaBackend(predictor, head, Optimizer.of(adam));
        TrainingBatch.Builder builder = new TrainingBatch.Builder(2);
        Random random = new Random(7);
        for (int step = 0; step < 1500; step++) {
            builder.start();
            for (int b = 0; b < 16; b++) {
                addPoint(builder, random, task);
            }
            backend.step(builder.finish(), step);
        }
        builder.start();
        for (int b = 0; b < 1000; b++) {
            addPoint(builder, random, task);
        }
        double loss = GradientCheck.loss(predictor, head, builder.finish());
        return task == 0 ? 2 * loss : loss;
    }

    private static void addPoint(TrainingBatch.Builder builder, Random random, int task) {
        double x0 = 2 * random.nextDouble() - 1;
        double x1 = 2 * random.nextDouble() - 1;
        double r2 = x0 * x0 + x1 * x1;
        double label;
        if (task == 0) {
            label = x0 * x1;
        } else if (task == 1) {
            label = r2 < 0.5 ? 1 : 0;
        } else {
            label = r2 < 0.3 ? 0 : r2 < 0.9 ? 1 : 2;
        }
        builder.add(new int[0], new double[0], new double[] {x0, x1}, label, 1);
    }

    @Test
    void learnsAnInteractionOfCategoricalFeaturesThroughTheEmbeddings() {
        Head head = new Head(PredictorGradientTest.shape(Objective.BINARY, 1));
        Mlp mlp = new Mlp(64, 0, 4, List.of(8), 1, 0.1, 11L, 2);
        double mlpLoss = FactorizationMachineTest.trainOnXor(mlp, head);
        double linearLoss =
                FactorizationMachineTest.trainOnXor(new LinearPredictor(64, 0, 1, 2), head);

        assertThat(linearLoss).isGreaterThan(Math.log(2) - 1e-3);
        assertThat(mlpLoss).isLessThan(0.05);
    }
}
