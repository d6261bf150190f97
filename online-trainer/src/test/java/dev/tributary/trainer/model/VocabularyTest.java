package dev.tributary.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtException;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.Vocabulary;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.onnx.OnnxScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A category whose rare values share the out-of-vocabulary bucket until seen often enough. */
class VocabularyTest {

    private static final FtrlConfig FTRL = new FtrlConfig(0.5, 1.0, 0.0, 0.0);

    /** 16 hashed coordinates, then user's range [16, 32) whose OOV bucket is 16. */
    private static final FeatureSpace SPACE =
            new FeatureSpace(4, List.of(), "", List.of(new Vocabulary("user", 3, 4)));

    private static final int OOV = 16;

    private static FeatureVector user(int coordinate) {
        return new FeatureVector(new int[] {1, coordinate}, new double[] {1, 1}, new double[0]);
    }

    private static LogisticRegression model() {
        return new LogisticRegression(TestingModels.logistic(FTRL), SPACE);
    }

    @Test
    void aValueSeenFewerThanMinCountTimesIsReadAsTheOovBucket() {
        LogisticRegression model = model();
        model.train(user(20), 1.0, 1.0);
        model.train(user(20), 1.0, 1.0);

        // Twice: not in the vocabulary; it reads and trained the OOV weight, like any rare value.
        assertThat(model.predict(user(20))).isEqualTo(model.predict(user(OOV)));
        assertThat(model.predict(user(25))).isEqualTo(model.predict(user(OOV)));
        assertThat(model.freeze().vocabularyAdmitted()).containsEntry("user", 0L);

        model.train(user(20), 0.0, 1.0);
        // The third time it is counted first, so it trained its own weight.
        assertThat(model.predict(user(20))).isNotEqualTo(model.predict(user(OOV)));
        assertThat(model.predict(user(25))).isEqualTo(model.predict(user(OOV)));
        assertThat(model.freeze().vocabularyAdmitted()).containsEntry("user", 1L);
    }

    private static List<FeatureVector> stream(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        List<FeatureVector> vectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // A skewed user: coordinate 17 often, 31 rarely.
            vectors.add(user(17 + Math.min(14, (int) (-Math.log(random.nextDouble()) * 3))));
        }
        return vectors;
    }

    private static void train(LogisticRegression model, List<FeatureVector> stream) {
        for (int i = 0; i < stream.size(); i++) {
            model.train(stream.get(i), stream.get(i).indices()[1] % 3 == 0 ? 1.0 : 0.0, 1.0);
        }
    }

    @Test
    void theFrozenModelAndOnnxFoldTheVocabularyIntoTheWeights() throws OrtException {
        LogisticRegression model = model();
        train(model, stream(1L, 60));
        LinearServingModel frozen = model.freeze();
        assertThat(frozen.vocabularyAdmitted().get("user")).isBetween(3L, 13L);

        List<FeatureVector> probe = new ArrayList<>();
        for (int c = OOV; c < 32; c++) {
            probe.add(user(c));
        }
        double[] onnx;
        try (OnnxScorer scorer = new OnnxScorer(frozen.toOnnx(Map.of()))) {
            onnx = scorer.score(probe);
        }
        for (int r = 0; r < probe.size(); r++) {
            assertThat(frozen.predict(probe.get(r))).isEqualTo(model.predict(probe.get(r)));
            assertThat(onnx[r]).isCloseTo(model.predict(probe.get(r)), within(1e-12));
        }
    }

    @Test
    void theCountsAreStateThatContinuesExactlyAfterARestore() throws Exception {
        List<FeatureVector> stream = stream(2L, 400);
        LogisticRegression uninterrupted = model();
        train(uninterrupted, stream);
        LogisticRegression first = model();
        train(first, stream.subList(0, 37));

        LogisticRegression restored =
                (LogisticRegression)
                        OnlineModels.read(
                                TestingModels.logistic(FTRL),
                                SPACE,
                                TestingModels.input(TestingModels.bytes(first)));
        List<FeatureVector> rest = stream.subList(37, stream.size());
        for (FeatureVector x : rest) {
            restored.train(x, x.indices()[1] % 3 == 0 ? 1.0 : 0.0, 1.0);
        }

        assertThat(TestingModels.bytes(restored)).isEqualTo(TestingModels.bytes(uninterrupted));
        ServingModel read =
                OnlineModels.readServing(
                        TestingModels.input(TestingModels.bytes(uninterrupted.freeze())));
        assertThat(read.vocabularyAdmitted())
                .isEqualTo(uninterrupted.freeze().vocabularyAdmitted());
        assertThat(read.predict(user(31))).isEqualTo(uninterrupted.predict(user(31)));
    }
}
