package dev.tributary.trainer.model;

import dev.tributary.core.config.BatchConfig;
import dev.tributary.core.config.Device;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.config.ModelShape;
import dev.tributary.core.config.Objective;
import dev.tributary.core.config.SgdConfig;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.InputStatistics;
import dev.tributary.trainer.learn.Block;
import dev.tributary.trainer.learn.BlockState;
import dev.tributary.trainer.learn.Head;
import dev.tributary.trainer.learn.NetworkOnnxGraph;
import dev.tributary.trainer.learn.Predictor;
import dev.tributary.trainer.learn.Predictors;
import dev.tributary.trainer.learn.TrainingBatch;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A frozen {@link MiniBatchModel}: a copy of its predictor's weights (vocabularies folded in), its
 * head and its input statistics. {@link #predict} runs the very same Java forward pass as the live
 * model, so the two agree bit for bit; {@link #toOnnx} exports the same computation as an ONNX
 * inference graph ({@link NetworkOnnxGraph}).
 *
 * <p>Thread-safe: predictions share the predictor's scratch space under this object's lock (the hot
 * serving path is the ONNX graph, not this).
 */
public final class NetworkServingModel implements ServingModel {

    static final String KIND = "network";

    private final ModelFamily family;
    private final ModelShape shape;
    private final long seed;
    private final int hashBits;
    private final Predictor predictor;
    private final Head head;
    private final InputStatistics inputs;
    private final Map<String, Long> vocabularyAdmitted;
    private final TrainingBatch.Builder builder;
    private final double[] prepared;
    private final double[] outputs;

    private NetworkServingModel(
            ModelFamily family,
            ModelShape shape,
            long seed,
            int hashBits,
            Predictor predictor,
            InputStatistics inputs,
            Map<String, Long> vocabularyAdmitted) {
        this.family = family;
        this.shape = shape;
        this.seed = seed;
        this.hashBits = hashBits;
        this.predictor = predictor;
        this.head = new Head(shape);
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.vocabularyAdmitted = Map.copyOf(vocabularyAdmitted);
        this.builder = new TrainingBatch.Builder(inputs.dimension());
        this.prepared = new double[inputs.dimension()];
        this.outputs = new double[shape.outputs()];
    }

    /** A frozen predictor of the same shape, initialized, holding weights only. */
    private static Predictor emptyPredictor(
            ModelFamily family, ModelShape shape, long seed, int sparseRows, int denseWidth) {
        return Predictors.create(frozenConfig(family, shape, seed), sparseRows, denseWidth, 0);
    }

    private static ModelConfig frozenConfig(ModelFamily family, ModelShape shape, long seed) {
        // The optimizer is irrelevant to a frozen model (no slots); SGD accepts every family.
        return new ModelConfig(
                "frozen", family, SgdConfig.DEFAULTS, seed, shape, Device.CPU, BatchConfig.SINGLE);
    }

    static NetworkServingModel freeze(
            ModelConfig config,
            FeatureSpace space,
            Predictor live,
            Head head,
            InputStatistics inputs,
            VocabularyCounts vocabulary) {
        Predictor copy =
                Predictors.frozenCopy(
                        frozenConfig(config.family(), config.shape(), config.seed()),
                        space.sparseDimension(),
                        space.denseDimension(),
                        live);
        if (!vocabulary.isEmpty()) {
            for (Block block : copy.blocks()) {
                if (block.isSparse()) {
                    vocabulary.foldRows(block.weights(), block.cols());
                }
            }
        }
        return new NetworkServingModel(
                config.family(),
                config.shape(),
                config.seed(),
                space.hashBits(),
                copy,
                inputs,
                vocabulary.admitted());
    }

    public ModelFamily family() {
        return family;
    }

    public ModelShape shape() {
        return shape;
    }

    /** The frozen predictor; its blocks must not be changed. */
    public Predictor predictor() {
        return predictor;
    }

    @Override
    public boolean isFinite() {
        for (Block block : predictor.blocks()) {
            for (double w : block.weights()) {
                if (!Double.isFinite(w)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The score: the probability of label 1, the value, or the most likely class. */
    @Override
    public double predict(FeatureVector x) {
        double[] out = new double[shape.outputs()];
        predictAll(x, out);
        return Head.score(out);
    }

    /** The prediction: one probability, one value, or one probability per class. */
    public synchronized void predictAll(FeatureVector x, double[] prediction) {
        double[] dense = x.dense();
        if (dense.length != prepared.length) {
            throw new IllegalArgumentException(
                    "expected " + prepared.length + " dense features, got " + dense.length);
        }
        double[] impute = inputs.impute();
        double[] lower = inputs.lower();
        double[] upper = inputs.upper();
        double[] mean = inputs.mean();
        double[] invStd = inputs.invStd();
        for (int j = 0; j < dense.length; j++) {
            double v = dense[j];
            double p = Math.min(Math.max(v != v ? impute[j] : v, lower[j]), upper[j]);
            prepared[j] = (p - mean[j]) * invStd[j];
        }
        int dimension = predictor.blocks().get(sparseBlockIndex()).rows();
        for (int index : x.indices()) {
            if (index < 0 || index >= dimension) {
                throw new IndexOutOfBoundsException(
                        "sparse index " + index + " is outside [0, " + dimension + ")");
            }
        }
        TrainingBatch batch = builder.start().add(x.indices(), x.values(), prepared, 0, 0).finish();
        predictor.forward(batch, outputs);
        head.predict(outputs, 0, prediction);
    }

    private int sparseBlockIndex() {
        List<Block> blocks = predictor.blocks();
        for (int k = 0; k < blocks.size(); k++) {
            if (blocks.get(k).isSparse()) {
                return k;
            }
        }
        throw new IllegalStateException("no sparse block in " + blocks);
    }

    @Override
    public byte[] toOnnx(Map<String, String> metadata) {
        return NetworkOnnxGraph.build(predictor, head, inputs, metadata);
    }

    @Override
    public InputStatistics inputStatistics() {
        return inputs;
    }

    @Override
    public Map<String, Long> vocabularyAdmitted() {
        return vocabularyAdmitted;
    }

    /**
     * Format, version {@code StateFormat.SERVING_VERSION}: header (version, {@value #KIND}), the
     * family and shape, the seed (untouched rows are recomputed from it), hashBits, the sparse
     * dimension, the input statistics, the vocabulary sizes, then the blocks' weights ({@link
     * BlockState}).
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        StateFormat.writeHeader(out, StateFormat.SERVING_VERSION, KIND);
        out.writeUTF(family.name());
        out.writeUTF(shape.objective().name());
        out.writeInt(shape.classes());
        out.writeDouble(shape.huberDelta());
        out.writeInt(shape.factors());
        out.writeInt(shape.hidden().size());
        for (int width : shape.hidden()) {
            out.writeInt(width);
        }
        out.writeInt(shape.embeddingDim());
        out.writeDouble(shape.initScale());
        out.writeLong(seed);
        out.writeInt(hashBits);
        out.writeInt(predictor.blocks().get(sparseBlockIndex()).rows());
        StateFormat.writeNames(out, inputs.names());
        for (double[] column :
                List.of(
                        inputs.impute(),
                        inputs.lower(),
                        inputs.upper(),
                        inputs.mean(),
                        inputs.invStd())) {
            for (double v : column) {
                out.writeDouble(v);
            }
        }
        out.writeInt(vocabularyAdmitted.size());
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(vocabularyAdmitted).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
        BlockState.write(predictor.blocks(), out);
    }

    /** Reads the body that follows the header written by {@link #writeTo}. */
    static NetworkServingModel readBody(DataInput in) throws IOException {
        try {
            ModelFamily family = ModelFamily.valueOf(in.readUTF());
            Objective objective = Objective.valueOf(in.readUTF());
            int classes = in.readInt();
            double huberDelta = in.readDouble();
            int factors = in.readInt();
            int layers = in.readInt();
            if (layers < 1 || layers > 2) {
                throw new IOException("corrupt serving model: " + layers + " hidden layers");
            }
            List<Integer> hidden = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                hidden.add(in.readInt());
            }
            int embeddingDim = in.readInt();
            double initScale = in.readDouble();
            ModelShape shape =
                    new ModelShape(
                            objective,
                            classes,
                            huberDelta,
                            factors,
                            hidden,
                            embeddingDim,
                            initScale);
            long seed = in.readLong();
            int hashBits = in.readInt();
            StateFormat.checkHashBits(hashBits);
            int sparseRows = in.readInt();
            List<String> names = StateFormat.readNames(in);
            int d = names.size();
            double[][] columns = new double[5][d];
            for (double[] column : columns) {
                for (int j = 0; j < d; j++) {
                    column[j] = in.readDouble();
                }
            }
            InputStatistics inputs =
                    new InputStatistics(
                            names, columns[0], columns[1], columns[2], columns[3], columns[4]);
            int vocabularies = in.readInt();
            Map<String, Long> admitted = new LinkedHashMap<>();
            for (int k = 0; k < vocabularies; k++) {
                admitted.put(in.readUTF(), in.readLong());
            }
            Predictor predictor = emptyPredictor(family, shape, seed, sparseRows, d);
            BlockState.read(predictor.blocks(), in);
            return new NetworkServingModel(
                    family, shape, seed, hashBits, predictor, inputs, admitted);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt serving model: " + e.getMessage(), e);
        }
    }
}
