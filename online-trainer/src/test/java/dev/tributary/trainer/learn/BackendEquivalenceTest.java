package dev.tributary.trainer.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tributary.core.config.AdaGradConfig;
import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelShape;
import dev.tributary.core.config.NormalizedConfig;
import dev.tributary.core.config.Objective;
import dev.tributary.core.config.OptimizerConfig;
import dev.tributary.core.config.SgdConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OrtBackend} on ONNX Runtime's CPU execution provider against {@link JavaBackend}: for
 * every valid family and optimizer, two identical models train on the same seeded stream of {@value
 * #STEPS} mini-batches (sizes 1 to 64, sparse entries with repeats and varying lengths over a hash
 * space of 2^10, some batches without any sparse entry, three dense inputs of scales 1, 3 and 0.2),
 * and must end with the same weights, optimizer slots and touched rows, and predict the same on a
 * held-out batch.
 *
 * <p>The graph computes in float32 and the state is rounded to float on every step, so the two
 * agree to float precision, not bit for bit. The measure is {@code max |java - onnx| / (1 +
 * |java|)} over all coordinates. Measured on this stream (and, in brackets, the worst over four
 * other seeds): SGD, FTRL and the normalized update at most 6.7e-7 (6.9e-6), predictions 4.8e-7
 * (1.8e-6); AdaGrad and Adam 8.1e-5 (8.1e-5), predictions 1.1e-5 (1.1e-5). The bars stand 3 to 10
 * times above: {@value #STATE_TOLERANCE} and {@value #PREDICTION_TOLERANCE}, and for AdaGrad and
 * Adam {@value #ADAPTIVE_STATE_TOLERANCE} and {@value #ADAPTIVE_PREDICTION_TOLERANCE}. Those two
 * divide a gradient by its own running size plus a tiny epsilon (1e-7, 1e-8), which multiplies the
 * rounding error of a gradient near zero, say the cancelling sum in an MLP's embedding, by up to
 * {@code rate / epsilon}; with epsilon 1e-4 their worst case falls to 5e-6 like the others'. A
 * wrong formula (a missing term, an off-by-one bias correction, a row written to the wrong place)
 * shows up at 1e-3 or more.
 *
 * <p>One limit remains in principle: the normalized update's step does not depend on the gradient's
 * size, so a coordinate whose first gradient lies below float's range (a softmax probability under
 * 1e-45, after logits some 100 apart) would move in Java and not in float. Seeds 3 and 4 drove a
 * softmax model that far while the rescaling ran after the forward pass; with the rescaling ahead
 * of it, as NAG has it, they pass like this one.
 */
class BackendEquivalenceTest {

    static final int STEPS = 200;
    static final int SPARSE_ROWS = 1 << 10;
    static final double STATE_TOLERANCE = 2e-5;
    static final double PREDICTION_TOLERANCE = 1e-5;
    static final double ADAPTIVE_STATE_TOLERANCE = 5e-4;
    static final double ADAPTIVE_PREDICTION_TOLERANCE = 1e-4;
    private static final int[] BATCH_SIZES = {1, 7, 64, 13, 32};
    private static final double[] DENSE_SCALES = {1.0, 3.0, 0.2};

    /** One model to train: its family, shape and optimizer. */
    record Case(
            String family,
            Objective objective,
            int classes,
            List<Integer> hidden,
            int denseWidth,
            OptimizerConfig optimizer) {

        Predictor predictor(int slotCount) {
            return switch (family) {
                case "fm" ->
                        new FactorizationMachine(SPARSE_ROWS, denseWidth, 4, 0.1, 7, slotCount);
                case "mlp" ->
                        new Mlp(SPARSE_ROWS, denseWidth, 4, hidden, outputs(), 0.1, 7, slotCount);
                default -> new LinearPredictor(SPARSE_ROWS, denseWidth, outputs(), slotCount);
            };
        }

        int outputs() {
            return objective == Objective.MULTICLASS ? classes : 1;
        }

        Head head() {
            return new Head(new ModelShape(objective, classes, 1.0, 4, hidden, 4, 0.1));
        }

        @Override
        public String toString() {
            return family
                    + "/"
                    + objective.yamlName()
                    + (family.equals("mlp") ? "/" + hidden : "")
                    + "/d="
                    + denseWidth
                    + "/"
                    + optimizer.yamlName();
        }
    }

    static List<OptimizerConfig> generalOptimizers() {
        return List.of(
                new SgdConfig(0.05, SgdConfig.Schedule.INVERSE_SQRT, 50),
                new AdaGradConfig(0.1, 1e-7),
                new AdamConfig(0.01, 0.9, 0.999, 1e-8));
    }

    static List<OptimizerConfig> linearOptimizers() {
        List<OptimizerConfig> all = new ArrayList<>(generalOptimizers());
        all.add(new FtrlConfig(0.1, 1.0, 0.005, 0.01));
        all.add(new NormalizedConfig(0.5));
        return all;
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        List<Integer> oneLayer = List.of(8);
        for (OptimizerConfig optimizer : linearOptimizers()) {
            cases.add(new Case("logistic", Objective.BINARY, 1, oneLayer, 3, optimizer));
            cases.add(new Case("softmax", Objective.MULTICLASS, 3, oneLayer, 3, optimizer));
            cases.add(new Case("linear", Objective.SQUARED, 1, oneLayer, 3, optimizer));
            cases.add(new Case("linear", Objective.HUBER, 1, oneLayer, 3, optimizer));
        }
        cases.add(
                new Case(
                        "logistic",
                        Objective.BINARY,
                        1,
                        oneLayer,
                        0,
                        new AdaGradConfig(0.1, 1e-7)));
        cases.add(new Case("linear", Objective.SQUARED, 1, oneLayer, 0, new NormalizedConfig(0.5)));
        for (OptimizerConfig optimizer : generalOptimizers()) {
            cases.add(new Case("fm", Objective.BINARY, 1, oneLayer, 3, optimizer));
            for (List<Integer> hidden : List.of(List.of(8), List.of(8, 6))) {
                cases.add(new Case("mlp", Objective.BINARY, 1, hidden, 3, optimizer));
                cases.add(new Case("mlp", Objective.MULTICLASS, 3, hidden, 3, optimizer));
                cases.add(new Case("mlp", Objective.SQUARED, 1, hidden, 3, optimizer));
            }
        }
        cases.add(new Case("fm", Objective.BINARY, 1, oneLayer, 0, generalOptimizers().get(2)));
        cases.add(new Case("mlp", Objective.BINARY, 1, List.of(8), 0, generalOptimizers().get(1)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxOnTheCpuMatchesJava(Case c) {
        Head head = c.head();
        Optimizer javaOptimizer = Optimizer.of(c.optimizer());
        Optimizer onnxOptimizer = Optimizer.of(c.optimizer());
        Predictor javaModel = c.predictor(javaOptimizer.slotCount());
        Predictor onnxModel = c.predictor(onnxOptimizer.slotCount());
        BatchStream stream = new BatchStream(c, 42);
        try (JavaBackend java = new JavaBackend(javaModel, head, javaOptimizer);
                OrtBackend onnx =
                        new OrtBackend(
                                onnxModel, head, onnxOptimizer, c.optimizer(), false, 0, 1)) {
            assertThat(onnx.name()).isEqualTo("onnx-cpu");
            for (int step = 0; step < STEPS; step++) {
                TrainingBatch batch = stream.next(step);
                java.step(batch, step);
                onnx.step(batch, step);
            }
            double worstState = worstStateDifference(javaModel, onnxModel);
            double worstPrediction =
                    worstPredictionDifference(
                            javaModel, head, onnx, new BatchStream(c, 4242).next(2));
            System.out.printf(
                    "%-40s state %.1e  prediction %.1e%n", c, worstState, worstPrediction);
            boolean adaptive =
                    c.optimizer() instanceof AdaGradConfig || c.optimizer() instanceof AdamConfig;
            assertThat(worstState)
                    .as("weights and slots")
                    .isLessThanOrEqualTo(adaptive ? ADAPTIVE_STATE_TOLERANCE : STATE_TOLERANCE);
            assertThat(worstPrediction)
                    .as("predictions")
                    .isLessThanOrEqualTo(
                            adaptive ? ADAPTIVE_PREDICTION_TOLERANCE : PREDICTION_TOLERANCE);
        }
    }

    @Test
    void cudaWithoutTheGpuBuildOrDeviceSaysWhatItNeeds() {
        assumeFalse(OrtBackend.cudaAvailable(), "CUDA is available here");
        Case c = new Case("mlp", Objective.BINARY, 1, List.of(8), 3, generalOptimizers().get(0));
        Optimizer optimizer = Optimizer.of(c.optimizer());
        Predictor model = c.predictor(optimizer.slotCount());
        assertThatThrownBy(
                        () -> new OrtBackend(model, c.head(), optimizer, c.optimizer(), true, 0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CUDA 12")
                .hasMessageContaining("cuDNN 9");
    }

    @Test
    void rejectsAnOptimizerThatIsNotItsConfiguration() {
        Case c =
                new Case(
                        "logistic",
                        Objective.BINARY,
                        1,
                        List.of(8),
                        3,
                        new AdaGradConfig(0.1, 1e-7));
        Optimizer adam = Optimizer.of(new AdamConfig(0.01, 0.9, 0.999, 1e-8));
        Predictor model = c.predictor(adam.slotCount());
        assertThatThrownBy(() -> new OrtBackend(model, c.head(), adam, c.optimizer(), false, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * {@code max |a - b| / (1 + |a|)} over every weight and slot, after checking that both touched
     * the same sparse rows; also checks that the training moved the weights at all.
     */
    static double worstStateDifference(Predictor expected, Predictor actual) {
        double worst = 0;
        double moved = 0;
        List<Block> a = expected.blocks();
        List<Block> b = actual.blocks();
        for (int k = 0; k < a.size(); k++) {
            Block x = a.get(k);
            Block y = b.get(k);
            assertThat(y.storedRows()).as("stored rows of " + x).isEqualTo(x.storedRows());
            for (int row = x.nextStoredRow(0); row >= 0; row = x.nextStoredRow(row + 1)) {
                assertThat(y.isStored(row)).as("row " + row + " of " + x).isTrue();
            }
            for (int s = -1; s < x.slotCount(); s++) {
                double[] xs = s < 0 ? x.weights() : x.slot(s);
                double[] ys = s < 0 ? y.weights() : y.slot(s);
                for (int i = 0; i < xs.length; i++) {
                    worst = Math.max(worst, Math.abs(xs[i] - ys[i]) / (1 + Math.abs(xs[i])));
                    if (s < 0) {
                        moved = Math.max(moved, Math.abs(xs[i]));
                    }
                }
            }
        }
        assertThat(moved).as("largest weight after training").isGreaterThan(1e-3);
        return worst;
    }

    /**
     * {@code max |p - q| / (1 + |p|)} between Java's forward pass and head on the Java-trained
     * model and the ONNX graph's on the ONNX-trained one.
     */
    static double worstPredictionDifference(
            Predictor javaModel, Head head, OrtBackend onnx, TrainingBatch batch) {
        int n = batch.size() * javaModel.outputs();
        double[] z = new double[n];
        double[] expected = new double[n];
        javaModel.forward(batch, z);
        for (int b = 0; b < batch.size(); b++) {
            head.predict(z, b * javaModel.outputs(), expected);
        }
        double[] actual = new double[n];
        onnx.predict(batch, actual);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            worst =
                    Math.max(
                            worst, Math.abs(expected[i] - actual[i]) / (1 + Math.abs(expected[i])));
        }
        return worst;
    }

    /**
     * A seeded stream of mini-batches: sizes cycle through {@link #BATCH_SIZES}; each example has 0
     * to 8 sparse entries, half of them from 40 frequent coordinates (so rows repeat across and
     * within examples), with values 1 or uniform in [-2, 2]; every 25th batch has no sparse entry;
     * the dense inputs are Gaussian with scales {@link #DENSE_SCALES}; labels follow a fixed random
     * model plus noise; weights are uniform in [0.5, 2].
     */
    static final class BatchStream {
        private final Case c;
        private final Random random;
        private final TrainingBatch.Builder builder;
        private final double[] truth = new double[SPARSE_ROWS];

        BatchStream(Case c, long seed) {
            this.c = c;
            this.random = new Random(seed);
            this.builder = new TrainingBatch.Builder(c.denseWidth());
            Random model = new Random(1);
            for (int i = 0; i < truth.length; i++) {
                truth[i] = model.nextGaussian();
            }
        }

        TrainingBatch next(int step) {
            int size = BATCH_SIZES[step % BATCH_SIZES.length];
            boolean noSparse = step % 25 == 3;
            builder.start();
            for (int b = 0; b < size; b++) {
                int length = noSparse ? 0 : random.nextInt(9);
                int[] indices = new int[length];
                double[] values = new double[length];
                double score = 0;
                for (int k = 0; k < length; k++) {
                    indices[k] =
                            random.nextBoolean() ? random.nextInt(40) : random.nextInt(SPARSE_ROWS);
                    values[k] = random.nextInt(3) == 0 ? 4 * random.nextDouble() - 2 : 1.0;
                    score += truth[indices[k]] * values[k];
                }
                double[] dense = new double[c.denseWidth()];
                for (int j = 0; j < dense.length; j++) {
                    dense[j] = DENSE_SCALES[j] * random.nextGaussian();
                    score += 0.5 * dense[j] / DENSE_SCALES[j];
                }
                builder.add(indices, values, dense, label(score), 0.5 + 1.5 * random.nextDouble());
            }
            return builder.finish();
        }

        private double label(double score) {
            double noisy = 0.5 * score + 0.3 * random.nextGaussian();
            return switch (c.objective()) {
                case BINARY -> noisy > 0 ? 1.0 : 0.0;
                case MULTICLASS -> noisy < -0.5 ? 0 : noisy < 0.5 ? 1 : 2;
                case SQUARED, HUBER -> noisy;
            };
        }
    }
}
