package dev.tributary.jobs.pipeline;

import dev.tributary.connectors.kafka.ControlRecord;
import dev.tributary.connectors.kafka.EventDecoding;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.LabelDecoding;
import dev.tributary.connectors.kafka.LabelEvent;
import dev.tributary.connectors.kafka.ModelUpdate;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.connectors.kafka.sink.KafkaSinks;
import dev.tributary.connectors.kafka.source.KafkaSources;
import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.SourceKind;
import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReferencePrediction;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.trainer.experiment.LearnerSettings;
import dev.tributary.trainer.operator.OnlineTrainingOperator;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The production job: events and their late labels from Kafka, every event scored on arrival by its
 * experiment's champion, labels joined to events in event time, the models trained, judged and
 * published, and every output on a Kafka topic with exactly-once delivery.
 *
 * <pre>
 * events ─► featurize ─┬─► scorer (broadcast: serving snapshots) ─► predictions
 *                      └─► label join ◄─ labels
 *                              └─► training (keyed by experiment) ─► models ─► registry, model-updates
 *                       control ─┘                               ─► decisions ─► registry log, decisions
 *                                                                ─► status
 * dead letters of every stage ─► dead-letters
 * </pre>
 */
public final class StreamingJob {

    public static final String EVENTS_UID = "kafka-events";
    public static final String LABELS_UID = "kafka-labels";
    public static final String CONTROL_UID = "kafka-control";
    public static final String JOIN_UID = "label-join";
    public static final String SCORER_UID = "scorer";
    public static final String PREDICTIONS_SINK_UID = "kafka-predictions";
    public static final String DEAD_LETTERS_SINK_UID = "kafka-dead-letters";
    public static final String DECISIONS_SINK_UID = "kafka-decisions";
    public static final String MODEL_UPDATES_SINK_UID = "kafka-model-updates";

    /** How far events may come out of event-time order before they count as late. */
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(30);

    /** A partition without records this long does not hold the watermark back. */
    static final Duration IDLENESS = Duration.ofSeconds(5);

    private StreamingJob() {}

    /** How a record tells its event time; {@link RawEvent#NO_TIME} when it has none. */
    interface EventTimeOf<T> extends Serializable {
        long eventTime(T record);
    }

    /**
     * Event-time watermarks that tolerate {@link #OUT_OF_ORDERNESS} and ignore idle partitions. A
     * record without a readable time gets {@link RawEvent#NO_TIME} ({@code Long.MIN_VALUE}) as its
     * timestamp, which moves no watermark: it is dead-lettered downstream. (Not the Kafka record
     * timestamp: a producer's wall clock, years ahead of a replayed stream, would push the
     * watermark past every window at once.)
     */
    static <T> WatermarkStrategy<T> byEventTime(EventTimeOf<T> time) {
        return WatermarkStrategy.<T>forBoundedOutOfOrderness(OUT_OF_ORDERNESS)
                .withTimestampAssigner((record, kafkaTimestamp) -> time.eventTime(record))
                .withIdleness(IDLENESS);
    }

    /**
     * The manual commands of the control topic, with its bad records on the {@link
     * FeaturizeFunction#DEAD_LETTERS} side output. They act in the training operator's keyed state
     * and carry no event time: the operator follows the examples' watermarks. The topic is
     * optional: an unbounded job finds it once it is created; a bounded one reads it as it is at
     * start, so without it there are no commands.
     */
    static SingleOutputStreamOperator<ControlCommand> commands(
            StreamExecutionEnvironment env, KafkaSettings kafka, boolean bounded) {
        if (bounded && !TopicTools.exists(kafka, kafka.topics().control())) {
            return TrainingJob.noCommands(env);
        }
        DataStream<ControlRecord> records =
                env.fromSource(
                                bounded
                                        ? KafkaSources.controlUpToLatest(kafka)
                                        : KafkaSources.control(kafka),
                                WatermarkStrategy.noWatermarks(),
                                "Kafka control",
                                TypeInformation.of(ControlRecord.class))
                        .uid(CONTROL_UID);
        return ControlCommandFunction.commands(records);
    }

    /** The streams that stay inside the job; the rest already went to Kafka. */
    public record Streams(
            DataStream<Prediction> predictions,
            DataStream<ExperimentStatus> status,
            DataStream<ReferencePrediction> references) {}

    /**
     * Adds the job to {@code env}.
     *
     * @param bounded read the topics only up to the offsets that are latest at start (the demo and
     *     tests), instead of forever
     */
    public static Streams build(
            StreamExecutionEnvironment env,
            JobConfig job,
            Path registryRoot,
            LearnerSettings settings,
            boolean bounded) {
        if (job.source().kind() != SourceKind.KAFKA) {
            throw new IllegalArgumentException("the streaming job reads events from Kafka");
        }
        KafkaSettings kafka = KafkaSettings.from(job.kafka());
        EventDecoding eventDecoding = EventDecoding.from(job.source());
        KafkaSource<RawEvent> eventSource =
                bounded
                        ? KafkaSources.eventsUpToLatest(kafka, eventDecoding)
                        : KafkaSources.events(kafka, eventDecoding);
        DataStream<RawEvent> events =
                env.fromSource(
                                eventSource,
                                // Event time is assigned after cleaning (DedupFunction).
                                WatermarkStrategy.noWatermarks(),
                                "Kafka events",
                                TypeInformation.of(RawEvent.class))
                        .uid(EVENTS_UID);

        boolean labelsInline = job.labels() == null;
        SingleOutputStreamOperator<LabelledExample> featurized =
                events.process(
                                new FeaturizeFunction(job, labelsInline),
                                TypeInformation.of(LabelledExample.class))
                        .uid(TrainingJob.FEATURIZE_UID)
                        .name(TrainingJob.FEATURIZE_NAME);
        // A repeated event is neither served again nor trained on twice.
        DedupFunction.Cleaned cleaned =
                DedupFunction.deduplicated(
                        featurized, byEventTime(LabelledExample::eventTime), job.cleaning());
        DataStream<LabelledExample> examples =
                EntityFeatureFunction.withEntityFeatures(cleaned.examples(), job.features());
        DataStream<DeadLetter> deadLetters = cleaned.deadLetters();

        DataStream<LabelledExample> labelled = examples;
        if (!labelsInline) {
            LabelDecoding labelDecoding = LabelDecoding.from(job.labels(), job.source().zone());
            KafkaSource<LabelEvent> labelSource =
                    bounded
                            ? KafkaSources.labelsUpToLatest(kafka, labelDecoding)
                            : KafkaSources.labels(kafka, labelDecoding);
            DataStream<LabelEvent> labels =
                    env.fromSource(
                                    labelSource,
                                    byEventTime(LabelEvent::eventTime),
                                    "Kafka labels",
                                    TypeInformation.of(LabelEvent.class))
                            .uid(LABELS_UID);
            SingleOutputStreamOperator<LabelledExample> joined =
                    examples.keyBy(LabelledExample::id, Types.STRING)
                            .connect(labels.keyBy(LabelEvent::id, Types.STRING))
                            .process(
                                    new LabelJoinFunction(
                                            job.labels().join(), job.features().label()),
                                    TypeInformation.of(LabelledExample.class))
                            .uid(JOIN_UID)
                            .name("Label join");
            deadLetters = deadLetters.union(joined.getSideOutput(FeaturizeFunction.DEAD_LETTERS));
            labelled = joined;
        } else {
            // Inline labels only: events without one are served but cannot be trained on.
            labelled = examples.filter(LabelledExample::hasLabel).name("Labelled events");
        }

        SingleOutputStreamOperator<ControlCommand> commands = commands(env, kafka, bounded);
        deadLetters = deadLetters.union(commands.getSideOutput(FeaturizeFunction.DEAD_LETTERS));

        SingleOutputStreamOperator<Prediction> trained =
                TrainingJob.train(labelled, commands, job, settings);

        DataStream<ServingSnapshot> snapshots =
                trained.getSideOutput(OnlineTrainingOperator.SERVING);
        SingleOutputStreamOperator<Prediction> predictions =
                examples.connect(snapshots.broadcast(ScoreFunction.CHAMPIONS))
                        .process(
                                new ScoreFunction(List.of(job.experiment())),
                                TypeInformation.of(Prediction.class))
                        .uid(SCORER_UID)
                        .name("Scorer");
        deadLetters = deadLetters.union(predictions.getSideOutput(FeaturizeFunction.DEAD_LETTERS));

        DeliveryGuarantee eos = DeliveryGuarantee.EXACTLY_ONCE;
        predictions
                .sinkTo(KafkaSinks.predictions(kafka, eos))
                .uid(PREDICTIONS_SINK_UID)
                .name("Kafka predictions");
        DeadLetterCount.counted(deadLetters)
                .sinkTo(KafkaSinks.deadLetters(kafka, eos))
                .uid(DEAD_LETTERS_SINK_UID)
                .name("Kafka dead letters");
        trained.getSideOutput(OnlineTrainingOperator.DECISIONS)
                .sinkTo(KafkaSinks.decisions(kafka, eos))
                .uid(DECISIONS_SINK_UID)
                .name("Kafka decisions");

        DataStream<ModelArtifact> models = trained.getSideOutput(OnlineTrainingOperator.MODELS);
        String root = registryRoot.toAbsolutePath().toString();
        TrainingJob.toRegistry(
                models, trained.getSideOutput(OnlineTrainingOperator.DECISIONS), registryRoot, job);
        models.map(
                        artifact ->
                                ModelUpdate.of(
                                        artifact.version(),
                                        new LocalModelRegistry(Path.of(root))
                                                .versionDirectory(
                                                        artifact.version().experiment(),
                                                        artifact.version().modelId(),
                                                        artifact.version().version())
                                                .toString(),
                                        artifact.version()
                                                .provenance()
                                                .trainingRange()
                                                .lastEventTime()))
                .returns(TypeInformation.of(ModelUpdate.class))
                .uid("model-update-announcements")
                .name("Model update announcements")
                .sinkTo(KafkaSinks.modelUpdates(kafka, eos))
                .uid(MODEL_UPDATES_SINK_UID)
                .name("Kafka model updates");

        return new Streams(
                predictions,
                trained.getSideOutput(OnlineTrainingOperator.STATUS),
                trained.getSideOutput(OnlineTrainingOperator.REFERENCES));
    }
}
