package dev.tributary.trainer.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.model.OnlineModel;
import dev.tributary.trainer.model.OnlineModels;
import dev.tributary.trainer.model.ServingModel;
import dev.tributary.trainer.testing.FlightsSample;
import dev.tributary.trainer.testing.LabelledVector;
import dev.tributary.trainer.testing.Prequential;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Trains on 50,000 real flights, then checks that the exported ONNX model scores the next 10,000 as
 * the Java model does.
 */
class FlightsOnnxParityTest {

    private static final int TRAINING = 50_000;
    private static final int HELD_OUT = 10_000;

    private static List<LabelledVector> training;
    private static List<LabelledVector> heldOut;
    private static OnlineModel model;
    private static double[] prequentialScores;

    @BeforeAll
    static void train() {
        List<LabelledVector> flights = FlightsSample.load();
        assertThat(flights).hasSize(TRAINING + HELD_OUT);
        training = flights.subList(0, TRAINING);
        heldOut = flights.subList(TRAINING, TRAINING + HELD_OUT);
        model =
                OnlineModels.create(
                        new ModelConfig(
                                "flights",
                                ModelFamily.LOGISTIC,
                                new FtrlConfig(0.1, 1.0, 1.0, 1.0),
                                1L),
                        FeatureSpace.of(FlightsSample.HASH_BITS, FlightsSample.DENSE_FEATURES));
        prequentialScores = Prequential.run(model, training);
    }

    @Test
    void theJavaModelLearnsSomethingReal() {
        assertThat(Prequential.auc(prequentialScores, training)).isGreaterThan(0.65);
    }

    @Test
    void onnxRuntimeReproducesTheJavaPredictions() throws OrtException {
        ServingModel frozen = model.freeze();
        byte[] onnx = frozen.toOnnx(Map.of("model", "flights"));

        double maxDifference = 0;
        double[] expected = new double[HELD_OUT];
        double[] ort = new double[HELD_OUT];
        try (OnnxScorer scorer = new OnnxScorer(onnx)) {
            assertThat(scorer.denseDimension()).isEqualTo(1);
            for (int start = 0; start < HELD_OUT; start += 1_000) {
                List<LabelledVector> batch = heldOut.subList(start, start + 1_000);
                double[] scores = scorer.score(batch.stream().map(LabelledVector::x).toList());
                for (int r = 0; r < scores.length; r++) {
                    FeatureVector x = batch.get(r).x();
                    expected[start + r] = frozen.predict(x);
                    ort[start + r] = scores[r];
                    assertThat(expected[start + r]).isEqualTo(model.predict(x));
                    maxDifference =
                            Math.max(maxDifference, Math.abs(scores[r] - expected[start + r]));
                }
            }
        }

        assertThat(maxDifference).isLessThanOrEqualTo(1e-9);
        // Parity must not come from a degenerate model that predicts one constant.
        DoubleSummaryStatistics stats = Arrays.stream(expected).summaryStatistics();
        assertThat(stats.getMax() - stats.getMin()).isGreaterThan(0.3);
        assertThat(Prequential.auc(ort, heldOut)).isGreaterThan(0.6);
    }
}
