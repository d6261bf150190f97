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
 * @param kafka the Kafka cluster and topics, or {@code null} for a job without Kafka
 * @param labels labels on their own stream, or {@code null} when labels are inline only
 * @param serving in-job serving
 * @param cleaning rules on the event stream as a whole (deduplication, lateness)
 * @param parallelism the parallelism of the job's stages (the run records' sinks run at 1): 1 on
 *     one machine; more where a cluster has the slots. Only at 1 is a run deterministic, since
 *     parallel featurizers interleave what the training operator sees.
 */
public record JobConfig(
        String name,
        SourceConfig source,
        FeatureSpec features,
        ExperimentConfig experiment,
        CheckpointConfig checkpoints,
        String outputDirectory,
        KafkaConfig kafka,
        LabelStreamConfig labels,
        ServingConfig serving,
        CleaningConfig cleaning,
        int parallelism)
        implements Serializable {

    /** The most parallelism a job may ask for: the key groups it is started with. */
    public static final int MAX_PARALLELISM = 128;

    /** A job of parallelism 1. */
    public JobConfig(
            String name,
            SourceConfig source,
            FeatureSpec features,
            ExperimentConfig experiment,
            CheckpointConfig checkpoints,
            String outputDirectory,
            KafkaConfig kafka,
            LabelStreamConfig labels,
            ServingConfig serving,
            CleaningConfig cleaning) {
        this(
                name,
                source,
                features,
                experiment,
                checkpoints,
                outputDirectory,
                kafka,
                labels,
                serving,
                cleaning,
                1);
    }

    /** A job without Kafka, with inline labels and default serving. */
    public JobConfig(
            String name,
            SourceConfig source,
            FeatureSpec features,
            ExperimentConfig experiment,
            CheckpointConfig checkpoints,
            String outputDirectory) {
        this(
                name,
                source,
                features,
                experiment,
                checkpoints,
                outputDirectory,
                null,
                null,
                new ServingConfig(ServingConfig.DEFAULT_UPDATE_EVERY),
                CleaningConfig.NONE);
    }

    public JobConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(checkpoints, "checkpoints");
        Objects.requireNonNull(outputDirectory, "outputDirectory");
        Objects.requireNonNull(serving, "serving");
        Objects.requireNonNull(cleaning, "cleaning");
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException(
                    "parallelism " + parallelism + " must be in 1.." + MAX_PARALLELISM);
        }
        if (source.kind() == SourceKind.KAFKA && kafka == null) {
            throw new IllegalArgumentException("a Kafka source needs the kafka section");
        }
    }

    public JobConfig withSource(SourceConfig newSource) {
        return new JobConfig(
                name,
                newSource,
                features,
                experiment,
                checkpoints,
                outputDirectory,
                kafka,
                labels,
                serving,
                cleaning,
                parallelism);
    }

    public JobConfig withExperiment(ExperimentConfig newExperiment) {
        return new JobConfig(
                name,
                source,
                features,
                newExperiment,
                checkpoints,
                outputDirectory,
                kafka,
                labels,
                serving,
                cleaning,
                parallelism);
    }

    public JobConfig withKafka(KafkaConfig newKafka) {
        return new JobConfig(
                name,
                source,
                features,
                experiment,
                checkpoints,
                outputDirectory,
                newKafka,
                labels,
                serving,
                cleaning,
                parallelism);
    }

    public JobConfig withOutputDirectory(String directory) {
        return new JobConfig(
                name,
                source,
                features,
                experiment,
                checkpoints,
                directory,
                kafka,
                labels,
                serving,
                cleaning,
                parallelism);
    }

    public JobConfig withCheckpoints(CheckpointConfig newCheckpoints) {
        return new JobConfig(
                name,
                source,
                features,
                experiment,
                newCheckpoints,
                outputDirectory,
                kafka,
                labels,
                serving,
                cleaning,
                parallelism);
    }

    public JobConfig withCleaning(CleaningConfig newCleaning) {
        return new JobConfig(
                name,
                source,
                features,
                experiment,
                checkpoints,
                outputDirectory,
                kafka,
                labels,
                serving,
                newCleaning,
                parallelism);
    }

    public JobConfig withParallelism(int newParallelism) {
        return new JobConfig(
                name,
                source,
                features,
                experiment,
                checkpoints,
                outputDirectory,
                kafka,
                labels,
                serving,
                cleaning,
                newParallelism);
    }
}
