package dev.tributary.core.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * The statistics a model prepares its dense inputs with, as they were when it was frozen: for each
 * dense feature, {@code x = isNaN(x) ? impute : x}, then {@code x = min(max(x, lower), upper)},
 * then {@code (x - mean) * invStd}. A feature without learned imputation (it never arrives missing)
 * has {@code impute = NaN}; one without clipping has infinite bounds; one not standardized has mean
 * 0 and invStd 1. Published with every model version, so that anyone can reproduce its inputs.
 */
public record InputStatistics(
        List<String> names,
        double[] impute,
        double[] lower,
        double[] upper,
        double[] mean,
        double[] invStd)
        implements Serializable {

    public InputStatistics {
        names = List.copyOf(names);
        int d = names.size();
        if (impute.length != d
                || lower.length != d
                || upper.length != d
                || mean.length != d
                || invStd.length != d) {
            throw new IllegalArgumentException(
                    "input statistics do not match the " + d + " dense features");
        }
    }

    /** Statistics for features that are standardized only (no imputation, no clipping). */
    public static InputStatistics standardizedOnly(
            List<String> names, double[] mean, double[] invStd) {
        int d = names.size();
        double[] impute = new double[d];
        double[] lower = new double[d];
        double[] upper = new double[d];
        Arrays.fill(impute, Double.NaN);
        Arrays.fill(lower, Double.NEGATIVE_INFINITY);
        Arrays.fill(upper, Double.POSITIVE_INFINITY);
        return new InputStatistics(names, impute, lower, upper, mean, invStd);
    }

    public int dimension() {
        return names.size();
    }

    /** Whether any feature is imputed or clipped, beyond standardization. */
    public boolean imputesOrClips() {
        for (int j = 0; j < names.size(); j++) {
            if (!Double.isNaN(impute[j])
                    || lower[j] != Double.NEGATIVE_INFINITY
                    || upper[j] != Double.POSITIVE_INFINITY) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputStatistics other
                && names.equals(other.names)
                && Arrays.equals(impute, other.impute)
                && Arrays.equals(lower, other.lower)
                && Arrays.equals(upper, other.upper)
                && Arrays.equals(mean, other.mean)
                && Arrays.equals(invStd, other.invStd);
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + Arrays.hashCode(mean);
    }

    @Override
    public String toString() {
        return "InputStatistics" + names;
    }
}
