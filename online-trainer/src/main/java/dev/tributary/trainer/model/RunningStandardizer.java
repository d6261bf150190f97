package dev.tributary.trainer.model;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Running, weighted mean and variance of each dense feature (Welford's algorithm in West's weighted
 * form, 1979), from which a model standardizes its dense inputs as {@code (x - mean) * invStd}.
 *
 * <p>{@code invStd = 1 / sqrt(var)} where {@code var = m2 / weightSum} is the weighted population
 * variance, but only once at least two examples were seen and {@code var > 1e-12}; otherwise {@code
 * invStd = 1.0}, so that a constant or not-yet-seen feature is centred but not blown up. The model
 * owns this state so that its ONNX export carries the exact same mean and invStd and serving sees
 * no skew from training.
 *
 * <p>Updated only by training; not thread-safe.
 */
public final class RunningStandardizer {

    /** Variances at or below this are treated as zero (invStd = 1). */
    public static final double MIN_VARIANCE = 1e-12;

    private final double[] mean;
    private final double[] m2;
    private final double[] invStd;
    private long count;
    private double weightSum;

    public RunningStandardizer(int dimension) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0, was " + dimension);
        }
        this.mean = new double[dimension];
        this.m2 = new double[dimension];
        this.invStd = new double[dimension];
        Arrays.fill(invStd, 1.0);
    }

    /** The number of features. */
    public int dimension() {
        return mean.length;
    }

    /** Adds one observation; a weight {@code <= 0} is ignored. */
    public void update(double[] x, double weight) {
        if (!(weight > 0)) {
            return;
        }
        count++;
        weightSum += weight;
        double share = weight / weightSum;
        for (int j = 0; j < mean.length; j++) {
            double delta = x[j] - mean[j];
            mean[j] += share * delta;
            m2[j] += weight * delta * (x[j] - mean[j]);
        }
        refreshInvStd();
    }

    /** The number of observations with a positive weight. */
    public long count() {
        return count;
    }

    /** The sum of the weights of all observations. */
    public double weightSum() {
        return weightSum;
    }

    /** A copy of the running means. */
    public double[] mean() {
        return mean.clone();
    }

    /** A copy of the current inverse standard deviations. */
    public double[] invStd() {
        return invStd.clone();
    }

    // Views for the hot path of models in this package: no copy per prediction.
    double[] meanView() {
        return mean;
    }

    double[] invStdView() {
        return invStd;
    }

    private void refreshInvStd() {
        for (int j = 0; j < mean.length; j++) {
            double variance = m2[j] / weightSum;
            invStd[j] = count >= 2 && variance > MIN_VARIANCE ? 1.0 / Math.sqrt(variance) : 1.0;
        }
    }

    /** Writes count, weight sum, means and second moments (invStd is derived on read). */
    public void writeTo(DataOutput out) throws IOException {
        out.writeLong(count);
        out.writeDouble(weightSum);
        for (int j = 0; j < mean.length; j++) {
            out.writeDouble(mean[j]);
            out.writeDouble(m2[j]);
        }
    }

    /** Reads what {@link #writeTo} wrote for a standardizer of {@code dimension} features. */
    public static RunningStandardizer read(DataInput in, int dimension) throws IOException {
        RunningStandardizer s = new RunningStandardizer(dimension);
        s.count = in.readLong();
        s.weightSum = in.readDouble();
        if (s.count < 0 || !(s.weightSum >= 0)) {
            throw new IOException(
                    "corrupt standardizer state: count " + s.count + ", weight sum " + s.weightSum);
        }
        for (int j = 0; j < dimension; j++) {
            s.mean[j] = in.readDouble();
            s.m2[j] = in.readDouble();
        }
        if (s.count > 0) {
            s.refreshInvStd();
        }
        return s;
    }
}
