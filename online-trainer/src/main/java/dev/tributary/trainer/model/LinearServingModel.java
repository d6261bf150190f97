package dev.tributary.trainer.model;

import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.InputStatistics;
import dev.tributary.trainer.onnx.LogisticOnnxGraph;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A frozen logistic regression: bias, sparse weights, dense weights and the dense features' mean
 * and inverse standard deviation at the moment of freezing.
 *
 * <p>Sparse weights are held in memory as a dense array (the {@code 2^hashBits} hashed coordinates,
 * then any vocabularies' ranges) so that a prediction is a plain gather; on the wire ({@link
 * #writeTo}) only the non-zero ones are written. Immutable and thread-safe: the arrays never leave
 * this object.
 */
public final class LinearServingModel implements ServingModel {

    private final int hashBits;
    private final InputStatistics inputs;
    private final List<String> denseFeatures;
    private final double bias;
    private final double[] weights;
    private final double[] denseWeights;
    // The arrays of inputs, for the hot path.
    private final double[] impute;
    private final double[] lower;
    private final double[] upper;
    private final double[] mean;
    private final double[] invStd;

    private final Map<String, Long> vocabularyAdmitted;

    /** A model without vocabularies. */
    LinearServingModel(
            int hashBits,
            InputStatistics inputs,
            double bias,
            double[] weights,
            double[] denseWeights) {
        this(hashBits, inputs, bias, weights, denseWeights, Map.of());
    }

    /**
     * Takes ownership of the arrays: callers hand over fresh ones.
     *
     * @param weights the sparse weights: the hashed space, then each vocabulary's range with the
     *     OOV weight already copied onto the coordinates out of the vocabulary
     * @param vocabularyAdmitted per vocabulary field, how many values were in its vocabulary
     */
    LinearServingModel(
            int hashBits,
            InputStatistics inputs,
            double bias,
            double[] weights,
            double[] denseWeights,
            Map<String, Long> vocabularyAdmitted) {
        this.hashBits = hashBits;
        this.vocabularyAdmitted = Map.copyOf(vocabularyAdmitted);
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.denseFeatures = inputs.names();
        this.bias = bias;
        this.weights = Objects.requireNonNull(weights, "weights");
        this.denseWeights = Objects.requireNonNull(denseWeights, "denseWeights");
        this.impute = inputs.impute();
        this.lower = inputs.lower();
        this.upper = inputs.upper();
        this.mean = inputs.mean();
        this.invStd = inputs.invStd();
        if (weights.length < 1 << hashBits) {
            throw new IllegalArgumentException(
                    weights.length + " sparse weights for hashBits " + hashBits);
        }
        if (denseWeights.length != denseFeatures.size()) {
            throw new IllegalArgumentException(
                    "dense parameters do not match the "
                            + denseFeatures.size()
                            + " dense features");
        }
    }

    @Override
    public double predict(FeatureVector x) {
        return LogisticFunction.probability(logit(x));
    }

    /**
     * The unclipped logit: the same floating-point operations, in the same order, as {@link
     * LogisticRegression#logit}, so both agree bit for bit.
     */
    public double logit(FeatureVector x) {
        double[] dense = x.dense();
        if (dense.length != denseWeights.length) {
            throw new IllegalArgumentException(
                    "expected "
                            + denseWeights.length
                            + " dense features "
                            + denseFeatures
                            + ", got "
                            + dense.length);
        }
        int[] indices = x.indices();
        double[] values = x.values();
        double logit = bias;
        for (int k = 0; k < indices.length; k++) {
            logit += weights[indices[k]] * values[k];
        }
        for (int j = 0; j < dense.length; j++) {
            double v = dense[j];
            double prepared = Math.min(Math.max(v != v ? impute[j] : v, lower[j]), upper[j]);
            logit += denseWeights[j] * ((prepared - mean[j]) * invStd[j]);
        }
        return logit;
    }

    @Override
    public boolean isFinite() {
        return Double.isFinite(bias) && allFinite(weights) && allFinite(denseWeights);
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public int hashBits() {
        return hashBits;
    }

    public List<String> denseFeatures() {
        return denseFeatures;
    }

    public double bias() {
        return bias;
    }

    /** The weight of sparse coordinate {@code index}. */
    public double weight(int index) {
        return weights[index];
    }

    /** The number of sparse weights that are not zero. */
    public int nonZeroWeights() {
        int count = 0;
        for (double w : weights) {
            if (isStored(w)) {
                count++;
            }
        }
        return count;
    }

    /** A copy of the dense weights, in feature order. */
    public double[] denseWeights() {
        return denseWeights.clone();
    }

    /** The statistics the dense inputs are prepared with (shares its arrays: do not change). */
    @Override
    public InputStatistics inputStatistics() {
        return inputs;
    }

    /** A copy of the dense features' means at freezing. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the dense features' inverse standard deviations at freezing. */
    public double[] invStd() {
        return invStd.clone();
    }

    @Override
    public Map<String, Long> vocabularyAdmitted() {
        return vocabularyAdmitted;
    }

    @Override
    public byte[] toOnnx(Map<String, String> metadata) {
        return LogisticOnnxGraph.build(bias, weights, denseWeights, inputs, metadata);
    }

    /**
     * Format, version {@code StateFormat.SERVING_VERSION}: header (version, family), hashBits,
     * dense feature names, bias, then (weight, mean, invStd, and since version 2 impute, lower,
     * upper) per dense feature, then the count of stored sparse weights and each as (index, weight)
     * in ascending index order.
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        StateFormat.writeHeader(out, StateFormat.SERVING_VERSION, LogisticRegression.FAMILY);
        out.writeInt(hashBits);
        out.writeInt(weights.length);
        StateFormat.writeNames(out, denseFeatures);
        out.writeDouble(bias);
        for (int j = 0; j < denseWeights.length; j++) {
            out.writeDouble(denseWeights[j]);
            out.writeDouble(mean[j]);
            out.writeDouble(invStd[j]);
            out.writeDouble(impute[j]);
            out.writeDouble(lower[j]);
            out.writeDouble(upper[j]);
        }
        out.writeInt(nonZeroWeights());
        for (int i = 0; i < weights.length; i++) {
            if (isStored(weights[i])) {
                out.writeInt(i);
                out.writeDouble(weights[i]);
            }
        }
        out.writeInt(vocabularyAdmitted.size());
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(vocabularyAdmitted).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    // Compares bits, not values: a -0.0 weight must survive the round trip bit for bit.
    private static boolean isStored(double w) {
        return Double.doubleToRawLongBits(w) != 0L;
    }

    /** Reads the body that follows the header written by {@link #writeTo}. */
    static LinearServingModel readBody(DataInput in, int version) throws IOException {
        int hashBits = in.readInt();
        StateFormat.checkHashBits(hashBits);
        int sparseDimension = version >= 2 ? in.readInt() : 1 << hashBits;
        if (sparseDimension < 1 << hashBits || sparseDimension > Integer.MAX_VALUE - 8) {
            throw new IOException("corrupt serving model: " + sparseDimension + " sparse weights");
        }
        List<String> names = StateFormat.readNames(in);
        double bias = in.readDouble();
        int d = names.size();
        double[] denseWeights = new double[d];
        double[] mean = new double[d];
        double[] invStd = new double[d];
        InputStatistics defaults = InputStatistics.standardizedOnly(names, mean, invStd);
        double[] impute = defaults.impute();
        double[] lower = defaults.lower();
        double[] upper = defaults.upper();
        for (int j = 0; j < d; j++) {
            denseWeights[j] = in.readDouble();
            mean[j] = in.readDouble();
            invStd[j] = in.readDouble();
            if (version >= 2) {
                impute[j] = in.readDouble();
                lower[j] = in.readDouble();
                upper[j] = in.readDouble();
            }
        }
        double[] weights = new double[sparseDimension];
        int stored = in.readInt();
        if (stored < 0 || stored > weights.length) {
            throw new IOException("corrupt serving model: " + stored + " sparse weights");
        }
        int previous = -1;
        for (int c = 0; c < stored; c++) {
            int i = in.readInt();
            if (i <= previous || i >= weights.length) {
                throw new IOException(
                        "corrupt serving model: sparse index " + i + " after " + previous);
            }
            weights[i] = in.readDouble();
            previous = i;
        }
        Map<String, Long> admitted = new java.util.HashMap<>();
        if (version >= 2) {
            int vocabularies = in.readInt();
            if (vocabularies < 0 || vocabularies > 10_000) {
                throw new IOException("corrupt serving model: " + vocabularies + " vocabularies");
            }
            for (int k = 0; k < vocabularies; k++) {
                admitted.put(in.readUTF(), in.readLong());
            }
        }
        return new LinearServingModel(
                hashBits,
                new InputStatistics(names, impute, lower, upper, mean, invStd),
                bias,
                weights,
                denseWeights,
                admitted);
    }
}
