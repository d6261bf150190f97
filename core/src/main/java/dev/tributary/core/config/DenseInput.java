package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * How a model prepares one dense feature before its weight applies: a missing value ({@code NaN})
 * is replaced by a statistic the model learns, the value is clipped to learned quantiles, and it is
 * standardized by the running mean and variance. Every statistic is model state: checkpointed with
 * the weights, frozen into each published version and its ONNX graph.
 *
 * @param name the feature's name
 * @param impute the learned imputation of a missing value, or {@link Imputation#ZERO} when the
 *     featurizer never leaves a value missing
 * @param clip learned quantile bounds, or {@link Clipping#NONE}
 * @param standardize whether the value is standardized
 */
public record DenseInput(String name, Imputation impute, Clipping clip, boolean standardize)
        implements Serializable {

    public DenseInput {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(impute, "impute");
        Objects.requireNonNull(clip, "clip");
        if (clip.kind() == Clipping.Kind.FIXED) {
            throw new IllegalArgumentException(
                    "fixed clipping is the featurizer's; a dense input clips to learned quantiles");
        }
        if (impute.kind() == Imputation.Kind.CONSTANT && impute.constant() != 0.0) {
            throw new IllegalArgumentException(
                    "constant imputation is the featurizer's; a dense input learns its imputation");
        }
    }

    /** A plain standardized feature, never missing. */
    public static DenseInput standardized(String name) {
        return new DenseInput(name, Imputation.ZERO, Clipping.NONE, true);
    }

    /** A feature used as it is, e.g. an indicator or a cyclic encoding. */
    public static DenseInput raw(String name) {
        return new DenseInput(name, Imputation.ZERO, Clipping.NONE, false);
    }

    /** Whether the model must learn statistics of the raw values (imputation or clip bounds). */
    public boolean learnsStatistics() {
        return impute.isLearned() || clip.isLearned();
    }
}
