package dev.tributary.core.config;

import java.io.Serializable;

/**
 * Population stability (PSI) of every dense input feature: how far the distribution of its recent
 * values has moved from a reference. It needs no labels, so it sees a change of the inputs before
 * the error rate does.
 *
 * @param reference the first values of each feature that fix its reference distribution
 * @param window the most recent values compared with the reference
 * @param bins quantile bins of the reference (10: deciles), plus one for missing values
 */
public record FeatureDriftConfig(int reference, int window, int bins) implements Serializable {

    public static final FeatureDriftConfig DEFAULTS = new FeatureDriftConfig(10_000, 10_000, 10);

    /** The most values in a reference or window: each costs 4 to 8 bytes of state per feature. */
    public static final int MAX_VALUES = 1_000_000;

    /** The most bins. */
    public static final int MAX_BINS = 1000;

    public FeatureDriftConfig {
        if (reference < 1 || reference > MAX_VALUES || window < 1 || window > MAX_VALUES) {
            throw new IllegalArgumentException(
                    "feature drift reference "
                            + reference
                            + " and window "
                            + window
                            + " must be in 1.."
                            + MAX_VALUES);
        }
        if (bins < 2 || bins > MAX_BINS) {
            throw new IllegalArgumentException(
                    "feature drift bins " + bins + " must be in 2.." + MAX_BINS);
        }
    }
}
