package dev.tributary.trainer.model;

import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.optim.DistinctCoordinates;
import dev.tributary.trainer.optim.FtrlProximal;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;

/**
 * Binary logistic regression over hashed sparse features and standardized dense features, trained
 * online with FTRL-Proximal (McMahan et al., "Ad Click Prediction: a View from the Trenches", KDD
 * 2013).
 *
 * <p>{@code logit = bias + sum_k w[indices[k]] * values[k] + sum_j v[j] * ((dense[j] - mean[j]) *
 * invStd[j])} and {@code p = 1 / (1 + exp(-clip(logit, -35, 35)))}. Every weight is an FTRL
 * coordinate: {@code 2^hashBits} sparse ones, one per dense feature, and the bias, which is not
 * regularised. Repeated sparse indices in one vector add up, in prediction and in training alike.
 *
 * <p>The model owns its input normalization: {@link RunningStandardizer} tracks the weighted mean
 * and variance of each dense feature and is updated in {@link #train} before the gradient step, so
 * the step already sees the example standardized with statistics that include it.
 *
 * <p>Memory: {@code 16 * 2^hashBits} bytes for the sparse {@code z} and {@code n} arrays. Not
 * thread-safe.
 */
public final class LogisticRegression implements OnlineModel {

    static final String FAMILY = ModelFamily.LOGISTIC.yamlName();

    private final ModelConfig config;
    private final FeatureSpace space;
    private final FtrlProximal ftrl;

    private final double[] sparseZ;
    private final double[] sparseN;
    private final double[] denseZ;
    private final double[] denseN;
    // Arrays of one so that the bias goes through the same FtrlProximal.step as every coordinate.
    private final double[] biasZ = new double[1];
    private final double[] biasN = new double[1];
    private DenseInputs inputs;
    private final VocabularyCounts vocabulary;
    private long examplesTrained;

    // Scratch for train(), reused so that the hot path does not allocate.
    private final DistinctCoordinates coordinates = new DistinctCoordinates();
    private double[] sparseWeights = new double[16];
    private final double[] denseWeights;
    private final double[] denseInputs;

    /** A fresh model with all weights zero. */
    public LogisticRegression(ModelConfig config, FeatureSpace space) {
        this.config = Objects.requireNonNull(config, "config");
        this.space = Objects.requireNonNull(space, "space");
        if (config.family() != ModelFamily.LOGISTIC) {
            throw new IllegalArgumentException(
                    "model " + config.id() + " is of family " + config.family() + ", not logistic");
        }
        if (!(config.optimizer() instanceof FtrlConfig ftrlConfig)) {
            throw new IllegalArgumentException(
                    "logistic regression trains with ftrl, model "
                            + config.id()
                            + " asks for "
                            + config.optimizer().yamlName());
        }
        this.ftrl = new FtrlProximal(ftrlConfig);
        int d = space.denseDimension();
        this.sparseZ = new double[space.sparseDimension()];
        this.sparseN = new double[space.sparseDimension()];
        this.denseZ = new double[d];
        this.denseN = new double[d];
        this.inputs = new DenseInputs(space.denseInputs());
        this.vocabulary = new VocabularyCounts(space);
        this.denseWeights = new double[d];
        this.denseInputs = new double[d];
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

    @Override
    public double predict(FeatureVector x) {
        return LogisticFunction.probability(logit(x));
    }

    /**
     * The unclipped logit. {@link LinearServingModel#logit} performs the very same floating-point
     * operations in the same order on the frozen weights, which is what makes a frozen model agree
     * with the live one bit for bit; keep the two loops in step.
     */
    public double logit(FeatureVector x) {
        checkDenseLength(x);
        int[] indices = x.indices();
        double[] values = x.values();
        double logit = ftrl.unregularizedWeight(biasZ[0], biasN[0]);
        for (int k = 0; k < indices.length; k++) {
            int i = vocabulary.effective(indices[k]);
            logit += ftrl.weight(sparseZ[i], sparseN[i]) * values[k];
        }
        double[] dense = x.dense();
        double[] mean = inputs.mean;
        double[] invStd = inputs.invStd;
        for (int j = 0; j < dense.length; j++) {
            double prepared = inputs.prepare(j, dense[j]);
            logit += ftrl.weight(denseZ[j], denseN[j]) * ((prepared - mean[j]) * invStd[j]);
        }
        return logit;
    }

    @Override
    public void train(FeatureVector x, double label, double weight) {
        if (!(label >= 0 && label <= 1)) {
            throw new IllegalArgumentException("label must be in [0, 1], was " + label);
        }
        if (!(weight >= 0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weight must be finite and >= 0, was " + weight);
        }
        checkDenseLength(x);
        double[] dense = x.dense();
        inputs.checkTrainable(dense, space.denseFeatures());
        // Validates the sparse part too, before anything changes.
        coordinates.collect(x.indices(), x.values(), sparseZ.length);
        if (weight == 0) {
            return;
        }
        if (!vocabulary.isEmpty()) {
            // Counted first: a value's minCount-th example is already its own.
            vocabulary.count(x.indices());
            coordinates.collect(vocabulary.remap(x.indices()), x.values(), sparseZ.length);
        }
        inputs.update(dense, weight, denseInputs);

        double biasWeight = ftrl.unregularizedWeight(biasZ[0], biasN[0]);
        double logit = biasWeight;
        int distinct = coordinates.size();
        if (sparseWeights.length < distinct) {
            sparseWeights = new double[Math.max(distinct, 2 * sparseWeights.length)];
        }
        for (int j = 0; j < distinct; j++) {
            int i = coordinates.index(j);
            double w = ftrl.weight(sparseZ[i], sparseN[i]);
            sparseWeights[j] = w;
            logit += w * coordinates.value(j);
        }
        double[] mean = inputs.mean;
        double[] invStd = inputs.invStd;
        for (int j = 0; j < dense.length; j++) {
            // denseInputs holds the prepared value; it becomes the standardized input here.
            double input = (denseInputs[j] - mean[j]) * invStd[j];
            double w = ftrl.weight(denseZ[j], denseN[j]);
            denseInputs[j] = input;
            denseWeights[j] = w;
            logit += w * input;
        }

        // d(weighted log loss)/d(logit) = weight * (p - y); each coordinate's gradient is that
        // times its input.
        double residual = weight * (LogisticFunction.probability(logit) - label);
        ftrl.step(biasZ, biasN, 0, biasWeight, residual);
        for (int j = 0; j < distinct; j++) {
            ftrl.step(
                    sparseZ,
                    sparseN,
                    coordinates.index(j),
                    sparseWeights[j],
                    residual * coordinates.value(j));
        }
        for (int j = 0; j < dense.length; j++) {
            ftrl.step(denseZ, denseN, j, denseWeights[j], residual * denseInputs[j]);
        }
        examplesTrained++;
    }

    @Override
    public LinearServingModel freeze() {
        double[] weights = new double[sparseZ.length];
        for (int i = 0; i < sparseZ.length; i++) {
            // A coordinate with z == 0 has weight +0.0, which the new array already holds.
            if (sparseZ[i] != 0) {
                weights[i] = ftrl.weight(sparseZ[i], sparseN[i]);
            }
        }
        vocabulary.fold(weights);
        double[] dense = new double[denseZ.length];
        for (int j = 0; j < dense.length; j++) {
            dense[j] = ftrl.weight(denseZ[j], denseN[j]);
        }
        return new LinearServingModel(
                space.hashBits(),
                inputs.freeze(),
                ftrl.unregularizedWeight(biasZ[0], biasN[0]),
                weights,
                dense,
                vocabulary.admitted());
    }

    private void checkDenseLength(FeatureVector x) {
        if (x.dense().length != denseZ.length) {
            throw new IllegalArgumentException(
                    "expected "
                            + denseZ.length
                            + " dense features "
                            + space.denseFeatures()
                            + ", got "
                            + x.dense().length);
        }
    }

    /**
     * Format, version {@code StateFormat.ONLINE_VERSION}: header (version, family), hashBits, dense
     * feature names, examples trained, bias (z, n), dense coordinates (z, n each), the
     * standardizer, then the count of touched sparse coordinates and each as (index, z, n) in
     * ascending index order, then (version 2) the learned statistics of the dense inputs that
     * impute or clip and the vocabulary counts. Untouched coordinates (z = n = 0) are left out, so
     * the size follows the features seen rather than {@code 2^hashBits}.
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        StateFormat.writeHeader(out, StateFormat.ONLINE_VERSION, FAMILY);
        out.writeInt(space.hashBits());
        StateFormat.writeNames(out, space.denseFeatures());
        out.writeLong(examplesTrained);
        out.writeDouble(biasZ[0]);
        out.writeDouble(biasN[0]);
        for (int j = 0; j < denseZ.length; j++) {
            out.writeDouble(denseZ[j]);
            out.writeDouble(denseN[j]);
        }
        inputs.writeTo(out);
        int touched = 0;
        for (int i = 0; i < sparseZ.length; i++) {
            if (isTouched(i)) {
                touched++;
            }
        }
        out.writeInt(touched);
        for (int i = 0; i < sparseZ.length; i++) {
            if (isTouched(i)) {
                out.writeInt(i);
                out.writeDouble(sparseZ[i]);
                out.writeDouble(sparseN[i]);
            }
        }
        inputs.writeLearnedTo(out);
        vocabulary.writeTo(out);
    }

    private boolean isTouched(int i) {
        // n alone is not enough: a gradient so small that g*g underflows still moves z.
        return sparseN[i] != 0 || sparseZ[i] != 0;
    }

    /**
     * Restores what {@link #writeTo} wrote.
     *
     * @throws IOException on an unknown format version, another model family, or state written for
     *     a different feature space
     */
    static LogisticRegression read(ModelConfig config, FeatureSpace space, DataInput in)
            throws IOException {
        StateFormat.Header header =
                StateFormat.readHeader(in, StateFormat.ONLINE_VERSION, "model state");
        StateFormat.expectFamily(header.family(), FAMILY);
        LogisticRegression model = new LogisticRegression(config, space);
        int hashBits = in.readInt();
        if (hashBits != space.hashBits()) {
            throw new IOException(
                    "the state of model "
                            + config.id()
                            + " was written for hashBits "
                            + hashBits
                            + " but the feature space has "
                            + space.hashBits());
        }
        var names = StateFormat.readNames(in);
        if (!names.equals(space.denseFeatures())) {
            throw new IOException(
                    "the state of model "
                            + config.id()
                            + " was written for dense features "
                            + names
                            + " but the feature space has "
                            + space.denseFeatures());
        }
        model.examplesTrained = in.readLong();
        model.biasZ[0] = in.readDouble();
        model.biasN[0] = in.readDouble();
        for (int j = 0; j < model.denseZ.length; j++) {
            model.denseZ[j] = in.readDouble();
            model.denseN[j] = in.readDouble();
        }
        model.inputs = DenseInputs.read(in, space.denseInputs());
        int touched = in.readInt();
        if (touched < 0 || touched > model.sparseZ.length) {
            throw new IOException("corrupt model state: " + touched + " sparse coordinates");
        }
        int previous = -1;
        for (int c = 0; c < touched; c++) {
            int i = in.readInt();
            if (i <= previous || i >= model.sparseZ.length) {
                throw new IOException(
                        "corrupt model state: sparse index " + i + " after " + previous);
            }
            model.sparseZ[i] = in.readDouble();
            model.sparseN[i] = in.readDouble();
            previous = i;
        }
        if (header.version() >= 2) {
            model.inputs.readLearned(in);
            model.vocabulary.readFrom(in);
        }
        return model;
    }
}
