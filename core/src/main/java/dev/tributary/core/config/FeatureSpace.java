package dev.tributary.core.config;

import java.io.Serializable;
import java.util.List;

/**
 * The shape of the feature vectors a featurizer produces, which every model of an experiment
 * consumes: sparse indices in {@code [0, 2^hashBits)} and one dense value per named dense feature.
 *
 * @param hashBits sparse indices are hashed into {@code 2^hashBits} buckets (1..30)
 * @param denseFeatures names of the dense features, in vector order
 */
public record FeatureSpace(int hashBits, List<String> denseFeatures) implements Serializable {

    public FeatureSpace {
        if (hashBits < 1 || hashBits > 30) {
            throw new IllegalArgumentException("hashBits must be in 1..30, was " + hashBits);
        }
        denseFeatures = List.copyOf(denseFeatures);
    }

    public int sparseDimension() {
        return 1 << hashBits;
    }

    public int denseDimension() {
        return denseFeatures.size();
    }
}
