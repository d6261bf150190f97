package dev.tributary.trainer.operator;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.metrics.MetricScope;
import dev.tributary.core.metrics.TributaryMetric;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ReferencePrediction;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.core.supervision.SupervisorFactory;
import dev.tributary.trainer.experiment.ExperimentLearner;
import dev.tributary.trainer.experiment.LearnerOutput;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * Trains, judges and publishes the models of each experiment, keyed by experiment.
 *
 * <p>For every labelled example the experiment's {@link ExperimentLearner} predicts with every
 * model, lets the supervisor judge and decide, trains, and carries out the decisions; the main
 * output is the test-step predictions, side outputs carry model versions, decisions, reference
 * predictions and progress reports.
 *
 * <p>The second input is manual {@link ControlCommand}s, keyed by experiment too, so that a command
 * acts on the same keyed state as the models and is checkpointed with them: the experiment's
 * learner carries it out ({@link ExperimentLearner#command}) and logs what it did on {@link
 * #DECISIONS}. A command for an experiment the job does not configure, or for one that has not
 * learned from any example yet, is logged there as a {@link DecisionKind#REJECT} with why. Commands
 * carry no event time: only the examples' watermarks pass through, so a quiet control topic never
 * holds event time back. A job without a control topic connects an empty stream.
 *
 * <p>The learner lives in RocksDB keyed state, but deserializing a model per record would cost far
 * more than training on it. So the operator keeps hot experiments in memory, marks them dirty when
 * they learn, and writes the dirty ones back to keyed state in {@link #snapshotState} (which runs
 * before the state backend takes its snapshot). A bounded cache evicts, with write-back, the least
 * recently used experiment when there are more than {@code maxHotExperiments}.
 */
public final class OnlineTrainingOperator extends AbstractStreamOperator<Prediction>
        implements TwoInputStreamOperator<LabelledExample, ControlCommand, Prediction>,
                BoundedMultiInput {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<ModelArtifact> MODELS =
            new OutputTag<>("models", TypeInformation.of(ModelArtifact.class));
    public static final OutputTag<Decision> DECISIONS =
            new OutputTag<>("decisions", TypeInformation.of(Decision.class));
    public static final OutputTag<ReferencePrediction> REFERENCES =
            new OutputTag<>("reference-predictions", TypeInformation.of(ReferencePrediction.class));
    public static final OutputTag<ServingSnapshot> SERVING =
            new OutputTag<>("serving-snapshots", TypeInformation.of(ServingSnapshot.class));
    public static final OutputTag<ExperimentStatus> STATUS =
            new OutputTag<>("status", TypeInformation.of(ExperimentStatus.class));

    static final String STATE_NAME = "experiment";

    private final Map<String, ExperimentConfig> experiments;
    private final SupervisorFactory supervisors;
    private final LearnerSettings settings;
    // The settings with this subtask's own GPU, found in open().
    private transient LearnerSettings subtaskSettings;
    private final int maxHotExperiments;

    private transient ValueState<ExperimentSnapshot> state;
    private transient LinkedHashMap<String, ExperimentLearner> hot;
    private transient Set<String> dirty;
    private transient FlinkLearnerOutput learnerOutput;
    private transient Map<String, LabelArrivalSample> labelArrivals;
    private transient TrainingMetrics metrics;
    private transient Counter stateLoads;
    private transient Counter stateWrites;
    private transient Counter commands;
    private transient Counter commandsRejected;

    public OnlineTrainingOperator(
            List<ExperimentConfig> experiments,
            SupervisorFactory supervisors,
            LearnerSettings settings,
            int maxHotExperiments) {
        if (experiments.isEmpty()) {
            throw new IllegalArgumentException("at least one experiment is needed");
        }
        if (maxHotExperiments < 1) {
            throw new IllegalArgumentException(
                    "maxHotExperiments must be >= 1, was " + maxHotExperiments);
        }
        this.experiments = new LinkedHashMap<>();
        experiments.forEach(e -> this.experiments.put(e.name(), e));
        this.supervisors = Objects.requireNonNull(supervisors, "supervisors");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.maxHotExperiments = maxHotExperiments;
    }

    @Override
    public void open() throws Exception {
        super.open();
        state =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        STATE_NAME, ExperimentSnapshotSerializer.INSTANCE));
        subtaskSettings =
                AssignedGpu.index(
                                getRuntimeContext().getExternalResourceInfos(AssignedGpu.RESOURCE))
                        .stream()
                        .mapToObj(settings::withCudaDevice)
                        .findFirst()
                        .orElse(settings);
        hot = new LinkedHashMap<>(16, 0.75f, true);
        dirty = new HashSet<>();
        learnerOutput = new FlinkLearnerOutput();
        labelArrivals = new HashMap<>();
        metrics =
                new TrainingMetrics(
                        getMetricGroup(), experiments.values(), System::currentTimeMillis);
        MetricGroup root = getMetricGroup().addGroup(MetricScope.ROOT);
        stateLoads = root.counter(TributaryMetric.STATE_LOADS.metricName());
        stateWrites = root.counter(TributaryMetric.STATE_WRITES.metricName());
        commands = root.counter(TributaryMetric.CONTROL_COMMANDS.metricName());
        commandsRejected = root.counter(TributaryMetric.CONTROL_COMMANDS_REJECTED.metricName());
    }

    @Override
    public void processElement1(StreamRecord<LabelledExample> record) throws Exception {
        LabelledExample example = record.getValue();
        ExperimentLearner learner = learnerOfCurrentKey(example.experiment());
        if (example.labelledAt() != LabelledExample.NOT_LABELLED) {
            labelArrivals
                    .computeIfAbsent(example.experiment(), e -> new LabelArrivalSample())
                    .add(example.labelledAt());
        }
        long start = System.nanoTime();
        learner.learn(example, learnerOutput);
        long end = System.nanoTime();
        dirty.add(example.experiment());
        metrics.learned(example.experiment(), end - start);
        if (metrics.refreshDue(example.experiment(), end)) {
            metrics.refresh(learner.status(false), learner.traffic(), end);
        }
    }

    @Override
    public void processElement2(StreamRecord<ControlCommand> record) throws Exception {
        ControlCommand command = record.getValue();
        String experiment = command.experiment();
        commands.inc();
        String refusal = null;
        if (!experiments.containsKey(experiment)) {
            refusal =
                    "experiment "
                            + experiment
                            + " is not configured by this job; configured: "
                            + experiments.keySet();
        } else if (!hot.containsKey(experiment) && state.value() == null) {
            refusal = "experiment " + experiment + " has not learned from any labelled example yet";
        }
        if (refusal != null) {
            commandsRejected.inc();
            learnerOutput.decision(rejection(command, refusal));
            return;
        }
        learnerOfCurrentKey(experiment).command(command, learnerOutput);
        dirty.add(experiment);
    }

    /**
     * A command refused before it reaches a learner. No example of the experiment gives it an event
     * time, so it is logged at the time the command was issued.
     */
    static Decision rejection(ControlCommand command, String why) {
        return new Decision(
                command.experiment(),
                DecisionKind.REJECT,
                command.modelId(),
                command.issuedAt(),
                0,
                command.kind().commandName() + " (command " + command.id() + "): " + why);
    }

    /** Event time is the examples' alone: commands neither hold it back nor move it. */
    @Override
    public void processWatermark1(Watermark mark) throws Exception {
        processWatermark(mark);
    }

    @Override
    public void processWatermark2(Watermark mark) {}

    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        if (index == 0) {
            processWatermarkStatus(status);
        }
    }

    /** The end of the examples publishes what was learned since; the end of commands is nothing. */
    @Override
    public void endInput(int inputId) throws Exception {
        if (inputId != 1) {
            return;
        }
        Set<String> keys = new HashSet<>(hot.keySet());
        try (Stream<Object> stored =
                getKeyedStateBackend().getKeys(STATE_NAME, VoidNamespace.INSTANCE)) {
            stored.forEach(key -> keys.add((String) key));
        }
        for (String key : keys.stream().sorted().toList()) {
            setCurrentKey(key);
            learnerOfCurrentKey(key).finish(learnerOutput);
            dirty.add(key);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        Object currentKey = dirty.isEmpty() ? null : getCurrentKey();
        for (String key : dirty) {
            setCurrentKey(key);
            writeBack(hot.get(key));
        }
        dirty.clear();
        if (currentKey != null) {
            setCurrentKey(currentKey);
        }
        super.snapshotState(context);
    }

    /** The learner of the current key: from memory when hot, otherwise loaded once from state. */
    private ExperimentLearner learnerOfCurrentKey(String experiment) throws IOException {
        ExperimentLearner learner = hot.get(experiment);
        if (learner != null) {
            return learner;
        }
        ExperimentConfig config = experiments.get(experiment);
        if (config == null) {
            throw new IllegalStateException(
                    "example for experiment "
                            + experiment
                            + ", which the job does not configure; configured: "
                            + experiments.keySet());
        }
        ExperimentSnapshot stored = state.value();
        if (stored == null) {
            learner = ExperimentLearner.create(config, supervisors, subtaskSettings);
        } else {
            learner = decode(config, stored);
            stateLoads.inc();
        }
        evictIfFull(experiment);
        hot.put(experiment, learner);
        return learner;
    }

    private void evictIfFull(String incoming) throws IOException {
        if (hot.size() < maxHotExperiments) {
            return;
        }
        String eldest = hot.keySet().iterator().next();
        ExperimentLearner evicted = hot.remove(eldest);
        if (dirty.remove(eldest)) {
            setCurrentKey(eldest);
            writeBack(evicted);
            setCurrentKey(incoming);
        }
        // Its models may hold ONNX Runtime sessions; the state is written back.
        evicted.close();
    }

    @Override
    public void close() throws Exception {
        hot.values().forEach(ExperimentLearner::close);
        hot.clear();
        super.close();
    }

    private void writeBack(ExperimentLearner learner) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            learner.writeTo(out);
        }
        state.update(new ExperimentSnapshot(bytes.toByteArray()));
        stateWrites.inc();
    }

    private ExperimentLearner decode(ExperimentConfig config, ExperimentSnapshot stored)
            throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored.bytes()))) {
            return ExperimentLearner.read(config, supervisors, subtaskSettings, in);
        }
    }

    /** Number of times an experiment was deserialized from keyed state (tests and metrics). */
    long stateLoads() {
        return stateLoads.getCount();
    }

    /** Number of times an experiment was serialized into keyed state (tests and metrics). */
    long stateWrites() {
        return stateWrites.getCount();
    }

    /** Number of control commands received (tests and metrics). */
    long commandsReceived() {
        return commands.getCount();
    }

    /** Number of control commands refused before they reached a learner (tests and metrics). */
    long commandsRejected() {
        return commandsRejected.getCount();
    }

    /** Sends what a learner produces to the operator's outputs, stamped with event time. */
    private final class FlinkLearnerOutput implements LearnerOutput {

        @Override
        public void prediction(Prediction prediction) {
            output.collect(new StreamRecord<>(prediction, prediction.eventTime()));
        }

        @Override
        public void decision(Decision decision) {
            metrics.decision(decision);
            output.collect(DECISIONS, new StreamRecord<>(decision, decision.eventTime()));
        }

        @Override
        public void artifact(ModelArtifact artifact) {
            output.collect(
                    MODELS,
                    new StreamRecord<>(
                            artifact,
                            artifact.version().provenance().trainingRange().lastEventTime()));
        }

        @Override
        public void reference(ReferencePrediction reference) {
            output.collect(REFERENCES, new StreamRecord<>(reference));
        }

        @Override
        public void status(ExperimentStatus status) {
            output.collect(STATUS, new StreamRecord<>(status, status.eventTime()));
        }

        @Override
        public void serving(ServingSnapshot snapshot) {
            // The champion serves; its snapshot carries when the labels it learned arrived.
            LabelArrivalSample arrivals = labelArrivals.get(snapshot.experiment());
            if (snapshot.arm() == Arm.CHAMPION && arrivals != null) {
                snapshot = snapshot.withLearnedLabels(arrivals.drain());
            }
            output.collect(SERVING, new StreamRecord<>(snapshot, snapshot.eventTime()));
        }
    }
}
