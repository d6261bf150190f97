package dev.tributary.core.config;

import java.io.Serializable;

/** An optimizer and its hyperparameters. */
public sealed interface OptimizerConfig extends Serializable
        permits FtrlConfig, SgdConfig, AdaGradConfig, AdamConfig, NormalizedConfig {

    /** The name used in YAML and in provenance. */
    String yamlName();

    /**
     * Whether this optimizer is defined for generalized linear models only. FTRL-Proximal derives
     * each weight from per-coordinate sums and starts every weight at zero, and the normalized
     * update scales each weight by the range of its own input; neither has a meaning for the
     * factors of an FM or the hidden layers of an MLP.
     */
    default boolean linearOnly() {
        return false;
    }
}
