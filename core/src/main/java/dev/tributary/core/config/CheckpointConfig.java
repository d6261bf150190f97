package dev.tributary.core.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Checkpointing of the job: exactly-once, on the RocksDB backend, incremental.
 *
 * @param interval time between checkpoints
 * @param directory where checkpoints are stored (a local path or a Flink file system URI), or
 *     {@code null} for {@code <output>/checkpoints}
 */
public record CheckpointConfig(Duration interval, String directory) implements Serializable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    public CheckpointConfig {
        Objects.requireNonNull(interval, "interval");
    }
}
