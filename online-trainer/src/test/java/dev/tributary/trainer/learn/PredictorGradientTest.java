package dev.tributary.trainer.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.ModelShape;
import dev.tributary.core.config.Objective;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every predictor's backward pass against central finite differences of the batch loss through its
 * head, for every coordinate of every block, on batches with repeated indices, padding, an example
 * without sparse entries, a batch without any (the dummy row), and a batch larger than any before
 * (so that scratch space grows between calls).
 */
class PredictorGradientTest {

    private static final int SPARSE_ROWS = 16;

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("linear, binary", Objective.BINARY, 1, 3, () -> linear(3, 1)),
                arguments("softmax", Objective.MULTICLASS, 3, 3, () -> linear(3, 3)),
                arguments("fm, binary", Objective.BINARY, 1, 3, () -> fm(3)),
                arguments("fm, squared", Objective.SQUARED, 1, 3, () -> fm(3)),
                arguments("fm, huber", Objective.HUBER, 1, 3, () -> fm(3)),
                arguments("fm without dense inputs", Objective.BINARY, 1, 0, () -> fm(0)),
                arguments("mlp [5], binary", Objective.BINARY, 1, 3, () -> mlp(3, List.of(5), 1)),
                arguments("mlp [5], squared", Objective.SQUARED, 1, 3, () -> mlp(3, List.of(5), 1)),
                arguments("mlp [5], huber", Objective.HUBER, 1, 3, () -> mlp(3, List.of(5), 1)),
                arguments(
                        "mlp [5, 4], binary",
                        Objective.BINARY,
                        1,
                        3,
                        () -> mlp(3, List.of(5, 4), 1)),
                arguments(
                        "mlp [5, 4], huber", Objective.HUBER, 1, 3, () -> mlp(3, List.of(5, 4), 1)),
                arguments(
                        "mlp [5], multiclass",
                        Objective.MULTICLASS,
                        3,
                        3,
                        () -> mlp(3, List.of(5), 3)),
                arguments(
                        "mlp [4, 6], multiclass",
                        Objective.MULTICLASS,
                        3,
                        3,
                        () -> mlp(3, List.of(4, 6), 3)),
                arguments(
                        "mlp without dense inputs",
                        Objective.BINARY,
                        1,
                        0,
                        () -> mlp(0, List.of(4, 3), 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardMatchesFiniteDifferences(
            String name,
            Objective objective,
            int outputs,
            int denseWidth,
            Supplier<Predictor> factory) {
        Head head = new Head(shape(objective, outputs));
        Predictor predictor = factory.get();
        randomize(predictor, 17);
        TrainingBatch.Builder builder = new TrainingBatch.Builder(denseWidth);
        Random random = new Random(5);

        // One example, then a mixed batch, a batch without sparse entries, and a larger batch.
        int checked = 0;
        TrainingBatch single =
                builder.start()
                        .add(
                                new int[] {4, 9},
                                new double[] {0.7, -1.3},
                                dense(random, denseWidth),
                                label(objective, 0),
                                1.0)
                        .finish();
        checked += GradientCheck.check(predictor, head, single);

        TrainingBatch mixed = mixedBatch(builder, objective, denseWidth, random);
        assertThat(mixed.width()).isEqualTo(4);
        assertThat(mixed.rowCount()).isEqualTo(5);
        checked += GradientCheck.check(predictor, head, mixed);

        builder.start();
        for (int b = 0; b < 3; b++) {
            builder.add(
                    new int[0], new double[0], dense(random, denseWidth), label(objective, b), 1);
        }
        TrainingBatch dummy = builder.finish();
        assertThat(dummy.hasDummyRow()).isTrue();
        checked += GradientCheck.check(predictor, head, dummy);

        builder.start();
        for (int b = 0; b < 40; b++) {
            int length = random.nextInt(5);
            int[] indices = new int[length];
            double[] values = new double[length];
            for (int k = 0; k < length; k++) {
                indices[k] = random.nextInt(SPARSE_ROWS - 2);
                values[k] = random.nextGaussian();
            }
            builder.add(
                    indices,
                    values,
                    dense(random, denseWidth),
                    label(objective, b),
                    0.5 + random.nextDouble());
        }
        checked += GradientCheck.check(predictor, head, builder.finish());

        assertThat(checked).isGreaterThan(4 * predictor.blocks().size());
    }

    /**
     * Four examples: a repeated index (two entries on one row), one entry on the row that padding
     * points at, no entries at all, and four entries, so that the other three examples are padded.
     */
    private static TrainingBatch mixedBatch(
            TrainingBatch.Builder builder, Objective objective, int denseWidth, Random random) {
        return builder.start()
                .add(
                        new int[] {3, 7, 3},
                        new double[] {0.5, -1.2, 0.8},
                        dense(random, denseWidth),
                        label(objective, 0),
                        1.0)
                .add(
                        new int[] {3},
                        new double[] {1.5},
                        dense(random, denseWidth),
                        label(objective, 1),
                        0.5)
                .add(new int[0], new double[0], dense(random, denseWidth), label(objective, 2), 2.0)
                .add(
                        new int[] {7, 12, 0, 9},
                        new double[] {0.4, -0.9, 1.1, 2.0},
                        dense(random, denseWidth),
                        label(objective, 3),
                        1.0)
                .finish();
    }

    static ModelShape shape(Objective objective, int outputs) {
        return new ModelShape(
                objective,
                outputs,
                1.0,
                ModelShape.DEFAULT_FACTORS,
                ModelShape.DEFAULT_HIDDEN,
                ModelShape.DEFAULT_EMBEDDING_DIM,
                ModelShape.DEFAULT_INIT_SCALE);
    }

    /** Labels that put Huber examples on both sides of its threshold. */
    private static double label(Objective objective, int b) {
        switch (objective) {
            case BINARY:
                return new double[] {1.0, 0.0, 0.3, 1.0}[b % 4];
            case MULTICLASS:
                return b % 3;
            case SQUARED:
                return new double[] {0.5, -1.0, 2.0, 0.1}[b % 4];
            case HUBER:
                return new double[] {4.0, -0.2, 0.1, -3.5}[b % 4];
            default:
                throw new AssertionError(objective);
        }
    }

    private static double[] dense(Random random, int width) {
        double[] x = new double[width];
        for (int j = 0; j < width; j++) {
            x[j] = random.nextGaussian();
        }
        return x;
    }

    /** Moves every weight off its initial value, so that no term of the gradient hides at zero. */
    static void randomize(Predictor predictor, long seed) {
        Random random = new Random(seed);
        for (Block block : predictor.blocks()) {
            for (int i = 0; i < block.weights.length; i++) {
                block.weights[i] = random.nextDouble() * 1.2 - 0.6;
            }
        }
    }

    private static Predictor linear(int denseWidth, int outputs) {
        return new LinearPredictor(SPARSE_ROWS, denseWidth, outputs, 0);
    }

    private static Predictor fm(int denseWidth) {
        return new FactorizationMachine(SPARSE_ROWS, denseWidth, 4, 0.1, 3L, 0);
    }

    private static Predictor mlp(int denseWidth, List<Integer> hidden, int outputs) {
        return new Mlp(SPARSE_ROWS, denseWidth, 3, hidden, outputs, 0.1, 3L, 0);
    }

    private static Arguments arguments(
            String name,
            Objective objective,
            int outputs,
            int denseWidth,
            Supplier<Predictor> factory) {
        return Arguments.of(name, objective, outputs, denseWidth, factory);
    }
}
