package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * One model slot of an experiment.
 *
 * @param id the model id, unique within its experiment
 * @param family the model family
 * @param optimizer the optimizer and its hyperparameters
 * @param seed the seed of any random initialisation
 */
public record ModelConfig(String id, ModelFamily family, OptimizerConfig optimizer, long seed)
        implements Serializable {

    public ModelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(optimizer, "optimizer");
    }
}
