package dev.tributary.jobs.pipeline;

import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.file.source.FileReplaySource;
import dev.tributary.connectors.registry.sink.RegistryDecisionSink;
import dev.tributary.connectors.registry.sink.RegistrySink;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.model.ControlCommand;
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
import org.apache.flink.util.Collector;

/**
 * The training job as a function from configuration to streams: replay source, featurizer, online
 * training operator keyed by experiment, and the model registry (models and decision log). The
 * caller decides where the other outputs go. Every operator has a stable uid, so savepoints survive
 * graph changes.
 */
public final class TrainingJob {

    public static final String SOURCE_UID = "replay-source";
    public static final String SOURCE_NAME = "Replay file";
    public static final String FEATURIZE_UID = "clean-and-featurize";
    public static final String FEATURIZE_NAME = "Clean and featurize";
    public static final String TRAIN_UID = "online-training";
    public static final String TRAIN_NAME = "Online training";
    public static final String NO_COMMANDS_UID = "no-control-commands";
    public static final String REGISTRY_UID = "model-registry";
    public static final String REGISTRY_NAME = "Model registry";
    public static final String DECISION_LOG_UID = "registry-decision-log";
    public static final String DECISION_LOG_NAME = "Registry decision log";

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
                train(examples, noCommands(env), job, settings);

        DataStream<ModelArtifact> models = predictions.getSideOutput(OnlineTrainingOperator.MODELS);
        DataStream<Decision> decisions =
                predictions.getSideOutput(OnlineTrainingOperator.DECISIONS);
        toRegistry(models, decisions, registryRoot, job);

        return new Streams(
                predictions,
                DeadLetterCount.counted(cleaned.deadLetters()),
                models,
                decisions,
                predictions.getSideOutput(OnlineTrainingOperator.REFERENCES),
                predictions.getSideOutput(OnlineTrainingOperator.STATUS));
    }

    /**
     * Writes a job's models and decisions into the model registry: every artifact is published,
     * every decision appended to the experiment's decision log (and its traffic split recorded).
     * Both sinks run with parallelism 1, as each file has one writer.
     */
    static void toRegistry(
            DataStream<ModelArtifact> models,
            DataStream<Decision> decisions,
            Path registryRoot,
            JobConfig job) {
        String root = registryRoot.toAbsolutePath().toString();
        String champion = job.experiment().champion().id();
        models.sinkTo(new RegistrySink(root, champion))
                .uid(REGISTRY_UID)
                .name(REGISTRY_NAME)
                .setParallelism(1);
        decisions
                .sinkTo(new RegistryDecisionSink(root, champion))
                .uid(DECISION_LOG_UID)
                .name(DECISION_LOG_NAME)
                .setParallelism(1);
    }

    /** The training operator on labelled examples and manual commands, both keyed by experiment. */
    static SingleOutputStreamOperator<Prediction> train(
            DataStream<LabelledExample> examples,
            DataStream<ControlCommand> commands,
            JobConfig job,
            LearnerSettings settings) {
        return examples.keyBy(LabelledExample::experiment, Types.STRING)
                .connect(commands.keyBy(ControlCommand::experiment, Types.STRING))
                .transform(
                        TRAIN_NAME,
                        TypeInformation.of(Prediction.class),
                        new OnlineTrainingOperator(
                                List.of(job.experiment()),
                                new PrequentialSupervisorFactory(),
                                settings,
                                MAX_HOT_EXPERIMENTS))
                .uid(TRAIN_UID);
    }

    /**
     * No commands: a replayed file has no control topic (nor a bounded Kafka job whose control
     * topic does not exist). A one-element source whose element is dropped, because Flink's
     * collection sources cannot be empty; it ends at once, which the training operator ignores.
     */
    static SingleOutputStreamOperator<ControlCommand> noCommands(StreamExecutionEnvironment env) {
        return env.fromSequence(0, 0)
                .uid(NO_COMMANDS_UID + "-source")
                .name("No control commands")
                .setParallelism(1)
                .flatMap((Long n, Collector<ControlCommand> out) -> {})
                .returns(TypeInformation.of(ControlCommand.class))
                .uid(NO_COMMANDS_UID)
                .name("No control commands")
                .setParallelism(1);
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
