package dev.tributary.core.config;

import java.io.Serializable;
import java.util.List;

/**
 * How a number or integer becomes a feature. In order: {@code log1p}, then fixed clipping; a
 * missing value is imputed; then either bucketizing (the value becomes the category of its bucket)
 * or a dense feature, which the model clips to learned quantiles and standardizes.
 *
 * @param log1p {@code log(1 + x)}, for heavy-tailed non-negative values; needs {@code x > -1}
 * @param clip bounds to clip to
 * @param impute what a missing value becomes
 * @param missingIndicator add a dense 0/1 feature {@code <name>:missing}
 * @param buckets ascending boundaries: value {@code x} falls in bucket {@code k}, the number of
 *     boundaries {@code <= x}; empty keeps the number dense
 * @param standardize whether the model standardizes the dense value by its running mean and
 *     variance
 */
public record NumberTransforms(
        boolean log1p,
        Clipping clip,
        Imputation impute,
        boolean missingIndicator,
        List<Double> buckets,
        boolean standardize)
        implements Serializable {

    public static final NumberTransforms NONE =
            new NumberTransforms(false, Clipping.NONE, Imputation.ZERO, false, List.of(), true);

    public NumberTransforms {
        buckets = List.copyOf(buckets);
        for (int i = 1; i < buckets.size(); i++) {
            if (!(buckets.get(i - 1) < buckets.get(i))) {
                throw new IllegalArgumentException("bucket boundaries must ascend: " + buckets);
            }
        }
    }

    public boolean isBucketized() {
        return !buckets.isEmpty();
    }

    /** The bucket of {@code x}: how many boundaries are {@code <= x}. */
    public int bucketOf(double x) {
        int lo = 0;
        int hi = buckets.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (buckets.get(mid) <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
