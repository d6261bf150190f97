package dev.tributary.trainer.learn;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import dev.tributary.core.config.NormalizedConfig;
import dev.tributary.core.config.OptimizerConfig;
import dev.tributary.trainer.onnx.OnnxElementType;
import dev.tributary.trainer.onnx.OnnxGraphBuilder;
import dev.tributary.trainer.onnx.TensorDim;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Training steps run by ONNX Runtime, on its CPU or CUDA execution provider, executing the {@link
 * TrainingGraph} built for the model: forward pass, loss gradient, backward pass and optimizer
 * update in one float32 graph.
 *
 * <p>The Java blocks stay the model's state, in double. Each step gathers the batch's compact
 * sparse rows of every sparse block's weights and slots into float {@code [U, cols]} tensors (the
 * dummy row of a batch without sparse entries as zeros), passes dense blocks whole, runs the graph,
 * and writes the updated values back, marking the touched sparse rows; the dummy row is never
 * written. So checkpoints, restore and export are the same as with {@link JavaBackend}, and a model
 * can change device across a restart. The values round to float on every step, so the two backends
 * agree to float precision, not bit for bit.
 *
 * <p>The scalars that depend on the step count (the SGD schedule's rate, Adam's bias corrections,
 * the normalized update's {@code rate sqrt(t / N)}) are computed here in double, as {@link
 * Optimizer} computes them, and fed to the graph. The normalized update stays partly in its {@link
 * Normalized} optimizer: the rescaling of grown inputs runs there, in Java, before the graph (NAG
 * rescales before it predicts), and so do the globals {@code N} and {@code t}, advanced by the
 * batch's {@code sum_b sum_i (x[b, i] / s_i)^2} after a successful run.
 *
 * <p>Inputs are written into direct, native-order buffers reused across steps (grown when a batch
 * needs more), and outputs are written by ONNX Runtime into such buffers too (pinned outputs), so
 * nothing is copied on the Java heap. Tensors over the dense blocks, whose shapes never change,
 * live as long as the backend; the others, whose shapes follow the batch, are created per step and
 * closed after it. Not thread-safe.
 */
public final class OrtBackend implements TrainingBackend {

    static final String CUDA_MISSING =
            "the CUDA execution provider of ONNX Runtime is not available: build Tributary with"
                    + " -Pgpu (onnxruntime_gpu) and run it on a machine with CUDA 12 and cuDNN 9";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean cuda;
    private final Predictor predictor;
    private final List<Block> blocks;
    private final OptimizerConfig config;
    private final Normalized normalized;
    private final int denseWidth;
    private final int outputs;
    private final Param[] params;
    private final List<String> scalarNames;
    private final FloatBuffer[] scalarBuffers;
    private final OnnxTensor[] scalarTensors;

    private LongBuffer entryRows = directLongs(64);
    private FloatBuffer entryValues = directFloats(64);
    private FloatBuffer dense = directFloats(64);
    private FloatBuffer labels = directFloats(64);
    private FloatBuffer exampleScales = directFloats(64);
    private FloatBuffer rowScales = directFloats(64);
    private FloatBuffer predictions = directFloats(64);

    /**
     * Builds the model's training graph and creates its session.
     *
     * @param predictor the model's predictor; its blocks are the state this backend updates
     * @param head the model's head
     * @param optimizer the model's optimizer: its class must match {@code config}; the normalized
     *     update's globals are read from and written to it
     * @param config the optimizer's hyperparameters, which the graph embeds as constants
     * @param cuda whether to run on a CUDA device rather than the CPU
     * @param cudaDevice the CUDA device's index (ignored on the CPU)
     * @param intraOpThreads threads ONNX Runtime may use within one step (1 inside a Flink slot)
     * @throws IllegalArgumentException if the predictor or optimizer has no graph, or they differ
     *     from the configuration
     * @throws IllegalStateException if CUDA is asked for but unavailable, or the session fails
     */
    public OrtBackend(
            Predictor predictor,
            Head head,
            Optimizer optimizer,
            OptimizerConfig config,
            boolean cuda,
            int cudaDevice,
            int intraOpThreads) {
        if (!Optimizer.of(config).getClass().equals(optimizer.getClass())) {
            throw new IllegalArgumentException(
                    "optimizer " + optimizer.getClass().getSimpleName() + " is not " + config);
        }
        this.predictor = predictor;
        this.blocks = predictor.blocks();
        int slotCount = OptimizerGraph.slotCount(config);
        for (Block block : blocks) {
            if (block.slotCount() != slotCount) {
                throw new IllegalArgumentException(
                        block
                                + " has "
                                + block.slotCount()
                                + " slots; "
                                + config
                                + " needs "
                                + slotCount);
            }
        }
        if (config instanceof NormalizedConfig && !(predictor instanceof LinearPredictor)) {
            throw new IllegalArgumentException("the normalized update trains linear models only");
        }
        this.cuda = cuda;
        this.config = config;
        this.normalized = optimizer instanceof Normalized n ? n : null;
        this.denseWidth = TrainingGraph.denseWidth(predictor);
        this.outputs = predictor.outputs();
        byte[] graph = TrainingGraph.build(predictor, head, config);
        this.environment = OrtEnvironment.getEnvironment();
        this.session = openSession(environment, graph, cuda, cudaDevice, intraOpThreads);
        this.scalarNames = OptimizerGraph.scalarInputs(config);
        this.scalarBuffers = new FloatBuffer[scalarNames.size()];
        this.scalarTensors = new OnnxTensor[scalarNames.size()];
        this.params = new Param[blocks.size()];
        try {
            for (int i = 0; i < scalarBuffers.length; i++) {
                scalarBuffers[i] = directFloats(1);
                scalarTensors[i] =
                        OnnxTensor.createTensor(environment, scalarBuffers[i], new long[0]);
            }
            for (int k = 0; k < blocks.size(); k++) {
                params[k] = new Param(blocks.get(k), slotCount);
            }
        } catch (OrtException e) {
            close();
            throw new IllegalStateException("could not create the graph's tensors", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Whether training can run on CUDA here: this ONNX Runtime build has the CUDA execution
     * provider ({@code OrtEnvironment.getAvailableProviders()}, true only for the {@code -Pgpu}
     * build) and it starts on device 0, which needs an NVIDIA GPU with CUDA 12 and cuDNN 9. The
     * second check opens a session of a one-node graph once per JVM; the answer is cached.
     */
    public static boolean cudaAvailable() {
        Boolean known = cudaUsable;
        if (known == null) {
            known = cudaProviderPresent() && cudaStarts();
            cudaUsable = known;
        }
        return known;
    }

    private static volatile Boolean cudaUsable;

    private static boolean cudaProviderPresent() {
        try {
            return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static boolean cudaStarts() {
        byte[] probe =
                new OnnxGraphBuilder("tributary_cuda_probe")
                        .input("x", OnnxElementType.FLOAT, TensorDim.fixed(1))
                        .node("Identity", List.of("x"), List.of("y"))
                        .output("y", OnnxElementType.FLOAT, TensorDim.fixed(1))
                        .build(Map.of());
        try (OrtSession ignored =
                createSession(OrtEnvironment.getEnvironment(), probe, true, 0, 1)) {
            return true;
        } catch (OrtException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * A session for the graph. On CUDA, TF32 is switched off: Hopper and Ampere GPUs would
     * otherwise run float32 matrix products with 10-bit mantissas, a thousand times coarser than
     * the float32 the graph and its equivalence with Java are written for.
     */
    private static OrtSession createSession(
            OrtEnvironment environment,
            byte[] graph,
            boolean cuda,
            int cudaDevice,
            int intraOpThreads)
            throws OrtException {
        if (cuda && !cudaProviderPresent()) {
            throw new IllegalStateException(CUDA_MISSING);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            if (cuda) {
                try (OrtCUDAProviderOptions provider = new OrtCUDAProviderOptions(cudaDevice)) {
                    provider.add("use_tf32", "0");
                    options.addCUDA(provider);
                }
            }
            return environment.createSession(graph, options);
        }
    }

    private static OrtSession openSession(
            OrtEnvironment environment,
            byte[] graph,
            boolean cuda,
            int cudaDevice,
            int intraOpThreads) {
        try {
            return createSession(environment, graph, cuda, cudaDevice, intraOpThreads);
        } catch (OrtException e) {
            throw new IllegalStateException(
                    cuda
                            ? "ONNX Runtime's CUDA execution provider could not start on device "
                                    + cudaDevice
                                    + " (it needs an NVIDIA GPU, CUDA 12 and cuDNN 9): "
                                    + e.getMessage()
                            : "ONNX Runtime rejected the training graph: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public void step(TrainingBatch batch, long step) {
        double batchNorms = 0;
        double normalizedStep = 0;
        if (normalized != null) {
            // NAG rescales before it predicts; the graph then finds nothing left to rescale.
            normalized.beforeForward(predictor, batch);
            batchNorms = normalized.batchSquaredNorms((LinearPredictor) predictor, batch);
            double n = normalized.squaredNorms() + batchNorms;
            double t = normalized.examples() + batch.size();
            normalizedStep = ((NormalizedConfig) config).learningRate() * Math.sqrt(t / n);
        }
        double[] scalars = OptimizerGraph.scalars(config, step, normalizedStep);
        for (int i = 0; i < scalars.length; i++) {
            scalarBuffers[i].put(0, (float) scalars[i]);
        }
        run(batch, true);
        writeBack(batch);
        if (normalized != null) {
            normalized.addBatch(batchNorms, batch.size());
        }
    }

    /**
     * The head's predictions for a batch from the current weights, {@code out[b * outputs + c]}
     * (probabilities, class probabilities or values), computed by the graph's forward pass and head
     * alone; nothing changes. Labels and weights of the batch are ignored.
     */
    public void predict(TrainingBatch batch, double[] out) {
        run(batch, false);
        int n = batch.size() * outputs;
        for (int i = 0; i < n; i++) {
            out[i] = predictions.get(i);
        }
    }

    /** Stages the batch and the parameters, and runs the graph for the updates or predictions. */
    private void run(TrainingBatch batch, boolean train) {
        if (batch.denseWidth() != denseWidth) {
            throw new IllegalArgumentException(
                    "expected " + denseWidth + " dense inputs, got " + batch.denseWidth());
        }
        int size = batch.size();
        int width = batch.width();
        int rows = batch.rowCount();
        stageBatch(batch);
        for (Param param : params) {
            param.stage(batch);
        }
        List<OnnxTensor> perCall = new ArrayList<>();
        Map<String, OnnxTensor> inputs = new HashMap<>();
        Map<String, OnnxTensor> results = new HashMap<>();
        try {
            inputs.put(
                    TrainingGraph.ENTRY_ROWS,
                    track(
                            perCall,
                            OnnxTensor.createTensor(
                                    environment, entryRows, new long[] {size, width})));
            inputs.put(TrainingGraph.ENTRY_VALUES, floats(perCall, entryValues, size, width));
            if (denseWidth > 0) {
                inputs.put(TrainingGraph.DENSE, floats(perCall, dense, size, denseWidth));
            }
            inputs.put(TrainingGraph.LABELS, floats(perCall, labels, size, 1));
            inputs.put(TrainingGraph.EXAMPLE_SCALES, floats(perCall, exampleScales, size, 1));
            if (config instanceof NormalizedConfig) {
                inputs.put(TrainingGraph.ROW_SCALES, floats(perCall, rowScales, rows, 1));
            }
            for (int i = 0; i < scalarNames.size(); i++) {
                inputs.put(scalarNames.get(i), scalarTensors[i]);
            }
            for (Param param : params) {
                param.addTensors(rows, perCall, inputs, train ? results : null);
            }
            if (!train) {
                predictions = ensure(predictions, size * outputs);
                results.put(TrainingGraph.PREDICTIONS, floats(perCall, predictions, size, outputs));
            }
            try (OrtSession.Result ignored = session.run(inputs, results)) {
                // The results were written into the pinned output buffers.
            }
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed a training step on " + name() + ": " + e.getMessage(), e);
        } finally {
            perCall.forEach(OnnxTensor::close);
        }
    }

    private void stageBatch(TrainingBatch batch) {
        int size = batch.size();
        int cells = size * batch.width();
        entryRows = ensure(entryRows, cells);
        entryValues = ensure(entryValues, cells);
        int[] slots = batch.slotArray();
        double[] values = batch.valueArray();
        for (int i = 0; i < cells; i++) {
            entryRows.put(i, slots[i]);
            entryValues.put(i, (float) values[i]);
        }
        int denseCells = size * denseWidth;
        dense = ensure(dense, denseCells);
        double[] x = batch.denseArray();
        for (int i = 0; i < denseCells; i++) {
            dense.put(i, (float) x[i]);
        }
        labels = ensure(labels, size);
        exampleScales = ensure(exampleScales, size);
        for (int b = 0; b < size; b++) {
            labels.put(b, (float) batch.label(b));
            // weight / size in double, as Head.gradient scales each example.
            exampleScales.put(b, (float) (batch.weight(b) / size));
        }
        if (config instanceof NormalizedConfig) {
            int rows = batch.rowCount();
            rowScales = ensure(rowScales, rows);
            for (int u = 0; u < rows; u++) {
                rowScales.put(u, (float) batch.rowScale(u));
            }
        }
    }

    private void writeBack(TrainingBatch batch) {
        for (Param param : params) {
            param.writeBack(batch);
        }
    }

    @Override
    public String name() {
        return cuda ? "onnx-cuda" : "onnx-cpu";
    }

    /** Releases the session and the long-lived tensors; the shared environment stays. */
    @Override
    public void close() {
        for (OnnxTensor tensor : scalarTensors) {
            if (tensor != null) {
                tensor.close();
            }
        }
        for (Param param : params) {
            if (param != null) {
                param.close();
            }
        }
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("could not close the ONNX Runtime session", e);
        }
    }

    private OnnxTensor floats(List<OnnxTensor> perCall, FloatBuffer buffer, long... shape)
            throws OrtException {
        long count = 1;
        for (long dim : shape) {
            count *= dim;
        }
        buffer.clear().limit((int) count);
        return track(perCall, OnnxTensor.createTensor(environment, buffer, shape));
    }

    private static OnnxTensor track(List<OnnxTensor> perCall, OnnxTensor tensor) {
        perCall.add(tensor);
        return tensor;
    }

    /** A buffer of at least {@code count} elements, with position 0 and limit {@code count}. */
    private static FloatBuffer ensure(FloatBuffer buffer, int count) {
        FloatBuffer result =
                buffer.capacity() >= count
                        ? buffer
                        : directFloats(Math.max(count, 2 * buffer.capacity()));
        result.clear().limit(count);
        return result;
    }

    private static LongBuffer ensure(LongBuffer buffer, int count) {
        LongBuffer result =
                buffer.capacity() >= count
                        ? buffer
                        : directLongs(Math.max(count, 2 * buffer.capacity()));
        result.clear().limit(count);
        return result;
    }

    private static FloatBuffer directFloats(int count) {
        return ByteBuffer.allocateDirect(4 * count).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static LongBuffer directLongs(int count) {
        return ByteBuffer.allocateDirect(8 * count).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    /**
     * One block's staging: float buffers for its weights and slots as fed ({@code in}) and as
     * returned ({@code out}). A dense block's tensors are created once; a sparse block's per step,
     * over buffers sized for the batch's compact rows.
     */
    private final class Param {
        private final Block block;
        private final String[] names;
        private final double[][] arrays;
        private final FloatBuffer[] in;
        private final FloatBuffer[] out;
        private final OnnxTensor[] inTensors;
        private final OnnxTensor[] outTensors;

        Param(Block block, int slotCount) throws OrtException {
            this.block = block;
            int count = 1 + slotCount;
            names = new String[count];
            arrays = new double[count][];
            names[0] = TrainingGraph.weights(block);
            arrays[0] = block.weights;
            for (int k = 0; k < slotCount; k++) {
                names[1 + k] = TrainingGraph.slot(block, k);
                arrays[1 + k] = block.slots[k];
            }
            int cells = block.isSparse() ? 16 * block.cols() : block.rows() * block.cols();
            in = new FloatBuffer[count];
            out = new FloatBuffer[count];
            for (int i = 0; i < count; i++) {
                in[i] = directFloats(cells);
                out[i] = directFloats(cells);
            }
            inTensors = new OnnxTensor[count];
            outTensors = new OnnxTensor[count];
            if (!block.isSparse()) {
                long[] shape = {block.rows(), block.cols()};
                for (int i = 0; i < count; i++) {
                    inTensors[i] = OnnxTensor.createTensor(environment, in[i], shape);
                    outTensors[i] = OnnxTensor.createTensor(environment, out[i], shape);
                }
            }
        }

        /** Copies the values the step reads into the input buffers, as floats. */
        void stage(TrainingBatch batch) {
            int cols = block.cols();
            if (!block.isSparse()) {
                for (int i = 0; i < in.length; i++) {
                    toFloats(arrays[i], 0, in[i], 0, arrays[i].length);
                }
                return;
            }
            int rows = batch.rowCount();
            for (int i = 0; i < in.length; i++) {
                in[i] = ensure(in[i], rows * cols);
                out[i] = ensure(out[i], rows * cols);
                for (int u = 0; u < rows; u++) {
                    int row = batch.row(u);
                    if (row < 0) {
                        // The dummy row reads as zeros.
                        for (int c = 0; c < cols; c++) {
                            in[i].put(u * cols + c, 0f);
                        }
                    } else {
                        toFloats(arrays[i], row * cols, in[i], u * cols, cols);
                    }
                }
            }
        }

        /**
         * Adds this block's input tensors and, unless {@code results} is null, its output tensors.
         */
        void addTensors(
                int rows,
                List<OnnxTensor> perCall,
                Map<String, OnnxTensor> inputs,
                Map<String, OnnxTensor> results)
                throws OrtException {
            for (int i = 0; i < names.length; i++) {
                OnnxTensor input = inTensors[i];
                OnnxTensor output = outTensors[i];
                if (block.isSparse()) {
                    input = floats(perCall, in[i], rows, block.cols());
                    output = results == null ? null : floats(perCall, out[i], rows, block.cols());
                }
                inputs.put(names[i], input);
                if (results != null) {
                    results.put(TrainingGraph.updated(names[i]), output);
                }
            }
        }

        /** Copies the updated values back into the block; the dummy row is dropped. */
        void writeBack(TrainingBatch batch) {
            int cols = block.cols();
            if (!block.isSparse()) {
                for (int i = 0; i < out.length; i++) {
                    toDoubles(out[i], 0, arrays[i], 0, arrays[i].length);
                }
                return;
            }
            if (batch.hasDummyRow()) {
                return;
            }
            for (int u = 0; u < batch.rowCount(); u++) {
                int row = batch.row(u);
                block.touch(row);
                for (int i = 0; i < out.length; i++) {
                    toDoubles(out[i], u * cols, arrays[i], row * cols, cols);
                }
            }
        }

        void close() {
            for (int i = 0; i < names.length; i++) {
                if (inTensors[i] != null) {
                    inTensors[i].close();
                }
                if (outTensors[i] != null) {
                    outTensors[i].close();
                }
            }
        }
    }

    private static void toFloats(double[] from, int at, FloatBuffer to, int toAt, int count) {
        for (int i = 0; i < count; i++) {
            to.put(toAt + i, (float) from[at + i]);
        }
    }

    private static void toDoubles(FloatBuffer from, int at, double[] to, int toAt, int count) {
        for (int i = 0; i < count; i++) {
            to[toAt + i] = from.get(at + i);
        }
    }
}
