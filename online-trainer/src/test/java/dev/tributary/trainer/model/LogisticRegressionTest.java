package dev.tributary.trainer.model;

import static dev.tributary.trainer.model.TestingModels.bytes;
import static dev.tributary.trainer.model.TestingModels.synthetic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.testing.LabelledVector;
import dev.tributary.trainer.testing.Prequential;
import dev.tributary.trainer.testing.SyntheticLogisticStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogisticRegressionTest {

    private static final FtrlConfig FTRL = new FtrlConfig(0.1, 1.0, 1.0, 1.0);
    private static final List<LabelledVector> STREAM = SyntheticLogisticStream.generate(7L, 20_000);

    @Test
    void learnsTheGeneratingModelOnASeededStream() {
        LogisticRegression model = synthetic(FTRL);
        double[] scores = Prequential.run(model, STREAM);

        double logLoss = Prequential.meanLogLoss(scores, STREAM);
        double floor = SyntheticLogisticStream.trueLogLoss(STREAM);
        assertThat(logLoss).isLessThan(0.85 * Math.log(2)).isLessThan(floor + 0.02);
        // Golden value: any change to the learner's arithmetic shows up here first.
        assertThat(logLoss).isCloseTo(GOLDEN_LOG_LOSS, within(1e-12));
        assertThat(model.examplesTrained()).isEqualTo(STREAM.size());

        LinearServingModel frozen = model.freeze();
        for (int f = 0; f < SyntheticLogisticStream.SPARSE_INDICES.length; f++) {
            double learned = frozen.weight(SyntheticLogisticStream.SPARSE_INDICES[f]);
            double truth = SyntheticLogisticStream.SPARSE_WEIGHTS[f];
            assertThat(Math.signum(learned))
                    .as("sign of sparse weight %d", f)
                    .isEqualTo(Math.signum(truth));
        }
        double[] dense = frozen.denseWeights();
        assertThat(dense[0]).isGreaterThan(0.5);
        assertThat(dense[1]).isLessThan(-0.3);
        assertThat(frozen.mean()[0]).isCloseTo(50.0, within(0.5));
        assertThat(frozen.invStd()[1]).isCloseTo(2.0, within(0.05));
    }

    private static final double GOLDEN_LOG_LOSS = 0.47238935151530403;

    @Test
    void l1DrivesUselessFeaturesToExactlyZero() {
        LogisticRegression sparse = synthetic(new FtrlConfig(0.1, 1.0, 200.0, 1.0));
        LogisticRegression dense = synthetic(new FtrlConfig(0.1, 1.0, 0.0, 1.0));
        Prequential.run(sparse, STREAM);
        Prequential.run(dense, STREAM);

        LinearServingModel withL1 = sparse.freeze();
        LinearServingModel withoutL1 = dense.freeze();
        for (int noise : SyntheticLogisticStream.NOISE_INDICES) {
            assertThat(withL1.weight(noise)).as("noise feature %d with L1", noise).isEqualTo(0.0);
            assertThat(withoutL1.weight(noise))
                    .as("noise feature %d without L1", noise)
                    .isNotEqualTo(0.0);
        }
        for (int useful : SyntheticLogisticStream.SPARSE_INDICES) {
            assertThat(withL1.weight(useful)).as("useful feature %d", useful).isNotEqualTo(0.0);
        }
        assertThat(withL1.nonZeroWeights())
                .isEqualTo(SyntheticLogisticStream.SPARSE_INDICES.length);
    }

    @Test
    void repeatedIndicesAddUp() {
        LogisticRegression repeated = synthetic(FTRL);
        LogisticRegression merged = synthetic(FTRL);
        for (LabelledVector example : STREAM.subList(0, 2000)) {
            FeatureVector x = example.x();
            int k = x.sparseSize();
            int[] indices = new int[k + 1];
            double[] values = new double[k + 1];
            System.arraycopy(x.indices(), 0, indices, 0, k);
            System.arraycopy(x.values(), 0, values, 0, k);
            indices[k] = 3;
            values[k] = 0.25;
            repeated.train(new FeatureVector(indices, values, x.dense()), example.label(), 1.0);
            merged.train(mergeIndexThree(x, 0.25), example.label(), 1.0);
        }

        assertThat(bytes(repeated)).isEqualTo(bytes(merged));
        FeatureVector twice =
                new FeatureVector(
                        new int[] {3, 17, 3}, new double[] {0.5, 1.0, 0.25}, new double[] {50, -3});
        FeatureVector once =
                new FeatureVector(
                        new int[] {3, 17}, new double[] {0.75, 1.0}, new double[] {50, -3});
        assertThat(repeated.predict(twice)).isCloseTo(repeated.predict(once), within(1e-14));
        assertThat(repeated.predict(twice))
                .isNotCloseTo(
                        repeated.predict(
                                new FeatureVector(
                                        new int[] {3, 17},
                                        new double[] {0.5, 1.0},
                                        new double[] {50, -3})),
                        within(1e-3));
    }

    private static FeatureVector mergeIndexThree(FeatureVector x, double extra) {
        int[] indices = x.indices();
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] == 3) {
                double[] values = x.values().clone();
                values[k] += extra;
                return new FeatureVector(indices, values, x.dense());
            }
        }
        int k = indices.length;
        int[] moreIndices = java.util.Arrays.copyOf(indices, k + 1);
        double[] moreValues = java.util.Arrays.copyOf(x.values(), k + 1);
        moreIndices[k] = 3;
        moreValues[k] = extra;
        return new FeatureVector(moreIndices, moreValues, x.dense());
    }

    @Test
    void rejectedExamplesLeaveTheModelUnchanged() {
        LogisticRegression model = synthetic(FTRL);
        for (LabelledVector example : STREAM.subList(0, 500)) {
            model.train(example.x(), example.label(), 1.0);
        }
        byte[] before = bytes(model);
        double[] dense = {50, -3};

        assertThatThrownBy(
                        () ->
                                model.train(
                                        new FeatureVector(
                                                new int[] {3, 1024}, new double[] {1, 1}, dense),
                                        1,
                                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sparse index 1024");
        assertThatThrownBy(
                        () ->
                                model.train(
                                        new FeatureVector(
                                                new int[] {3}, new double[] {Double.NaN}, dense),
                                        1,
                                        1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                model.train(
                                        new FeatureVector(
                                                new int[] {3},
                                                new double[] {1},
                                                new double[] {Double.POSITIVE_INFINITY, 0}),
                                        1,
                                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("d0");
        assertThatThrownBy(
                        () ->
                                model.train(
                                        new FeatureVector(
                                                new int[] {3}, new double[] {1}, new double[] {1}),
                                        1,
                                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 2 dense features");
        assertThatThrownBy(
                        () ->
                                model.train(
                                        new FeatureVector(new int[] {3}, new double[] {1}, dense),
                                        2,
                                        1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label");
        assertThatThrownBy(
                        () ->
                                model.train(
                                        new FeatureVector(new int[] {3}, new double[] {1}, dense),
                                        1,
                                        -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight");

        assertThat(bytes(model)).isEqualTo(before);
    }

    @Test
    void weightZeroTrainsNothingAndIsNotCounted() {
        LogisticRegression model = synthetic(FTRL);
        model.train(STREAM.get(0).x(), 1.0, 1.0);
        byte[] before = bytes(model);

        model.train(STREAM.get(1).x(), 1.0, 0.0);

        assertThat(bytes(model)).isEqualTo(before);
        assertThat(model.examplesTrained()).isEqualTo(1);
    }

    @Test
    void aFreshModelPredictsOneHalf() {
        LogisticRegression model = synthetic(FTRL);
        assertThat(model.predict(STREAM.get(0).x())).isEqualTo(0.5);
        assertThat(model.freeze().nonZeroWeights()).isZero();
    }

    @Test
    void predictRejectsAWrongDenseLength() {
        LogisticRegression model = synthetic(FTRL);
        FeatureVector x = new FeatureVector(new int[0], new double[0], new double[3]);
        assertThatThrownBy(() -> model.predict(x)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> model.freeze().predict(x))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAConfigurationOfAnotherFamilyOrOptimizerMismatch() {
        assertThat(OnlineModels.create(TestingModels.logistic(FTRL), TestingModels.SYNTHETIC_SPACE))
                .isInstanceOf(LogisticRegression.class);
    }
}
