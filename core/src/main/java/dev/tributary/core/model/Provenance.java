package dev.tributary.core.model;

import java.util.Objects;

/**
 * Where a model version came from: enough to reproduce it.
 *
 * @param trainingRange what it learned from
 * @param configHash SHA-256 of the model's configuration
 * @param codeVersion the Tributary version that trained it
 * @param seed the random seed of its initialisation
 * @param family the model family, e.g. {@code logistic}
 * @param optimizer the optimizer, e.g. {@code ftrl}
 */
public record Provenance(
        TrainingRange trainingRange,
        String configHash,
        String codeVersion,
        long seed,
        String family,
        String optimizer) {

    public Provenance {
        Objects.requireNonNull(trainingRange, "trainingRange");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(codeVersion, "codeVersion");
    }
}
