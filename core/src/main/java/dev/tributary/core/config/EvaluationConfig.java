package dev.tributary.core.config;

import java.io.Serializable;

/**
 * How models are judged prequentially, and how their input is watched.
 *
 * @param window the number of most recent examples the windowed metrics cover
 * @param slices metrics per value of a field with the worst slices reported, or {@code null}
 * @param featureDrift the population stability of every dense input feature, or {@code null} for
 *     none
 */
public record EvaluationConfig(int window, SliceConfig slices, FeatureDriftConfig featureDrift)
        implements Serializable {

    public static final int DEFAULT_WINDOW = 10_000;

    /** An evaluation without slices, with feature drift at its defaults. */
    public EvaluationConfig(int window) {
        this(window, null, FeatureDriftConfig.DEFAULTS);
    }

    /** An evaluation with feature drift at its defaults. */
    public EvaluationConfig(int window, SliceConfig slices) {
        this(window, slices, FeatureDriftConfig.DEFAULTS);
    }

    /** Whether metrics are sliced. */
    public boolean sliced() {
        return slices != null;
    }
}
