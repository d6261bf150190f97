package dev.tributary.core.config;

import java.io.Serializable;
import java.util.List;

/**
 * The shape of the feature vectors a featurizer produces, which every model of an experiment
 * consumes: sparse indices in {@code [0, 2^hashBits)} and one dense value per dense input.
 *
 * @param hashBits sparse indices are hashed into {@code 2^hashBits} buckets (1..30)
 * @param denseInputs the dense features, in vector order, with how a model prepares each
 * @param spec the canonical JSON of the feature spec that makes these vectors, or empty when the
 *     space was built in code; published models carry it, so that their inputs can be reproduced
 * @param vocabularies the category fields with a learned vocabulary, whose ranges follow the hashed
 *     space in this order
 */
public record FeatureSpace(
        int hashBits, List<DenseInput> denseInputs, String spec, List<Vocabulary> vocabularies)
        implements Serializable {

    public FeatureSpace {
        if (hashBits < 1 || hashBits > 30) {
            throw new IllegalArgumentException("hashBits must be in 1..30, was " + hashBits);
        }
        denseInputs = List.copyOf(denseInputs);
        spec = spec == null ? "" : spec;
        vocabularies = List.copyOf(vocabularies);
        long dimension = 1L << hashBits;
        for (Vocabulary v : vocabularies) {
            dimension += v.size();
        }
        if (dimension > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the sparse space is too large: " + dimension);
        }
    }

    /** A space without vocabularies. */
    public FeatureSpace(int hashBits, List<DenseInput> denseInputs, String spec) {
        this(hashBits, denseInputs, spec, List.of());
    }

    /** A space of plain standardized dense features, as in tests and benchmarks. */
    public static FeatureSpace of(int hashBits, List<String> denseFeatures) {
        return new FeatureSpace(
                hashBits, denseFeatures.stream().map(DenseInput::standardized).toList(), "");
    }

    /** The names of the dense features, in vector order. */
    public List<String> denseFeatures() {
        return denseInputs.stream().map(DenseInput::name).toList();
    }

    /** The number of sparse coordinates: the hashed space, then each vocabulary's range. */
    public int sparseDimension() {
        int dimension = 1 << hashBits;
        for (Vocabulary v : vocabularies) {
            dimension += v.size();
        }
        return dimension;
    }

    /** The first coordinate of vocabulary {@code k}'s range: its out-of-vocabulary bucket. */
    public int vocabularyBase(int k) {
        int base = 1 << hashBits;
        for (int j = 0; j < k; j++) {
            base += vocabularies.get(j).size();
        }
        return base;
    }

    public int denseDimension() {
        return denseInputs.size();
    }
}
