package dev.tributary.core.config;

import java.util.Locale;

/**
 * The model families Tributary trains. A family fixes the predictor (how parameters turn an example
 * into outputs); its {@link Objective} fixes the loss.
 */
public enum ModelFamily {
    /** Binary logistic regression over sparse hashed and dense standardized features. */
    LOGISTIC,
    /** Multinomial (softmax) regression: one linear model per class. */
    SOFTMAX,
    /** Linear regression with a squared or Huber loss. */
    LINEAR,
    /** A second-order factorization machine (Rendle, ICDM 2010). */
    FM,
    /** A multi-layer perceptron over dense features and a hashed embedding bag. */
    MLP;

    /** The name used in YAML and in provenance. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the family's outputs are a linear function of its parameters' inputs. */
    public boolean isLinear() {
        return this == LOGISTIC || this == SOFTMAX || this == LINEAR;
    }
}
