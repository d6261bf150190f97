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
 * @param shape the objective and the sizes of the family's parts
 * @param device where training steps run
 * @param batch how examples are grouped into training steps
 */
public record ModelConfig(
        String id,
        ModelFamily family,
        OptimizerConfig optimizer,
        long seed,
        ModelShape shape,
        Device device,
        BatchConfig batch)
        implements Serializable {

    public ModelConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(batch, "batch");
        if (optimizer.linearOnly() && !family.isLinear()) {
            throw new IllegalArgumentException(
                    optimizer.yamlName() + " trains linear families only, not " + family);
        }
    }

    /** A model of the family's default shape, trained on the CPU one example at a time. */
    public ModelConfig(String id, ModelFamily family, OptimizerConfig optimizer, long seed) {
        this(
                id,
                family,
                optimizer,
                seed,
                ModelShape.defaultsFor(family),
                Device.CPU,
                BatchConfig.SINGLE);
    }

    /** The same model under another id: how a challenger is built from its template. */
    public ModelConfig withId(String newId) {
        return new ModelConfig(newId, family, optimizer, seed, shape, device, batch);
    }

    /** The same model with another seed. */
    public ModelConfig withSeed(long newSeed) {
        return new ModelConfig(id, family, optimizer, newSeed, shape, device, batch);
    }

    public ModelConfig withShape(ModelShape shape) {
        return new ModelConfig(id, family, optimizer, seed, shape, device, batch);
    }

    public ModelConfig withDevice(Device device) {
        return new ModelConfig(id, family, optimizer, seed, shape, device, batch);
    }

    public ModelConfig withBatch(BatchConfig batch) {
        return new ModelConfig(id, family, optimizer, seed, shape, device, batch);
    }

    public ModelConfig withOptimizer(OptimizerConfig optimizer) {
        return new ModelConfig(id, family, optimizer, seed, shape, device, batch);
    }
}
