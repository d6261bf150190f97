package dev.tributary.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.Objective;
import dev.tributary.trainer.learn.NetworkOnnxGraph;
import dev.tributary.trainer.model.MiniBatchModelTest.Example;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exported inference graph of every family, run by ONNX Runtime, reproduces the Java prediction
 * of the frozen model to rounding error.
 */
class NetworkOnnxExportTest {

    static java.util.stream.Stream<ModelConfig> configs() {
        return MiniBatchModelTest.configs();
    }

    @ParameterizedTest
    @MethodSource("configs")
    void onnxRuntimeReproducesTheJavaPrediction(ModelConfig config) throws OrtException {
        Objective objective = config.shape().objective();
        List<Example> examples = MiniBatchModelTest.stream(objective, 2_300, 21);
        MiniBatchModel model = new MiniBatchModel(config, MiniBatchModelTest.SPACE);
        for (Example e : examples.subList(0, 2_000)) {
            model.train(e.x(), e.label(), 1.0, e.eventTime());
        }
        NetworkServingModel frozen = (NetworkServingModel) model.freeze();
        byte[] onnx = frozen.toOnnx(Map.of("tributary.model", config.id()));
        List<Example> test = examples.subList(2_000, 2_300);

        int n = test.size();
        int nnz = test.stream().mapToInt(e -> e.x().indices().length).max().orElse(0);
        long[][] indices = new long[n][nnz];
        double[][] values = new double[n][nnz];
        double[][] dense = new double[n][];
        for (int b = 0; b < n; b++) {
            var x = test.get(b).x();
            for (int k = 0; k < x.indices().length; k++) {
                indices[b][k] = x.indices()[k];
                values[b][k] = x.values()[k];
            }
            dense[b] = x.dense();
        }
        int outputs = config.shape().outputs();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                OnnxTensor i = OnnxTensor.createTensor(env, indices);
                OnnxTensor v = OnnxTensor.createTensor(env, values);
                OnnxTensor d = OnnxTensor.createTensor(env, dense)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put(NetworkOnnxGraph.INDICES, i);
            inputs.put(NetworkOnnxGraph.VALUES, v);
            inputs.put(NetworkOnnxGraph.DENSE, d);
            String output =
                    switch (objective) {
                        case BINARY -> NetworkOnnxGraph.PROBABILITY;
                        case MULTICLASS -> NetworkOnnxGraph.PROBABILITIES;
                        case SQUARED, HUBER -> NetworkOnnxGraph.PREDICTION;
                    };
            try (OrtSession.Result result = session.run(inputs)) {
                Object scored = result.get(output).orElseThrow().getValue();
                double[] prediction = new double[outputs];
                double largest = 0;
                for (int b = 0; b < n; b++) {
                    frozen.predictAll(test.get(b).x(), prediction);
                    for (int c = 0; c < outputs; c++) {
                        double onnxValue =
                                outputs == 1 ? ((double[]) scored)[b] : ((double[][]) scored)[b][c];
                        assertThat(onnxValue).isCloseTo(prediction[c], within(1e-9));
                        largest = Math.max(largest, Math.abs(onnxValue - prediction[c]));
                    }
                }
                assertThat(largest).as("largest difference").isLessThan(1e-9);
            }
        }
    }
}
