package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * A whole Tributary job, as described by one YAML file and validated by {@link JobConfigParser}.
 *
 * @param name the job name
 * @param source where events come from
 * @param features how events become labelled examples
 * @param experiment the models trained, judged and published
 * @param checkpoints checkpointing
 * @param outputDirectory where the registry, dead letters and run records go
 */
public record JobConfig(
        String name,
        FileSourceConfig source,
        FeatureSpec features,
        ExperimentConfig experiment,
        CheckpointConfig checkpoints,
        String outputDirectory)
        implements Serializable {

    public JobConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
    }

    public JobConfig withSource(FileSourceConfig newSource) {
        return new JobConfig(name, newSource, features, experiment, checkpoints, outputDirectory);
    }

    public JobConfig withExperiment(ExperimentConfig newExperiment) {
        return new JobConfig(name, source, features, newExperiment, checkpoints, outputDirectory);
    }

    public JobConfig withOutputDirectory(String directory) {
        return new JobConfig(name, source, features, experiment, checkpoints, directory);
    }

    public JobConfig withCheckpoints(CheckpointConfig newCheckpoints) {
        return new JobConfig(name, source, features, experiment, newCheckpoints, outputDirectory);
    }
}
