package dev.tributary.core.config;

import java.io.Serializable;

/**
 * How models are judged prequentially.
 *
 * @param window the number of most recent examples the windowed metrics cover
 * @param slices metrics per value of a field with the worst slices reported, or {@code null}
 */
public record EvaluationConfig(int window, SliceConfig slices) implements Serializable {

    public static final int DEFAULT_WINDOW = 10_000;

    /** An evaluation without slices. */
    public EvaluationConfig(int window) {
        this(window, null);
    }

    /** Whether metrics are sliced. */
    public boolean sliced() {
        return slices != null;
    }
}
