package dev.tributary.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtException;
import dev.tributary.core.config.Clipping;
import dev.tributary.core.config.DenseInput;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.Imputation;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.InputStatistics;
import dev.tributary.trainer.onnx.OnnxScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Dense inputs whose imputation and clip bounds the model learns from the stream: they are model
 * state like the weights, frozen into each version and reproduced by its ONNX graph.
 */
class LearnedInputsTest {

    private static final FtrlConfig FTRL = new FtrlConfig(0.1, 1.0, 0.0, 1.0);

    /** amount: median-imputed, clipped to its 5% and 95% quantiles; score: mean-imputed, raw. */
    private static final FeatureSpace SPACE =
            new FeatureSpace(
                    8,
                    List.of(
                            new DenseInput(
                                    "amount",
                                    new Imputation(Imputation.Kind.MEDIAN, 0),
                                    new Clipping(Clipping.Kind.QUANTILES, 0.05, 0.95),
                                    true),
                            new DenseInput(
                                    "score",
                                    new Imputation(Imputation.Kind.MEAN, 0),
                                    Clipping.NONE,
                                    false),
                            DenseInput.standardized("plain")),
                    "");

    private static LogisticRegression model() {
        return new LogisticRegression(TestingModels.logistic(FTRL), SPACE);
    }

    /** Heavy-tailed amounts, 20% missing; a score around 3, 10% missing; a plain feature. */
    private static List<FeatureVector> stream(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        List<FeatureVector> vectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double amount = random.nextInt(5) == 0 ? Double.NaN : Math.exp(random.nextDouble(0, 8));
            double score = random.nextInt(10) == 0 ? Double.NaN : 3 + random.nextDouble(-1, 1);
            vectors.add(
                    new FeatureVector(
                            new int[] {random.nextInt(256)},
                            new double[] {1.0},
                            new double[] {amount, score, random.nextDouble()}));
        }
        return vectors;
    }

    private static void train(LogisticRegression model, List<FeatureVector> stream) {
        for (int i = 0; i < stream.size(); i++) {
            model.train(stream.get(i), i % 3 == 0 ? 1.0 : 0.0, 1.0);
        }
    }

    @Test
    void theModelLearnsTheMedianTheMeanAndTheQuantileBounds() {
        LogisticRegression model = model();
        List<FeatureVector> stream = stream(1L, 20_000);
        train(model, stream);

        InputStatistics stats = model.freeze().inputStatistics();
        // exp(U(0, 8)): median e^4, 5% and 95% quantiles e^0.4 and e^7.6.
        assertThat(stats.impute()[0]).isCloseTo(Math.exp(4), within(Math.exp(4) * 0.05));
        assertThat(stats.lower()[0]).isCloseTo(Math.exp(0.4), within(Math.exp(0.4) * 0.05));
        assertThat(stats.upper()[0]).isCloseTo(Math.exp(7.6), within(Math.exp(7.6) * 0.05));
        assertThat(stats.impute()[1]).isCloseTo(3.0, within(0.02));
        assertThat(stats.lower()[1]).isEqualTo(Double.NEGATIVE_INFINITY);
        // score is not standardized; plain is, and imputes nothing.
        assertThat(stats.mean()[1]).isZero();
        assertThat(stats.invStd()[1]).isEqualTo(1.0);
        assertThat(stats.mean()[2]).isCloseTo(0.5, within(0.02));
        assertThat(stats.impute()[2]).isNaN();
    }

    @Test
    void aMissingValueScoresAsItsImputedValueAndOutliersAsTheBound() {
        LogisticRegression model = model();
        train(model, stream(2L, 5_000));
        LinearServingModel frozen = model.freeze();
        InputStatistics stats = frozen.inputStatistics();
        int[] none = new int[0];

        double missing =
                frozen.predict(
                        new FeatureVector(
                                none, new double[0], new double[] {Double.NaN, Double.NaN, 0.5}));
        double imputed =
                frozen.predict(
                        new FeatureVector(
                                none,
                                new double[0],
                                new double[] {stats.impute()[0], stats.impute()[1], 0.5}));
        assertThat(missing).isEqualTo(imputed);
        double huge =
                frozen.predict(new FeatureVector(none, new double[0], new double[] {1e30, 3, 0.5}));
        double atBound =
                frozen.predict(
                        new FeatureVector(
                                none, new double[0], new double[] {stats.upper()[0], 3, 0.5}));
        assertThat(huge).isEqualTo(atBound);
    }

    @Test
    void onlyAnImputedFeatureMayArriveMissing() {
        LogisticRegression model = model();
        FeatureVector plainMissing =
                new FeatureVector(new int[0], new double[0], new double[] {1, 1, Double.NaN});

        assertThatThrownBy(() -> model.train(plainMissing, 1.0, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dense feature plain is not finite");
    }

    @Test
    void theFrozenModelAndItsOnnxGraphPredictLikeTheLiveModel() throws OrtException {
        LogisticRegression model = model();
        train(model, stream(3L, 5_000));
        LinearServingModel frozen = model.freeze();
        List<FeatureVector> probe = stream(4L, 500);
        probe.add(new FeatureVector(new int[0], new double[0], new double[] {-1e300, 1e300, 0}));

        double[] onnx;
        try (OnnxScorer scorer = new OnnxScorer(frozen.toOnnx(java.util.Map.of()))) {
            onnx = scorer.score(probe);
        }
        for (int r = 0; r < probe.size(); r++) {
            assertThat(frozen.predict(probe.get(r))).isEqualTo(model.predict(probe.get(r)));
            assertThat(onnx[r]).isCloseTo(model.predict(probe.get(r)), within(1e-12));
        }
    }

    @Test
    void theLearnedStatisticsAreStateThatContinuesExactlyAfterARestore() throws Exception {
        List<FeatureVector> stream = stream(5L, 6_000);
        LogisticRegression uninterrupted = model();
        train(uninterrupted, stream);
        LogisticRegression first = model();
        train(first, stream.subList(0, 3_000));

        OnlineModel restored =
                OnlineModels.read(
                        TestingModels.logistic(FTRL),
                        SPACE,
                        TestingModels.input(TestingModels.bytes(first)));
        List<FeatureVector> rest = stream.subList(3_000, stream.size());
        for (int i = 0; i < rest.size(); i++) {
            restored.train(rest.get(i), (i + 3_000) % 3 == 0 ? 1.0 : 0.0, 1.0);
        }

        assertThat(TestingModels.bytes(restored)).isEqualTo(TestingModels.bytes(uninterrupted));
        byte[] frozen = TestingModels.bytes(uninterrupted.freeze());
        ServingModel read = OnlineModels.readServing(TestingModels.input(frozen));
        assertThat(((LinearServingModel) read).inputStatistics())
                .isEqualTo(uninterrupted.freeze().inputStatistics());
    }
}
