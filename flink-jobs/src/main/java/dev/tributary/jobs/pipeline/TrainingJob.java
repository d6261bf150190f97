package dev.tributary.jobs.pipeline;

import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.file.source.FileReplaySource;
import dev.tributary.connectors.registry.sink.RegistrySink;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReferencePrediction;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.evaluator.supervisor.PrequentialSupervisorFactory;
import dev.tributary.trainer.experiment.LearnerSettings;
import dev.tributary.trainer.operator.OnlineTrainingOperator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The training job as a function from configuration to streams: replay source, featurizer, online
 * training operator keyed by experiment, and the model registry. The caller decides where the other
 * outputs go. Every operator has a stable uid, so savepoints survive graph changes.
 */
public final class TrainingJob {

    public static final String SOURCE_UID = "replay-source";
    public static final String SOURCE_NAME = "Replay file";
    public static final String FEATURIZE_UID = "clean-and-featurize";
    public static final String FEATURIZE_NAME = "Clean and featurize";
    public static final String TRAIN_UID = "online-training";
    public static final String TRAIN_NAME = "Online training";
    public static final String REGISTRY_UID = "model-registry";
    public static final String REGISTRY_NAME = "Model registry";

    /** How many experiments the training operator keeps deserialized in memory per subtask. */
    static final int MAX_HOT_EXPERIMENTS = 64;

    /** Out-of-order tolerance of event-time watermarks on a replayed file. */
    static final Duration WATERMARK_LATENESS = Duration.ofMinutes(5);

    private TrainingJob() {}

    /** The streams a training job produces. */
    public record Streams(
            DataStream<Prediction> predictions,
            DataStream<DeadLetter> deadLetters,
            DataStream<ModelArtifact> models,
            DataStream<Decision> decisions,
            DataStream<ReferencePrediction> references,
            DataStream<ExperimentStatus> status) {}

    /** The watermarks of a replayed file's accepted events. */
    static WatermarkStrategy<LabelledExample> eventTime() {
        return WatermarkStrategy.<LabelledExample>forBoundedOutOfOrderness(WATERMARK_LATENESS)
                .withTimestampAssigner((example, previous) -> example.eventTime());
    }

    /**
     * Adds the training job to {@code env}.
     *
     * @param registryRoot the model registry's root directory
     * @param settings operational settings of the training operator
     */
    public static Streams build(
            StreamExecutionEnvironment env,
            JobConfig job,
            Path registryRoot,
            LearnerSettings settings) {
        DedupFunction.Cleaned cleaned =
                DedupFunction.deduplicated(examples(env, job), eventTime(), job.cleaning());
        DataStream<LabelledExample> examples =
                EntityFeatureFunction.withEntityFeatures(cleaned.examples(), job.features());

        SingleOutputStreamOperator<Prediction> predictions =
                examples.keyBy(LabelledExample::experiment, Types.STRING)
                        .transform(
                                TRAIN_NAME,
                                TypeInformation.of(Prediction.class),
                                new OnlineTrainingOperator(
                                        List.of(job.experiment()),
                                        new PrequentialSupervisorFactory(),
                                        settings,
                                        MAX_HOT_EXPERIMENTS))
                        .uid(TRAIN_UID);

        DataStream<ModelArtifact> models = predictions.getSideOutput(OnlineTrainingOperator.MODELS);
        models.sinkTo(
                        new RegistrySink(
                                registryRoot.toAbsolutePath().toString(),
                                job.experiment().champion().id()))
                .uid(REGISTRY_UID)
                .name(REGISTRY_NAME)
                .setParallelism(1);

        return new Streams(
                predictions,
                DeadLetterCount.counted(cleaned.deadLetters()),
                models,
                predictions.getSideOutput(OnlineTrainingOperator.DECISIONS),
                predictions.getSideOutput(OnlineTrainingOperator.REFERENCES),
                predictions.getSideOutput(OnlineTrainingOperator.STATUS));
    }

    /**
     * The first half of the job alone: replayed, cleaned and featurized events, with the dead
     * letters as the side output {@link FeaturizeFunction#DEAD_LETTERS}. Benchmarks use it as the
     * baseline that training is measured against.
     */
    public static SingleOutputStreamOperator<LabelledExample> examples(
            StreamExecutionEnvironment env, JobConfig job) {
        DataStream<RawEvent> events =
                env.fromSource(
                                FileReplaySource.create(ReplayFileSettings.from(job.source())),
                                // Event time is assigned after cleaning (DedupFunction).
                                WatermarkStrategy.noWatermarks(),
                                SOURCE_NAME,
                                TypeInformation.of(RawEvent.class))
                        .uid(SOURCE_UID)
                        .setParallelism(1);
        return events.process(
                        new FeaturizeFunction(job, true), TypeInformation.of(LabelledExample.class))
                .uid(FEATURIZE_UID)
                .name(FEATURIZE_NAME);
    }
}
