package dev.tributary.core.config;

import java.util.Locale;

/** What a model predicts and the loss it minimizes. */
public enum Objective {
    /** A probability of label 1; log loss on a sigmoid output. */
    BINARY,
    /**
     * A distribution over {@code classes} labels {@code 0..classes-1}; cross-entropy on softmax.
     */
    MULTICLASS,
    /** A real number; half the squared error. */
    SQUARED,
    /** A real number; the Huber loss with threshold {@code huber-delta}. */
    HUBER;

    /** The name used in YAML. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The task a model of this objective learns. */
    public Task task() {
        return switch (this) {
            case BINARY -> Task.BINARY;
            case MULTICLASS -> Task.MULTICLASS;
            case SQUARED, HUBER -> Task.REGRESSION;
        };
    }

    /** Whether the prediction is a real number rather than a probability. */
    public boolean isRegression() {
        return this == SQUARED || this == HUBER;
    }
}
