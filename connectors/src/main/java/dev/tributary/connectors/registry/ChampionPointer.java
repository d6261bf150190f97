package dev.tributary.connectors.registry;

import java.util.Objects;

/**
 * Which model version serves an experiment's traffic, as recorded in {@code champion.json}.
 *
 * @param experiment the experiment
 * @param modelId the champion's model slot
 * @param version the champion's version
 */
public record ChampionPointer(String experiment, String modelId, long version) {

    public ChampionPointer {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(modelId, "modelId");
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, was " + version);
        }
    }
}
