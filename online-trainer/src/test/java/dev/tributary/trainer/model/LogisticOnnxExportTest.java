package dev.tributary.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.InputStatistics;
import dev.tributary.trainer.onnx.LogisticOnnxGraph;
import dev.tributary.trainer.onnx.OnnxScorer;
import dev.tributary.trainer.testing.LabelledVector;
import dev.tributary.trainer.testing.SyntheticLogisticStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogisticOnnxExportTest {

    private static final FtrlConfig FTRL = new FtrlConfig(0.1, 1.0, 1.0, 1.0);
    private static final List<LabelledVector> STREAM = SyntheticLogisticStream.generate(9L, 3_000);

    @Test
    void theSameModelGivesTheSameBytes() {
        LogisticRegression first = TestingModels.synthetic(FTRL);
        LogisticRegression second = TestingModels.synthetic(FTRL);
        for (LabelledVector example : STREAM) {
            first.train(example.x(), example.label(), 1.0);
            second.train(example.x(), example.label(), 1.0);
        }
        Map<String, String> metadata = Map.of("model", "m", "version", "3");

        byte[] onnx = first.freeze().toOnnx(metadata);

        assertThat(first.freeze().toOnnx(metadata)).isEqualTo(onnx);
        assertThat(second.freeze().toOnnx(Map.of("version", "3", "model", "m"))).isEqualTo(onnx);
        second.train(STREAM.get(0).x(), STREAM.get(0).label(), 1.0);
        assertThat(second.freeze().toOnnx(metadata)).isNotEqualTo(onnx);
    }

    @Test
    void theBytesCarryTheMetadataAndTheDenseFeatureNames() throws OrtException {
        LogisticRegression model = TestingModels.synthetic(FTRL);
        byte[] onnx =
                model.freeze()
                        .toOnnx(Map.of("tributary.model", "m", "tributary.sha-of-config", "abc"));

        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx)) {
            assertThat(session.getMetadata().getCustomMetadata())
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("tributary.model", "m", "tributary.sha-of-config", "abc"));
            assertThat(session.getMetadata().getProducerName()).isEqualTo("tributary");
            assertThat(session.getInputNames())
                    .containsExactlyInAnyOrder("indices", "values", "dense");
            assertThat(session.getOutputNames()).containsExactlyInAnyOrder("logit", "probability");
        }
        assertThat(new String(onnx, StandardCharsets.ISO_8859_1))
                .contains("dense features, in order: d0, d1");
    }

    @Test
    void onnxRuntimeAgreesOnRaggedBatchesWithRepeatedIndices() throws OrtException {
        LogisticRegression model = TestingModels.synthetic(FTRL);
        for (LabelledVector example : STREAM) {
            model.train(example.x(), example.label(), 1.0);
        }
        LinearServingModel frozen = model.freeze();
        List<FeatureVector> batch = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(4L);
        for (int r = 0; r < 300; r++) {
            // Lengths 0..15 so that most rows are padded; indices drawn from a few to repeat.
            int k = random.nextInt(16);
            int[] indices = new int[k];
            double[] values = new double[k];
            for (int j = 0; j < k; j++) {
                indices[j] = SyntheticLogisticStream.SPARSE_INDICES[random.nextInt(5)];
                values[j] = random.nextDouble(-2, 2);
            }
            batch.add(
                    new FeatureVector(
                            indices,
                            values,
                            new double[] {random.nextDouble(0, 100), random.nextDouble(-5, 0)}));
        }

        double[] scores = score(frozen, batch);

        for (int r = 0; r < batch.size(); r++) {
            assertThat(scores[r]).isCloseTo(frozen.predict(batch.get(r)), within(1e-12));
        }
        assertThat(score(frozen, List.of())).isEmpty();
    }

    @Test
    void onnxClipsTheLogitLikeJavaAndWorksWithoutDenseFeatures() throws OrtException {
        double[] weights = new double[1 << 4];
        weights[1] = 30.0;
        weights[2] = -30.0;
        LinearServingModel model =
                new LinearServingModel(
                        4,
                        InputStatistics.standardizedOnly(List.of(), new double[0], new double[0]),
                        0.5,
                        weights,
                        new double[0]);
        List<FeatureVector> batch =
                List.of(
                        vector(new int[] {1, 1}, new double[] {1.0, 1.0}),
                        vector(new int[] {2, 2, 2}, new double[] {1.0, 1.0, 1.0}),
                        vector(new int[] {1}, new double[] {1.0}),
                        vector(new int[0], new double[0]));

        double[] scores = score(model, batch);

        assertThat(model.logit(batch.get(0))).isEqualTo(60.5);
        assertThat(model.predict(batch.get(0))).isEqualTo(1.0 / (1.0 + StrictMath.exp(-35.0)));
        assertThat(model.predict(batch.get(1))).isEqualTo(1.0 / (1.0 + StrictMath.exp(35.0)));
        for (int r = 0; r < batch.size(); r++) {
            assertThat(scores[r]).isCloseTo(model.predict(batch.get(r)), within(1e-15));
        }
        assertThat(scores[3]).isCloseTo(1.0 / (1.0 + StrictMath.exp(-0.5)), within(1e-15));
        assertThat(LogisticFunction.MAX_LOGIT).isEqualTo(LogisticOnnxGraph.MAX_LOGIT);
    }

    @Test
    void worksForAModelTrainedWithoutDenseFeatures() throws OrtException {
        FeatureSpace sparseOnly = FeatureSpace.of(10, List.of());
        LogisticRegression model = new LogisticRegression(TestingModels.logistic(FTRL), sparseOnly);
        List<FeatureVector> vectors = new ArrayList<>();
        for (LabelledVector example : STREAM) {
            FeatureVector x = vector(example.x().indices(), example.x().values());
            model.train(x, example.label(), 1.0);
            vectors.add(x);
        }
        LinearServingModel frozen = model.freeze();

        double[] scores = score(frozen, vectors.subList(0, 500));

        for (int r = 0; r < scores.length; r++) {
            assertThat(scores[r]).isCloseTo(frozen.predict(vectors.get(r)), within(1e-12));
        }
    }

    private static double[] score(LinearServingModel model, List<FeatureVector> batch)
            throws OrtException {
        try (OnnxScorer scorer = new OnnxScorer(model.toOnnx(Map.of()))) {
            return scorer.score(batch);
        }
    }

    private static FeatureVector vector(int[] indices, double[] values) {
        return new FeatureVector(indices, values, new double[0]);
    }
}
