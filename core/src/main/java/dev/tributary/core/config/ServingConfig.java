package dev.tributary.core.config;

import java.io.Serializable;

/**
 * In-job serving.
 *
 * @param updateEvery send the models' current parameters to the scorer every this many labelled
 *     examples, besides at every publication (0: at publications only)
 */
public record ServingConfig(int updateEvery) implements Serializable {

    public static final int DEFAULT_UPDATE_EVERY = 1000;

    public ServingConfig {
        if (updateEvery < 0) {
            throw new IllegalArgumentException("updateEvery must be >= 0, was " + updateEvery);
        }
    }
}
