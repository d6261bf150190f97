package dev.tributary.core.config;

import java.io.Serializable;

/** An optimizer and its hyperparameters. */
public sealed interface OptimizerConfig extends Serializable permits FtrlConfig {

    /** The name used in YAML and in provenance. */
    String yamlName();
}
