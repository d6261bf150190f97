package dev.tributary.trainer.model;

import dev.tributary.core.config.Clipping;
import dev.tributary.core.config.DenseInput;
import dev.tributary.core.config.Imputation;
import dev.tributary.core.model.InputStatistics;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * How a model prepares its dense inputs, with the statistics it learns for them from the examples
 * it trains on: a missing value ({@code NaN}) takes the running mean or median of the values seen,
 * a value is clipped to the running quantiles, and it is standardized by the running mean and
 * variance of the prepared values ({@link RunningStandardizer}).
 *
 * <p>The model owns these statistics, as it owns its weights: they are checkpointed with it, frozen
 * into each published version ({@link #freeze}) and reproduced by its ONNX graph, so that serving
 * prepares inputs exactly as training did. The effective values are kept in flat arrays for the hot
 * path: {@code prepared = min(max(isNaN(x) ? impute : x, lower), upper)}, {@code standardized =
 * (prepared - mean) * invStd}. Where a feature learns nothing, those are the identity ({@code NaN},
 * {@code -Infinity}, {@code +Infinity}, 0 and 1).
 *
 * <p>Not thread-safe.
 */
final class DenseInputs {

    private final List<DenseInput> inputs;
    private final RunningStandardizer standardizer;
    // Learned raw-value statistics, only for the features that need them (null otherwise).
    private final long[] observed;
    private final double[] observedMean;
    private final StreamingQuantile[] medians;
    private final StreamingQuantile[] lowerQuantiles;
    private final StreamingQuantile[] upperQuantiles;

    // The effective preparation, refreshed after every update.
    final double[] impute;
    final double[] lower;
    final double[] upper;
    final double[] mean;
    final double[] invStd;

    DenseInputs(List<DenseInput> inputs) {
        this(inputs, new RunningStandardizer(inputs.size()));
    }

    private DenseInputs(List<DenseInput> inputs, RunningStandardizer standardizer) {
        this.inputs = List.copyOf(inputs);
        this.standardizer = standardizer;
        int d = inputs.size();
        observed = new long[d];
        observedMean = new double[d];
        medians = new StreamingQuantile[d];
        lowerQuantiles = new StreamingQuantile[d];
        upperQuantiles = new StreamingQuantile[d];
        for (int j = 0; j < d; j++) {
            DenseInput input = inputs.get(j);
            if (input.impute().kind() == Imputation.Kind.MEDIAN) {
                medians[j] = new StreamingQuantile(0.5);
            }
            if (input.clip().kind() == Clipping.Kind.QUANTILES) {
                lowerQuantiles[j] = new StreamingQuantile(input.clip().lower());
                upperQuantiles[j] = new StreamingQuantile(input.clip().upper());
            }
        }
        impute = new double[d];
        lower = new double[d];
        upper = new double[d];
        mean = new double[d];
        invStd = new double[d];
        refresh();
    }

    int dimension() {
        return inputs.size();
    }

    /** Whether feature {@code j} may arrive missing ({@code NaN}): the model imputes it. */
    boolean imputes(int j) {
        return inputs.get(j).impute().isLearned();
    }

    /**
     * Rejects a training example's dense value that is neither finite nor a missing value this
     * model imputes.
     *
     * @throws IllegalArgumentException naming the feature
     */
    void checkTrainable(double[] dense, List<String> names) {
        for (int j = 0; j < dense.length; j++) {
            boolean missing = Double.isNaN(dense[j]) && imputes(j);
            if (!Double.isFinite(dense[j]) && !missing) {
                throw new IllegalArgumentException(
                        "dense feature " + names.get(j) + " is not finite");
            }
        }
    }

    /** The prepared (imputed and clipped, not yet standardized) value of feature {@code j}. */
    double prepare(int j, double x) {
        double v = x != x ? impute[j] : x;
        return Math.min(Math.max(v, lower[j]), upper[j]);
    }

    /**
     * Learns from one training example's raw dense values: first the raw statistics (of the values
     * present), then the standardizer on the prepared values, so that the step that follows sees
     * the example prepared with statistics that include it.
     *
     * @param prepared receives the prepared values
     */
    void update(double[] raw, double weight, double[] prepared) {
        if (!(weight > 0)) {
            return;
        }
        for (int j = 0; j < raw.length; j++) {
            double x = raw[j];
            if (x != x || !inputs.get(j).learnsStatistics()) {
                continue;
            }
            observed[j]++;
            observedMean[j] += (x - observedMean[j]) / observed[j];
            if (medians[j] != null) {
                medians[j].add(x);
            }
            if (lowerQuantiles[j] != null) {
                lowerQuantiles[j].add(x);
                upperQuantiles[j].add(x);
            }
        }
        refreshImputeAndClip();
        for (int j = 0; j < raw.length; j++) {
            prepared[j] = prepare(j, raw[j]);
        }
        standardizer.update(prepared, weight);
        refreshStandardization();
    }

    private void refresh() {
        refreshImputeAndClip();
        refreshStandardization();
    }

    private void refreshImputeAndClip() {
        for (int j = 0; j < impute.length; j++) {
            DenseInput input = inputs.get(j);
            impute[j] =
                    switch (input.impute().kind()) {
                        case CONSTANT -> Double.NaN;
                        case MEAN -> observedMean[j];
                        case MEDIAN -> observed[j] == 0 ? 0.0 : medians[j].estimate();
                    };
            boolean clips = lowerQuantiles[j] != null && observed[j] > 0;
            lower[j] = clips ? lowerQuantiles[j].estimate() : Double.NEGATIVE_INFINITY;
            upper[j] = clips ? upperQuantiles[j].estimate() : Double.POSITIVE_INFINITY;
        }
    }

    private void refreshStandardization() {
        double[] m = standardizer.meanView();
        double[] s = standardizer.invStdView();
        for (int j = 0; j < mean.length; j++) {
            boolean standardize = inputs.get(j).standardize();
            mean[j] = standardize ? m[j] : 0.0;
            invStd[j] = standardize ? s[j] : 1.0;
        }
    }

    /** The statistics in force, as a frozen model and its manifest carry them. */
    InputStatistics freeze() {
        return new InputStatistics(
                inputs.stream().map(DenseInput::name).toList(),
                impute.clone(),
                lower.clone(),
                upper.clone(),
                mean.clone(),
                invStd.clone());
    }

    /** Writes the standardizer (as the first state format did), then the learned statistics. */
    void writeTo(DataOutput out) throws IOException {
        standardizer.writeTo(out);
    }

    /** Writes the raw-value statistics of the features that learn them (format 2 and later). */
    void writeLearnedTo(DataOutput out) throws IOException {
        for (int j = 0; j < inputs.size(); j++) {
            if (!inputs.get(j).learnsStatistics()) {
                continue;
            }
            out.writeLong(observed[j]);
            out.writeDouble(observedMean[j]);
            if (medians[j] != null) {
                medians[j].writeTo(out);
            }
            if (lowerQuantiles[j] != null) {
                lowerQuantiles[j].writeTo(out);
                upperQuantiles[j].writeTo(out);
            }
        }
    }

    /** Reads what {@link #writeTo} wrote; {@link #readLearned} follows for format 2. */
    static DenseInputs read(DataInput in, List<DenseInput> inputs) throws IOException {
        return new DenseInputs(inputs, RunningStandardizer.read(in, inputs.size()));
    }

    void readLearned(DataInput in) throws IOException {
        for (int j = 0; j < inputs.size(); j++) {
            if (!inputs.get(j).learnsStatistics()) {
                continue;
            }
            observed[j] = in.readLong();
            observedMean[j] = in.readDouble();
            if (observed[j] < 0 || !Double.isFinite(observedMean[j])) {
                throw new IOException(
                        "corrupt input statistics of " + inputs.get(j).name() + ": " + observed[j]);
            }
            if (medians[j] != null) {
                medians[j] = StreamingQuantile.read(in);
            }
            if (lowerQuantiles[j] != null) {
                lowerQuantiles[j] = StreamingQuantile.read(in);
                upperQuantiles[j] = StreamingQuantile.read(in);
            }
        }
        refresh();
    }

    @Override
    public String toString() {
        return "DenseInputs" + Arrays.toString(mean);
    }
}
