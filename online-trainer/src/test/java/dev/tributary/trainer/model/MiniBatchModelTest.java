package dev.tributary.trainer.model;

import static dev.tributary.trainer.model.TestingModels.bytes;
import static dev.tributary.trainer.model.TestingModels.input;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.AdaGradConfig;
import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.BatchConfig;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.config.ModelShape;
import dev.tributary.core.config.NormalizedConfig;
import dev.tributary.core.config.Objective;
import dev.tributary.core.config.SgdConfig;
import dev.tributary.core.model.FeatureVector;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mini-batch models of every family: batching by count and by event-time latency, exact
 * continuation after a restore (pending examples included), frozen copies that predict bit for bit
 * as the live model, and learning that beats a constant.
 */
class MiniBatchModelTest {

    static final FeatureSpace SPACE = FeatureSpace.of(10, List.of("d0", "d1"));

    /** One configuration per family, each with another optimizer and batch size. */
    static Stream<ModelConfig> configs() {
        return Stream.of(
                config(ModelFamily.LOGISTIC, new AdamConfig(0.05, 0.9, 0.999, 1e-8), 16),
                config(ModelFamily.LOGISTIC, new FtrlConfig(0.1, 1, 0.5, 1), 8),
                config(ModelFamily.SOFTMAX, new AdaGradConfig(0.2, 1e-7), 8)
                        .withShape(
                                ModelShape.defaultsFor(ModelFamily.SOFTMAX)
                                        .withObjective(Objective.MULTICLASS, 3)),
                config(ModelFamily.LINEAR, new NormalizedConfig(0.5), 4),
                config(
                                ModelFamily.LINEAR,
                                new SgdConfig(0.05, SgdConfig.Schedule.INVERSE_SQRT, 100),
                                4)
                        .withShape(
                                ModelShape.defaultsFor(ModelFamily.LINEAR)
                                        .withObjective(Objective.HUBER, 1)),
                config(ModelFamily.FM, new AdamConfig(0.02, 0.9, 0.999, 1e-8), 32),
                config(ModelFamily.MLP, new AdamConfig(0.01, 0.9, 0.999, 1e-8), 64)
                        .withShape(
                                new ModelShape(
                                        Objective.MULTICLASS, 3, 1.0, 8, List.of(16, 8), 4, 0.05)));
    }

    static ModelConfig config(
            ModelFamily family, dev.tributary.core.config.OptimizerConfig optimizer, int batch) {
        return new ModelConfig(family.yamlName(), family, optimizer, 7L)
                .withBatch(new BatchConfig(batch, Duration.ofSeconds(30)));
    }

    /** An example of the stream; its label fits the objective. */
    record Example(FeatureVector x, double label, long eventTime) {}

    /**
     * A seeded stream: up to 4 hashed categories (with repeats) of 2^10, two dense inputs on
     * different scales; a hidden score sets a binary, a three-class or a real label.
     */
    static List<Example> stream(Objective objective, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Example> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = random.nextInt(5);
            int[] indices = new int[n];
            double[] values = new double[n];
            double score = 0;
            for (int k = 0; k < n; k++) {
                int category = random.nextInt(40);
                indices[k] = category * 17;
                values[k] = 1.0;
                score += (category % 7 - 3) * 0.3;
            }
            double d0 = random.nextGaussian() * 100 + 500;
            double d1 = random.nextDouble();
            score += (d0 - 500) / 100 + 2 * (d1 - 0.5);
            double label =
                    switch (objective) {
                        case BINARY -> random.nextDouble() < 1 / (1 + Math.exp(-score)) ? 1 : 0;
                        case MULTICLASS -> score < -0.5 ? 0 : score < 0.5 ? 1 : 2;
                        case SQUARED, HUBER -> score + 0.1 * random.nextGaussian();
                    };
            out.add(
                    new Example(
                            new FeatureVector(indices, values, new double[] {d0, d1}),
                            label,
                            1_000L * i));
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("configs")
    void aRestoredModelContinuesBitForBitPendingExamplesIncluded(ModelConfig config)
            throws IOException {
        List<Example> examples = stream(config.shape().objective(), 3_000, 3);
        MiniBatchModel original = new MiniBatchModel(config, SPACE);
        // 1,003 is no multiple of any batch size here: examples are pending at the snapshot.
        train(original, examples.subList(0, 1_003));
        assertThat(original.pendingExamples()).isPositive();

        OnlineModel restored = OnlineModels.read(config, SPACE, input(bytes(original)));
        assertThat(restored).isInstanceOf(MiniBatchModel.class);
        assertThat(bytes(restored)).isEqualTo(bytes(original));
        for (Example e : examples.subList(1_003, examples.size())) {
            assertThat(Double.doubleToRawLongBits(restored.predict(e.x())))
                    .isEqualTo(Double.doubleToRawLongBits(original.predict(e.x())));
            original.train(e.x(), e.label(), 1.0, e.eventTime());
            restored.train(e.x(), e.label(), 1.0, e.eventTime());
        }
        assertThat(bytes(restored)).isEqualTo(bytes(original));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void aFrozenModelPredictsBitForBitAsTheLiveOneAndSurvivesItsFormat(ModelConfig config)
            throws IOException {
        List<Example> examples = stream(config.shape().objective(), 1_500, 5);
        MiniBatchModel model = new MiniBatchModel(config, SPACE);
        train(model, examples.subList(0, 1_000));
        ServingModel frozen = model.freeze();
        ServingModel reread = OnlineModels.readServing(input(bytes(frozen)));
        int outputs = config.shape().outputs();
        for (Example e : examples.subList(1_000, 1_500)) {
            double[] live = new double[outputs];
            double[] served = new double[outputs];
            double[] afterRead = new double[outputs];
            model.predictAll(e.x(), live);
            ((NetworkServingModel) frozen).predictAll(e.x(), served);
            ((NetworkServingModel) reread).predictAll(e.x(), afterRead);
            assertThat(served).isEqualTo(live);
            assertThat(afterRead).isEqualTo(live);
        }
        // Training on does not move the frozen copy.
        double before = frozen.predict(examples.get(0).x());
        train(model, examples.subList(1_000, 1_500));
        assertThat(frozen.predict(examples.get(0).x())).isEqualTo(before);
        assertThat(bytes(reread)).isEqualTo(bytes(frozen));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void learnsBetterThanAConstant(ModelConfig config) {
        Objective objective = config.shape().objective();
        List<Example> examples = stream(objective, 12_000, 9);
        MiniBatchModel model = new MiniBatchModel(config, SPACE);
        train(model, examples.subList(0, 10_000));
        List<Example> test = examples.subList(10_000, 12_000);
        double mean = test.stream().mapToDouble(Example::label).average().orElseThrow();
        double modelLoss = 0;
        double constantLoss = 0;
        double[] prediction = new double[config.shape().outputs()];
        for (Example e : test) {
            model.predictAll(e.x(), prediction);
            switch (objective) {
                case BINARY -> {
                    modelLoss += logLoss(prediction[0], e.label());
                    constantLoss += logLoss(mean, e.label());
                }
                case MULTICLASS -> {
                    modelLoss += -Math.log(Math.max(prediction[(int) e.label()], 1e-15));
                    constantLoss += Math.log(3);
                }
                case SQUARED, HUBER -> {
                    modelLoss += Math.pow(prediction[0] - e.label(), 2);
                    constantLoss += Math.pow(mean - e.label(), 2);
                }
            }
        }
        assertThat(modelLoss).as(config.id()).isLessThan(0.8 * constantLoss);
    }

    @Test
    void aStepRunsWhenTheBatchIsFullOrSpansTheMaximumLatency() {
        ModelConfig config =
                config(ModelFamily.LOGISTIC, AdamConfig.DEFAULTS, 4)
                        .withBatch(new BatchConfig(4, Duration.ofSeconds(10)));
        MiniBatchModel model = new MiniBatchModel(config, SPACE);
        List<Example> examples = stream(Objective.BINARY, 10, 1);
        FeatureVector probe = examples.get(0).x();
        double untrained = model.predict(probe);
        for (int i = 0; i < 3; i++) {
            model.train(examples.get(i).x(), examples.get(i).label(), 1.0, 1_000L * i);
        }
        assertThat(model.steps()).isZero();
        assertThat(model.predict(probe)).isEqualTo(untrained);
        model.train(examples.get(3).x(), examples.get(3).label(), 1.0, 3_000);
        assertThat(model.steps()).isEqualTo(1);
        assertThat(model.examplesTrained()).isEqualTo(4);
        assertThat(model.predict(probe)).isNotEqualTo(untrained);

        // Two examples 9.999 s apart wait; the third, 10 s after the first, closes the batch.
        model.train(examples.get(4).x(), examples.get(4).label(), 1.0, 20_000);
        model.train(examples.get(5).x(), examples.get(5).label(), 1.0, 29_999);
        assertThat(model.steps()).isEqualTo(1);
        model.train(examples.get(6).x(), examples.get(6).label(), 1.0, 30_000);
        assertThat(model.steps()).isEqualTo(2);
        assertThat(model.pendingExamples()).isZero();
        assertThat(model.examplesTrained()).isEqualTo(7);
    }

    @Test
    void aRejectedExampleChangesNothing() {
        ModelConfig config =
                config(ModelFamily.SOFTMAX, AdaGradConfig.DEFAULTS, 2)
                        .withShape(
                                ModelShape.defaultsFor(ModelFamily.SOFTMAX)
                                        .withObjective(Objective.MULTICLASS, 3));
        MiniBatchModel model = new MiniBatchModel(config, SPACE);
        FeatureVector x = stream(Objective.MULTICLASS, 1, 1).get(0).x();
        byte[] before = bytes(model);
        assertThatThrownBy(() -> model.train(x, 3, 1.0, 0))
                .hasMessage("label must be a class index in 0..2, was 3.0");
        assertThatThrownBy(() -> model.train(x, 1.5, 1.0, 0))
                .hasMessage("label must be a class index in 0..2, was 1.5");
        assertThatThrownBy(
                        () ->
                                model.train(
                                        new FeatureVector(
                                                new int[] {1 << 10}, new double[] {1}, x.dense()),
                                        1,
                                        1.0,
                                        0))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(bytes(model)).isEqualTo(before);
    }

    @Test
    void stateWrittenForAnotherOptimizerIsRefusedWithTheReason() {
        ModelConfig adam = config(ModelFamily.FM, AdamConfig.DEFAULTS, 4);
        MiniBatchModel model = new MiniBatchModel(adam, SPACE);
        train(model, stream(Objective.BINARY, 20, 1));
        ModelConfig sgd = adam.withOptimizer(SgdConfig.DEFAULTS);
        assertThatThrownBy(() -> OnlineModels.read(sgd, SPACE, input(bytes(model))))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("does not fit the model's bias[1 x 1] with 0 slots");
    }

    @Test
    void stateSizeFollowsTheFeaturesSeenNotTheHashSpace() {
        FeatureSpace wide = FeatureSpace.of(20, List.of("d0", "d1"));
        MiniBatchModel model =
                new MiniBatchModel(config(ModelFamily.FM, AdamConfig.DEFAULTS, 8), wide);
        train(model, stream(Objective.BINARY, 1_000, 1));
        // 40 categories x (1 + 8 factors) x 3 (weights, m, v) doubles, not 2^20 rows.
        assertThat(bytes(model).length).isLessThan(20_000);
        assertThat(bytes(model.freeze()).length).isLessThan(10_000);
    }

    private static void train(OnlineModel model, List<Example> examples) {
        for (Example e : examples) {
            model.train(e.x(), e.label(), 1.0, e.eventTime());
        }
    }

    private static double logLoss(double p, double y) {
        double q = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
        return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
    }
}
