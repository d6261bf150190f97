package dev.tributary.core.config;

import java.io.Serializable;

/**
 * How models are judged prequentially.
 *
 * @param window the number of most recent examples the windowed metrics cover
 */
public record EvaluationConfig(int window) implements Serializable {

    public static final int DEFAULT_WINDOW = 10_000;
}
