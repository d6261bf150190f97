package dev.tributary.trainer.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.core.config.AdaGradConfig;
import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.Objective;
import dev.tributary.core.config.SgdConfig;
import dev.tributary.trainer.learn.BackendEquivalenceTest.BatchStream;
import dev.tributary.trainer.learn.BackendEquivalenceTest.Case;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OrtBackend} on ONNX Runtime's CUDA execution provider against {@link JavaBackend}, for
 * MLPs, the family a GPU is for: the stream and the bars of {@link BackendEquivalenceTest}. Tagged
 * {@code gpu}, which only the {@code gpu} profile runs: {@code ./mvnw -Pgpu test -pl online-trainer
 * -Dtest=OrtBackendCudaTest}. It skips itself where {@link OrtBackend#cudaAvailable} finds no
 * usable CUDA device.
 */
@Tag("gpu")
class OrtBackendCudaTest {

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "mlp",
                        Objective.BINARY,
                        1,
                        List.of(8),
                        3,
                        new SgdConfig(0.05, SgdConfig.Schedule.INVERSE_SQRT, 50)),
                new Case(
                        "mlp",
                        Objective.MULTICLASS,
                        3,
                        List.of(8, 6),
                        3,
                        new AdamConfig(0.01, 0.9, 0.999, 1e-8)),
                new Case("mlp", Objective.SQUARED, 1, List.of(8), 3, new AdaGradConfig(0.1, 1e-7)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onnxOnCudaMatchesJava(Case c) {
        assumeTrue(OrtBackend.cudaAvailable(), "no usable CUDA execution provider here");
        Head head = c.head();
        Optimizer javaOptimizer = Optimizer.of(c.optimizer());
        Optimizer cudaOptimizer = Optimizer.of(c.optimizer());
        Predictor javaModel = c.predictor(javaOptimizer.slotCount());
        Predictor cudaModel = c.predictor(cudaOptimizer.slotCount());
        BatchStream stream = new BatchStream(c, 42);
        try (JavaBackend java = new JavaBackend(javaModel, head, javaOptimizer);
                OrtBackend cuda =
                        new OrtBackend(cudaModel, head, cudaOptimizer, c.optimizer(), true, 0, 1)) {
            assertThat(cuda.name()).isEqualTo("onnx-cuda");
            for (int step = 0; step < BackendEquivalenceTest.STEPS; step++) {
                TrainingBatch batch = stream.next(step);
                java.step(batch, step);
                cuda.step(batch, step);
            }
            double worstState = BackendEquivalenceTest.worstStateDifference(javaModel, cudaModel);
            double worstPrediction =
                    BackendEquivalenceTest.worstPredictionDifference(
                            javaModel, head, cuda, new BatchStream(c, 4242).next(2));
            System.out.printf(
                    "cuda %-36s state %.1e  prediction %.1e%n", c, worstState, worstPrediction);
            boolean adaptive = !(c.optimizer() instanceof SgdConfig);
            assertThat(worstState)
                    .isLessThanOrEqualTo(
                            adaptive
                                    ? BackendEquivalenceTest.ADAPTIVE_STATE_TOLERANCE
                                    : BackendEquivalenceTest.STATE_TOLERANCE);
            assertThat(worstPrediction)
                    .isLessThanOrEqualTo(
                            adaptive
                                    ? BackendEquivalenceTest.ADAPTIVE_PREDICTION_TOLERANCE
                                    : BackendEquivalenceTest.PREDICTION_TOLERANCE);
        }
    }
}
