package dev.tributary.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * The model input for one example: a sparse part (hashed categorical features and crosses, as
 * parallel index and value arrays) and a dense part (numeric features in the order of the feature
 * spec). Arrays are owned by the vector and must not be changed after construction.
 */
public record FeatureVector(int[] indices, double[] values, double[] dense) {

    public FeatureVector {
        Objects.requireNonNull(indices, "indices");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(dense, "dense");
        if (indices.length != values.length) {
            throw new IllegalArgumentException(
                    "indices and values differ in length: "
                            + indices.length
                            + " != "
                            + values.length);
        }
    }

    public int sparseSize() {
        return indices.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector other
                && Arrays.equals(indices, other.indices)
                && Arrays.equals(values, other.values)
                && Arrays.equals(dense, other.dense);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(indices) + Arrays.hashCode(values))
                + Arrays.hashCode(dense);
    }

    @Override
    public String toString() {
        return "FeatureVector[indices="
                + Arrays.toString(indices)
                + ", values="
                + Arrays.toString(values)
                + ", dense="
                + Arrays.toString(dense)
                + "]";
    }
}
