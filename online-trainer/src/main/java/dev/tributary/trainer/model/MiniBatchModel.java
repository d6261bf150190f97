package dev.tributary.trainer.model;

import dev.tributary.core.config.BatchConfig;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.learn.Backends;
import dev.tributary.trainer.learn.BlockState;
import dev.tributary.trainer.learn.Head;
import dev.tributary.trainer.learn.Optimizer;
import dev.tributary.trainer.learn.Predictor;
import dev.tributary.trainer.learn.Predictors;
import dev.tributary.trainer.learn.TrainingBackend;
import dev.tributary.trainer.learn.TrainingBatch;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A model of any family trained by mini-batch gradient steps: a {@link Predictor} (linear, FM or
 * MLP), a {@link Head} (the objective), an {@link Optimizer} and a {@link TrainingBackend} (pure
 * Java, or ONNX Runtime on the CPU or a GPU) that runs the steps on the predictor's blocks.
 *
 * <p>Examples wait in a pending batch until {@link BatchConfig#size} of them are there or one
 * arrives {@link BatchConfig#maxLatency} or more (in event time) after the first; then one step
 * trains on all of them. The pending examples are part of the state ({@link #writeTo}), so the
 * steps, and therefore the parameters, are the same for the same input order however often the job
 * is checkpointed or restored. Predictions between steps use the parameters of the last step.
 *
 * <p>As {@link LogisticRegression} does, the model owns its input preparation: at the step, each
 * example in turn updates the vocabulary counts and the dense inputs' learned statistics, and is
 * then prepared with statistics that include it.
 *
 * <p>Not thread-safe; {@link #close} releases the backend's native resources.
 */
public final class MiniBatchModel implements OnlineModel {

    static final String STATE_KIND = "mini-batch";

    private final ModelConfig config;
    private final FeatureSpace space;
    private final Head head;
    private final Predictor predictor;
    private final Optimizer optimizer;
    private final TrainingBackend backend;
    private DenseInputs inputs;
    private final VocabularyCounts vocabulary;
    private final List<Pending> pending = new ArrayList<>();
    private long steps;
    private long examplesTrained;

    // Scratch, reused.
    private final TrainingBatch.Builder builder;
    private final TrainingBatch.Builder predictionBuilder;
    private final double[] prepared;
    private double[] outputs = new double[4];

    /** An example waiting for the next step. */
    private record Pending(FeatureVector x, double label, double weight, long eventTime) {}

    /** A fresh model, on CUDA device 0 if it trains on a GPU. */
    public MiniBatchModel(ModelConfig config, FeatureSpace space) {
        this(config, space, 0);
    }

    /**
     * A fresh model.
     *
     * @param cudaDevice the CUDA device used where {@code device} is {@code cuda} or {@code auto}
     */
    public MiniBatchModel(ModelConfig config, FeatureSpace space, int cudaDevice) {
        this.config = Objects.requireNonNull(config, "config");
        this.space = Objects.requireNonNull(space, "space");
        this.head = new Head(config.shape());
        this.optimizer = Optimizer.of(config.optimizer());
        this.predictor =
                Predictors.create(
                        config,
                        space.sparseDimension(),
                        space.denseDimension(),
                        optimizer.slotCount());
        this.inputs = new DenseInputs(space.denseInputs());
        this.vocabulary = new VocabularyCounts(space);
        this.builder = new TrainingBatch.Builder(space.denseDimension());
        this.predictionBuilder = new TrainingBatch.Builder(space.denseDimension());
        this.prepared = new double[space.denseDimension()];
        this.backend = Backends.create(config, predictor, head, optimizer, cudaDevice);
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public FeatureSpace featureSpace() {
        return space;
    }

    @Override
    public long examplesTrained() {
        return examplesTrained;
    }

    /** The training steps taken. */
    public long steps() {
        return steps;
    }

    /** The examples waiting for the next step. */
    public int pendingExamples() {
        return pending.size();
    }

    @Override
    public String backendName() {
        return backend.name();
    }

    /** The predictor, whose blocks are the parameters; for tests and benchmarks. */
    public Predictor predictor() {
        return predictor;
    }

    /** The score: the probability of label 1, the value, or the most likely class. */
    @Override
    public double predict(FeatureVector x) {
        double[] out = new double[head.outputs()];
        predictAll(x, out);
        return Head.score(out);
    }

    @Override
    public int outputs() {
        return head.outputs();
    }

    @Override
    public void predictAll(FeatureVector x, double[] prediction) {
        checkExample(x);
        double[] dense = x.dense();
        for (int j = 0; j < dense.length; j++) {
            prepared[j] = (inputs.prepare(j, dense[j]) - inputs.mean[j]) * inputs.invStd[j];
        }
        int[] effective = vocabulary.isEmpty() ? x.indices() : vocabulary.remap(x.indices());
        TrainingBatch batch =
                predictionBuilder.start().add(effective, x.values(), prepared, 0, 0).finish();
        int n = head.outputs();
        if (outputs.length < n) {
            outputs = new double[n];
        }
        predictor.forward(batch, outputs);
        head.predict(outputs, 0, prediction);
    }

    @Override
    public void train(FeatureVector x, double label, double weight) {
        train(x, label, weight, pending.isEmpty() ? 0 : pending.get(0).eventTime());
    }

    /**
     * Learns from one example at event time {@code eventTime}: queues it and runs a step when the
     * batch is full or spans the maximum latency.
     */
    @Override
    public void train(FeatureVector x, double label, double weight, long eventTime) {
        head.checkLabel(label);
        if (!(weight >= 0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weight must be finite and >= 0, was " + weight);
        }
        checkExample(x);
        double[] dense = x.dense();
        inputs.checkTrainable(dense, space.denseFeatures());
        double[] values = x.values();
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("sparse value " + v + " is not finite");
            }
        }
        if (weight == 0) {
            return;
        }
        pending.add(new Pending(x, label, weight, eventTime));
        BatchConfig batch = config.batch();
        long span = eventTime - pending.get(0).eventTime();
        if (pending.size() >= batch.size() || span >= batch.maxLatency().toMillis()) {
            flush();
        }
    }

    /** Trains on the pending examples now, if there are any. */
    public void flush() {
        if (pending.isEmpty()) {
            return;
        }
        builder.start();
        for (Pending p : pending) {
            int[] indices = p.x().indices();
            if (!vocabulary.isEmpty()) {
                // Counted first: a value's minCount-th example is already its own.
                vocabulary.count(indices);
                indices = vocabulary.remap(indices);
            }
            inputs.update(p.x().dense(), p.weight(), prepared);
            for (int j = 0; j < prepared.length; j++) {
                prepared[j] = (prepared[j] - inputs.mean[j]) * inputs.invStd[j];
            }
            builder.add(indices, p.x().values(), prepared, p.label(), p.weight());
        }
        backend.step(builder.finish(), steps);
        steps++;
        examplesTrained += pending.size();
        pending.clear();
    }

    private void checkExample(FeatureVector x) {
        if (x.dense().length != prepared.length) {
            throw new IllegalArgumentException(
                    "expected "
                            + prepared.length
                            + " dense features "
                            + space.denseFeatures()
                            + ", got "
                            + x.dense().length);
        }
        int dimension = space.sparseDimension();
        for (int index : x.indices()) {
            if (index < 0 || index >= dimension) {
                throw new IndexOutOfBoundsException(
                        "sparse index " + index + " is outside [0, " + dimension + ")");
            }
        }
    }

    @Override
    public ServingModel freeze() {
        return NetworkServingModel.freeze(
                config, space, predictor, head, inputs.freeze(), vocabulary);
    }

    /**
     * Format, version {@code StateFormat.ONLINE_VERSION}: header (version, {@value #STATE_KIND}),
     * family, hashBits, dense feature names, steps, examples trained, the dense inputs'
     * standardizer and learned statistics, the vocabulary counts, the optimizer's globals, the
     * blocks ({@link BlockState}), then the pending examples.
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        StateFormat.writeHeader(out, StateFormat.ONLINE_VERSION, STATE_KIND);
        out.writeUTF(config.family().yamlName());
        out.writeInt(space.hashBits());
        StateFormat.writeNames(out, space.denseFeatures());
        out.writeLong(steps);
        out.writeLong(examplesTrained);
        inputs.writeTo(out);
        inputs.writeLearnedTo(out);
        vocabulary.writeTo(out);
        optimizer.writeGlobals(out);
        BlockState.write(predictor.blocks(), out);
        out.writeInt(pending.size());
        for (Pending p : pending) {
            FeatureVector x = p.x();
            out.writeInt(x.indices().length);
            for (int k = 0; k < x.indices().length; k++) {
                out.writeInt(x.indices()[k]);
                out.writeDouble(x.values()[k]);
            }
            for (double v : x.dense()) {
                out.writeDouble(v);
            }
            out.writeDouble(p.label());
            out.writeDouble(p.weight());
            out.writeLong(p.eventTime());
        }
    }

    /**
     * Restores what {@link #writeTo} wrote into a fresh model of {@code config}.
     *
     * @throws IOException on an unknown format version, another family or feature space, or blocks
     *     that do not fit the configured shape and optimizer
     */
    static MiniBatchModel read(ModelConfig config, FeatureSpace space, DataInput in, int cudaDevice)
            throws IOException {
        StateFormat.Header header =
                StateFormat.readHeader(in, StateFormat.ONLINE_VERSION, "model state");
        StateFormat.expectFamily(header.family(), STATE_KIND);
        String family = in.readUTF();
        StateFormat.expectFamily(family, config.family().yamlName());
        int hashBits = in.readInt();
        var names = StateFormat.readNames(in);
        if (hashBits != space.hashBits() || !names.equals(space.denseFeatures())) {
            throw new IOException(
                    "the state of model "
                            + config.id()
                            + " was written for hashBits "
                            + hashBits
                            + " and dense features "
                            + names
                            + " but the feature space has "
                            + space.hashBits()
                            + " and "
                            + space.denseFeatures());
        }
        MiniBatchModel model = new MiniBatchModel(config, space, cudaDevice);
        try {
            model.steps = in.readLong();
            model.examplesTrained = in.readLong();
            model.inputs = DenseInputs.read(in, space.denseInputs());
            model.inputs.readLearned(in);
            model.vocabulary.readFrom(in);
            model.optimizer.readGlobals(in);
            BlockState.read(model.predictor.blocks(), in);
            int count = in.readInt();
            // A batch size lowered since the checkpoint leaves more pending than a batch holds:
            // the next example trains them all.
            if (count < 0 || count > 10_000_000) {
                throw new IOException("corrupt model state: " + count + " pending examples");
            }
            int d = space.denseDimension();
            for (int e = 0; e < count; e++) {
                int nnz = in.readInt();
                if (nnz < 0 || nnz > 1 << 20) {
                    throw new IOException("corrupt model state: " + nnz + " sparse entries");
                }
                int[] indices = new int[nnz];
                double[] values = new double[nnz];
                for (int k = 0; k < nnz; k++) {
                    indices[k] = in.readInt();
                    values[k] = in.readDouble();
                }
                double[] dense = new double[d];
                for (int j = 0; j < d; j++) {
                    dense[j] = in.readDouble();
                }
                model.pending.add(
                        new Pending(
                                new FeatureVector(indices, values, dense),
                                in.readDouble(),
                                in.readDouble(),
                                in.readLong()));
            }
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    @Override
    public void close() {
        backend.close();
    }
}
