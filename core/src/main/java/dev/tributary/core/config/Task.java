package dev.tributary.core.config;

import java.util.Locale;

/**
 * What an experiment's label is, and so what its models predict and how they are judged: every
 * model of one experiment learns the same label.
 */
public enum Task {
    /** A 0/1 label; models predict the probability of 1; judged by log loss, accuracy, AUC. */
    BINARY,
    /**
     * A class index {@code 0..classes-1}; models predict a probability per class; judged by log
     * loss (cross-entropy) and accuracy.
     */
    MULTICLASS,
    /** A real number; models predict it; judged by RMSE and MAE. */
    REGRESSION;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
