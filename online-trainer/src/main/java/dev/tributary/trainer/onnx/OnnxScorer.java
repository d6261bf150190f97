package dev.tributary.trainer.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.tributary.core.model.FeatureVector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scores batches of feature vectors with an ONNX model that has the inputs and outputs of {@link
 * LogisticOnnxGraph}, using ONNX Runtime on the CPU.
 *
 * <p>The session is created in the constructor and released by {@link #close}; all scorers share
 * the JVM's single {@link OrtEnvironment}. Each batch is padded to its longest sparse vector with
 * index 0 and value 0.0, which adds nothing to the logit. Sparse indices must lie in the model's
 * hash space, as the Java models require: ONNX Runtime rejects larger ones, and ONNX Gather would
 * read a negative one from the end of the weights. Inputs are written into direct, native-order
 * buffers that are reused across calls, so ONNX Runtime reads them without a copy. Not thread-safe:
 * use one scorer per thread.
 */
public final class OnnxScorer implements AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final int denseDimension;

    /** The output read: a probability, a predicted value, or one probability per class. */
    private final String output;

    private final Set<String> requestedOutputs;

    private LongBuffer indices = LongBuffer.allocate(0);
    private DoubleBuffer values = DoubleBuffer.allocate(0);
    private DoubleBuffer dense = DoubleBuffer.allocate(0);

    /** A scorer running on one intra-op thread, the right default inside a Flink task slot. */
    public OnnxScorer(byte[] onnxModel) throws OrtException {
        this(onnxModel, 1);
    }

    /**
     * @param intraOpThreads threads ONNX Runtime may use within one call
     * @throws OrtException if the bytes are not a valid model
     * @throws IllegalArgumentException if the model lacks the expected inputs
     */
    public OnnxScorer(byte[] onnxModel, int intraOpThreads) throws OrtException {
        this.environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            this.session = environment.createSession(onnxModel, options);
        }
        try {
            this.denseDimension = denseDimension(session);
            this.output = scoreOutput(session);
            this.requestedOutputs = Set.of(output);
        } catch (OrtException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Binary models output a probability, regression models a value, multiclass ones a row. */
    private static String scoreOutput(OrtSession session) throws OrtException {
        Set<String> outputs = session.getOutputInfo().keySet();
        for (String name : SCORE_OUTPUTS) {
            if (outputs.contains(name)) {
                return name;
            }
        }
        throw new IllegalArgumentException(
                "the model's outputs " + outputs + " include none of " + SCORE_OUTPUTS);
    }

    private static final List<String> SCORE_OUTPUTS =
            List.of(ModelOutputs.PROBABILITY, ModelOutputs.PREDICTION, ModelOutputs.PROBABILITIES);

    /** The numbers of one prediction: one, or one per class of a multiclass model. */
    public int outputs() throws OrtException {
        if (!output.equals(ModelOutputs.PROBABILITIES)) {
            return 1;
        }
        long[] shape = ((TensorInfo) session.getOutputInfo().get(output).getInfo()).getShape();
        return (int) shape[1];
    }

    private static int denseDimension(OrtSession session) throws OrtException {
        Map<String, NodeInfo> inputs = session.getInputInfo();
        if (!inputs.containsKey(LogisticOnnxGraph.INDICES)
                || !inputs.containsKey(LogisticOnnxGraph.VALUES)) {
            throw new IllegalArgumentException(
                    "the model's inputs " + inputs.keySet() + " lack indices and values");
        }
        NodeInfo dense = inputs.get(LogisticOnnxGraph.DENSE);
        if (dense == null) {
            return 0;
        }
        long[] shape = ((TensorInfo) dense.getInfo()).getShape();
        if (shape.length != 2 || shape[1] < 0) {
            throw new IllegalArgumentException(
                    "the dense input must have a fixed width, its shape is "
                            + Arrays.toString(shape));
        }
        return (int) shape[1];
    }

    /** The number of dense features the model expects. */
    public int denseDimension() {
        return denseDimension;
    }

    /**
     * The score of each vector, in order: the probability of label 1 (binary), the value
     * (regression), or the most likely class, the lowest on a tie (multiclass), as the models' own
     * {@code predict} gives it.
     *
     * @throws IllegalArgumentException if a vector's dense part has the wrong length
     */
    public double[] score(List<FeatureVector> batch) throws OrtException {
        double[][] predictions = predict(batch);
        double[] scores = new double[predictions.length];
        for (int r = 0; r < scores.length; r++) {
            scores[r] = ModelOutputs.score(predictions[r]);
        }
        return scores;
    }

    /**
     * The whole prediction of each vector: {@code [probability]}, {@code [value]}, or one
     * probability per class.
     *
     * @throws IllegalArgumentException if a vector's dense part has the wrong length
     */
    public double[][] predict(List<FeatureVector> batch) throws OrtException {
        int rows = batch.size();
        if (rows == 0) {
            return new double[0][];
        }
        // At least one column: a zero-width tensor is legal ONNX but a needless edge case.
        int width = 1;
        for (FeatureVector x : batch) {
            width = Math.max(width, x.sparseSize());
            if (x.dense().length != denseDimension) {
                throw new IllegalArgumentException(
                        "expected " + denseDimension + " dense features, got " + x.dense().length);
            }
        }
        fill(batch, rows, width);

        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(
                    LogisticOnnxGraph.INDICES,
                    OnnxTensor.createTensor(environment, indices, new long[] {rows, width}));
            inputs.put(
                    LogisticOnnxGraph.VALUES,
                    OnnxTensor.createTensor(environment, values, new long[] {rows, width}));
            if (denseDimension > 0) {
                inputs.put(
                        LogisticOnnxGraph.DENSE,
                        OnnxTensor.createTensor(
                                environment, dense, new long[] {rows, denseDimension}));
            }
            try (OrtSession.Result result = session.run(inputs, requestedOutputs)) {
                OnnxTensor tensor =
                        (OnnxTensor)
                                result.get(output)
                                        .orElseThrow(
                                                () -> new IllegalStateException("no " + output));
                DoubleBuffer buffer = tensor.getDoubleBuffer();
                int columns = buffer.remaining() / rows;
                double[][] predictions = new double[rows][columns];
                for (double[] row : predictions) {
                    buffer.get(row);
                }
                return predictions;
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private void fill(List<FeatureVector> batch, int rows, int width) {
        int sparseCells = Math.multiplyExact(rows, width);
        if (indices.capacity() < sparseCells) {
            // Grow geometrically so that slowly growing batches do not reallocate every call.
            int capacity = Math.max(sparseCells, 2 * indices.capacity());
            indices = directLongs(capacity);
            values = directDoubles(capacity);
        }
        indices.clear().limit(sparseCells);
        values.clear().limit(sparseCells);
        int denseCells = Math.multiplyExact(rows, denseDimension);
        if (dense.capacity() < denseCells) {
            dense = directDoubles(Math.max(denseCells, 2 * dense.capacity()));
        }
        dense.clear().limit(denseCells);
        for (int r = 0; r < rows; r++) {
            FeatureVector x = batch.get(r);
            int[] xi = x.indices();
            double[] xv = x.values();
            int base = r * width;
            for (int k = 0; k < xi.length; k++) {
                indices.put(base + k, xi[k]);
                values.put(base + k, xv[k]);
            }
            for (int k = xi.length; k < width; k++) {
                indices.put(base + k, 0L);
                values.put(base + k, 0.0);
            }
            double[] xd = x.dense();
            for (int j = 0; j < xd.length; j++) {
                dense.put(r * denseDimension + j, xd[j]);
            }
        }
    }

    private static LongBuffer directLongs(int count) {
        return ByteBuffer.allocateDirect(8 * count).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    private static DoubleBuffer directDoubles(int count) {
        return ByteBuffer.allocateDirect(8 * count).order(ByteOrder.nativeOrder()).asDoubleBuffer();
    }

    /** Releases the session; the shared environment stays for other scorers. */
    @Override
    public void close() throws OrtException {
        session.close();
    }
}
