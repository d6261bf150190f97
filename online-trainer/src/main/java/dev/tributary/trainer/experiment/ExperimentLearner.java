package dev.tributary.trainer.experiment;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.ModelInputs;
import dev.tributary.core.model.ModelVersion;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.Provenance;
import dev.tributary.core.model.ReferencePrediction;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.core.model.Sha256;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.Supervisor;
import dev.tributary.core.supervision.SupervisorFactory;
import dev.tributary.trainer.learn.Head;
import dev.tributary.trainer.model.ServingModel;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything one experiment learns, and the step that runs for every labelled example:
 *
 * <ol>
 *   <li><b>test</b>: every model predicts the example before seeing its label;
 *   <li><b>judge</b>: the supervisor observes each prediction and decides;
 *   <li><b>train</b>: every model learns from the example;
 *   <li><b>act</b>: the decisions are carried out, in order, and each is emitted as carried out (a
 *       publication includes the example that triggered it).
 * </ol>
 *
 * <p>An experiment that retrains ({@link ExperimentConfig#retrains()}) has a changing set of
 * models: the champion, the configured shadows, and the challengers its retrains start ({@link
 * Challengers}), which go from shadow to canary to champion or are rolled back. Every publication
 * then carries the model's arm, and every serving snapshot the supervisor's {@link TrafficSplit};
 * when the split or a serving model's parameters change, the serving models are sent to the scorer
 * at once. An experiment that does not retrain keeps its configured models in their configured
 * roles, and its publications and snapshots carry no arm and no split.
 *
 * <p>No model whose parameters are not finite is published or served: the decision is logged as not
 * carried out, and the supervisor, which sees its non-finite predictions, rolls it back.
 *
 * <p>Models, supervisor and recent examples are serialized together by {@link #writeTo}, so one
 * checkpoint captures a consistent experiment, and the same input always yields the same models,
 * decisions and published bytes.
 */
public final class ExperimentLearner implements AutoCloseable {

    /**
     * Configured models only, in configured roles: what an experiment without retraining writes.
     */
    private static final int FORMAT_CONFIGURED = 1;

    /** Every slot with its template and arm, and the configured models a rollout dropped. */
    private static final int FORMAT_WITH_ROLES = 2;

    private final ExperimentConfig config;
    private final LearnerSettings settings;
    private final List<ModelSlot> slots;
    private final Set<String> retired;
    private final Supervisor supervisor;
    private final RecentExamples recent;
    private final Challengers challengers;
    private long examples;
    private long lastEventTime;

    /** The split the scorer was last sent; always the supervisor's between two steps. */
    private TrafficSplit servedSplit;

    /** The models sent to the scorer while carrying out the current decisions. */
    private final Set<String> servedNow = new HashSet<>();

    private ExperimentLearner(
            ExperimentConfig config,
            LearnerSettings settings,
            List<ModelSlot> slots,
            Set<String> retired,
            Supervisor supervisor,
            RecentExamples recent) {
        this.config = config;
        this.settings = settings;
        this.slots = slots;
        this.retired = retired;
        this.supervisor = supervisor;
        this.recent = recent;
        this.challengers = new Challengers(config, settings.cudaDevice());
        this.servedSplit = split();
    }

    /** A learner with fresh models. */
    public static ExperimentLearner create(
            ExperimentConfig config, SupervisorFactory supervisors, LearnerSettings settings) {
        List<ModelConfig> models = config.models();
        List<ModelSlot> slots = new ArrayList<>(models.size());
        for (int i = 0; i < models.size(); i++) {
            slots.add(
                    ModelSlot.create(
                            models.get(i),
                            SlotRoles.armOf(i),
                            config.featureSpace(),
                            settings.cudaDevice()));
        }
        return new ExperimentLearner(
                config,
                settings,
                slots,
                new LinkedHashSet<>(),
                supervisors.create(config),
                new RecentExamples(recentCapacity(config, settings)));
    }

    /**
     * The recent examples kept: the reference sample, and for an experiment that retrains the
     * replay buffer; one ring holds both, the reference sample being its newest part.
     */
    private static int recentCapacity(ExperimentConfig config, LearnerSettings settings) {
        return Math.max(settings.referenceSample(), replayExamples(config));
    }

    private static int replayExamples(ExperimentConfig config) {
        return config.retrains() ? config.retrain().policy().replayExamples() : 0;
    }

    /** Releases what the models' backends hold natively; the learner is not used afterwards. */
    @Override
    public void close() {
        for (ModelSlot slot : slots) {
            slot.model.close();
        }
    }

    /** Runs test, judge, train and act for one labelled example. */
    public void learn(LabelledExample example, LearnerOutput out) {
        for (ModelSlot slot : slots) {
            double[] prediction = slot.prediction;
            slot.model.predictAll(example.features(), prediction);
            double score = Head.score(prediction);
            out.prediction(
                    new Prediction(
                            example.id(),
                            config.name(),
                            slot.id(),
                            slot.version,
                            score,
                            slot.arm,
                            example.eventTime(),
                            example.label()));
            supervisor.observe(slot.ref(), example, prediction);
        }
        List<Decision> decisions = supervisor.decide(example);
        for (ModelSlot slot : slots) {
            slot.train(example);
        }
        examples++;
        lastEventTime = example.eventTime();
        recent.add(example);
        carryOut(decisions, out);
        if (settings.servingEvery() > 0 && examples % settings.servingEvery() == 0) {
            for (ModelSlot slot : slots) {
                serve(slot, slot.model.freeze(), out);
            }
        }
        if (examples % settings.statusEvery() == 0) {
            out.status(status(false));
        }
    }

    /**
     * Applies a manual command: the supervisor turns it into decisions at the latest event time
     * seen (a {@link DecisionKind#REJECT} with why when it cannot be carried out), and they are
     * carried out like those of a labelled example.
     */
    public void command(ControlCommand command, LearnerOutput out) {
        carryOut(supervisor.command(command, lastEventTime, examples), out);
    }

    /**
     * Ends a finished input: publishes every model that learned since its last publication, then
     * reports a final status.
     */
    public void finish(LearnerOutput out) {
        for (ModelSlot slot : List.copyOf(slots)) {
            if (slot.hasLearnedSinceLastPublication()) {
                carryOut(
                        new Decision(
                                config.name(),
                                DecisionKind.PUBLISH,
                                slot.id(),
                                lastEventTime,
                                examples,
                                "end of input"),
                        out);
            }
        }
        out.status(status(true));
    }

    private void carryOut(List<Decision> decisions, LearnerOutput out) {
        servedNow.clear();
        boolean servingChanged = false;
        for (Decision decision : decisions) {
            servingChanged |= carryOut(decision, out);
        }
        if (!config.retrains()) {
            return;
        }
        TrafficSplit split = split();
        if (servingChanged || !Objects.equals(split, servedSplit)) {
            // The scorer routes by the split from the first snapshot that carries it: send every
            // model it routes to, so that none is missing or stale under the new split.
            for (ModelSlot slot : slots) {
                if (slot.arm != Arm.SHADOW && !servedNow.contains(slot.id())) {
                    serve(slot, slot.model.freeze(), out);
                }
            }
            servedSplit = split;
        }
    }

    /** Carries out one decision and emits it; returns whether what the scorer serves changed. */
    private boolean carryOut(Decision decision, LearnerOutput out) {
        DecisionKind kind = decision.kind();
        if (kind == DecisionKind.PUBLISH) {
            ModelSlot slot = slotOf(decision.modelId());
            if (slot == null) {
                out.decision(notCarriedOut(decision, "no model " + decision.modelId()));
            } else {
                out.decision(published(decision, publish(slot, out)));
            }
            return false;
        }
        if (kind != DecisionKind.RETRAIN
                && kind != DecisionKind.CANARY
                && kind != DecisionKind.PROMOTE
                && kind != DecisionKind.ROLLBACK) {
            // DRIFT, PAUSE, RESUME and REJECT change no model: they are logged as decided.
            out.decision(decision);
            return false;
        }
        if (!config.retrains()) {
            out.decision(notCarriedOut(decision, "experiment does not retrain"));
            return false;
        }
        if (kind == DecisionKind.RETRAIN) {
            out.decision(startChallenger(decision));
            return false;
        }
        ModelSlot slot = slotOf(decision.modelId());
        if (slot == null) {
            out.decision(notCarriedOut(decision, "no model " + decision.modelId()));
            return false;
        }
        if (kind == DecisionKind.CANARY) {
            if (slot.arm == Arm.CHAMPION) {
                out.decision(notCarriedOut(decision, slot.id() + " is the champion"));
                return false;
            }
            slot.arm = Arm.CANARY;
            out.decision(decision);
            return true;
        }
        if (kind == DecisionKind.PROMOTE) {
            out.decision(promote(slot, decision, out));
            return true;
        }
        out.decision(rollBack(slot, decision));
        return true;
    }

    private Decision startChallenger(Decision decision) {
        if (slotOf(decision.modelId()) != null) {
            return notCarriedOut(decision, "model " + decision.modelId() + " exists");
        }
        String templateId = decision.source();
        ModelConfig template = config.template(templateId);
        ModelSlot built = slotOf(templateId);
        if (template == null && built != null) {
            // The source is a challenger (a promoted champion, say): its own template then.
            templateId = built.template;
            template = config.template(templateId);
        }
        if (template == null) {
            return notCarriedOut(decision, "no model or challenger template " + decision.source());
        }
        RetrainPolicy.Action action =
                decision.action() != null ? decision.action() : config.retrain().policy().action();
        Challengers.Start start =
                challengers.start(
                        template.withId(decision.modelId()),
                        templateId,
                        action,
                        champion(),
                        recent.last(replayExamples(config)));
        slots.add(start.slot());
        return start.note().isEmpty()
                ? decision
                : withAction(decision.withReason(decision.reason() + start.note()), start.action());
    }

    private Decision promote(ModelSlot slot, Decision decision, LearnerOutput out) {
        ModelSlot previous = champion();
        slot.arm = Arm.CHAMPION;
        if (previous != null && previous != slot) {
            drop(previous);
        }
        // A version published as champion is what moves the registry's champion pointer.
        return published(decision, publish(slot, out));
    }

    private Decision rollBack(ModelSlot slot, Decision decision) {
        if (slot.arm != Arm.CHAMPION) {
            drop(slot);
            return decision;
        }
        // The champion keeps serving: only its parameters, no longer finite, start again.
        String note =
                challengers.reset(slot, decision.action(), recent.last(replayExamples(config)));
        return note.isEmpty() ? decision : decision.withReason(decision.reason() + note);
    }

    /** Takes a model out of the experiment for good, releasing its backend. */
    private void drop(ModelSlot slot) {
        slot.model.close();
        slots.remove(slot);
        if (config.models().stream().anyMatch(m -> m.id().equals(slot.id()))) {
            // Remembered so that a restore does not bring it back as a model added since.
            retired.add(slot.id());
        }
    }

    private static Decision published(Decision decision, long version) {
        return version < 0
                ? notCarriedOut(decision, "its parameters are not finite")
                : decision.withVersion(version);
    }

    private static Decision notCarriedOut(Decision decision, String why) {
        return decision.withReason(decision.reason() + " (not carried out: " + why + ")");
    }

    private static Decision withAction(Decision d, RetrainPolicy.Action action) {
        return new Decision(
                d.experiment(),
                d.kind(),
                d.modelId(),
                d.version(),
                d.eventTime(),
                d.examples(),
                d.reason(),
                d.source(),
                action,
                d.traffic(),
                d.evidence());
    }

    private ModelSlot slotOf(String modelId) {
        for (ModelSlot slot : slots) {
            if (slot.id().equals(modelId)) {
                return slot;
            }
        }
        return null;
    }

    private ModelSlot champion() {
        for (ModelSlot slot : slots) {
            if (slot.arm == Arm.CHAMPION) {
                return slot;
            }
        }
        return null;
    }

    /** The split serving snapshots carry: the supervisor's, none without retraining. */
    private TrafficSplit split() {
        return config.retrains() ? supervisor.traffic() : null;
    }

    /** Sends a model's current parameters to the scorer, unless they are not finite. */
    private void serve(ModelSlot slot, ServingModel serving, LearnerOutput out) {
        if (serving.isFinite()) {
            out.serving(servingSnapshot(slot, serving));
        }
    }

    private ServingSnapshot servingSnapshot(ModelSlot slot, ServingModel serving) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            serving.writeTo(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a serving model in memory", e);
        }
        ServingSnapshot snapshot =
                new ServingSnapshot(
                        config.name(),
                        slot.id(),
                        slot.version,
                        slot.arm,
                        slot.trained,
                        slot.trainingRange().lastEventTime(),
                        bytes.toByteArray());
        TrafficSplit split = split();
        return split == null ? snapshot : snapshot.withSplit(split);
    }

    /**
     * Publishes a new version of the slot's model and returns it, or -1 without publishing when its
     * parameters or its scores on the reference sample are not finite.
     */
    private long publish(ModelSlot slot, LearnerOutput out) {
        ServingModel serving = slot.model.freeze();
        List<LabelledExample> references = recent.last(settings.referenceSample());
        double[] scores = new double[references.size()];
        boolean finite = serving.isFinite();
        for (int i = 0; i < scores.length && finite; i++) {
            scores[i] = serving.predict(references.get(i).features());
            finite = Double.isFinite(scores[i]);
        }
        if (!finite) {
            return -1;
        }
        long version = slot.version + 1;
        Provenance provenance = VersionMetadata.provenance(config, settings, slot);
        byte[] onnx =
                serving.toOnnx(VersionMetadata.onnxMetadata(config, slot, version, provenance));
        ModelVersion modelVersion =
                new ModelVersion(
                        config.name(),
                        slot.id(),
                        version,
                        slot.version,
                        provenance,
                        VersionMetadata.metrics(supervisor.evaluations(), slot.id()),
                        Sha256.hex(onnx));
        ModelInputs inputs =
                new ModelInputs(
                        config.featureSpace().spec(),
                        serving.inputStatistics(),
                        serving.vocabularyAdmitted());
        // Without retraining the registry sink knows the champion by its configured id.
        Arm arm = config.retrains() ? slot.arm : null;
        out.artifact(new ModelArtifact(modelVersion, onnx, inputs, arm));
        slot.version = version;
        out.serving(servingSnapshot(slot, serving));
        servedNow.add(slot.id());
        slot.trainedAtLastPublication = slot.trained;
        supervisor.published(slot.id(), version);
        for (int i = 0; i < scores.length; i++) {
            LabelledExample example = references.get(i);
            out.reference(
                    new ReferencePrediction(
                            config.name(),
                            slot.id(),
                            version,
                            example.id(),
                            example.features(),
                            scores[i]));
        }
        return version;
    }

    /** The current progress report. */
    public ExperimentStatus status(boolean last) {
        return new ExperimentStatus(
                config.name(),
                examples,
                lastEventTime,
                supervisor.evaluations().toArray(ModelEvaluation[]::new),
                last,
                supervisor.featureDrift());
    }

    /**
     * Who serves the experiment's traffic now: the supervisor's split, or {@code null} when the
     * configured champion serves everything.
     */
    public TrafficSplit traffic() {
        return supervisor.traffic();
    }

    public long examples() {
        return examples;
    }

    /** The model of this id, {@code null} for none; for tests. */
    ModelSlot slot(String modelId) {
        return slotOf(modelId);
    }

    /**
     * Writes models, supervisor and recent examples as one versioned record. An experiment without
     * retraining writes format 1, the one earlier releases wrote and read; one that retrains writes
     * format 2, whose slots carry their template and arm.
     */
    public void writeTo(DataOutput out) throws IOException {
        boolean roles = config.retrains();
        out.writeInt(roles ? FORMAT_WITH_ROLES : FORMAT_CONFIGURED);
        out.writeLong(examples);
        out.writeLong(lastEventTime);
        if (roles) {
            out.writeInt(retired.size());
            for (String id : retired) {
                out.writeUTF(id);
            }
        }
        out.writeInt(slots.size());
        for (ModelSlot slot : slots) {
            if (roles) {
                slot.writeWithRoleTo(out);
            } else {
                slot.writeTo(out);
            }
        }
        supervisor.writeTo(out);
        recent.writeTo(out);
    }

    /**
     * Restores what {@link #writeTo} wrote, in either format. Configured models are matched to the
     * configuration by id, challengers rebuilt from their template; a model added to the
     * configuration since starts fresh (as a shadow, in an experiment that retrains).
     */
    public static ExperimentLearner read(
            ExperimentConfig config,
            SupervisorFactory supervisors,
            LearnerSettings settings,
            DataInput in)
            throws IOException {
        int format = in.readInt();
        if (format != FORMAT_CONFIGURED && format != FORMAT_WITH_ROLES) {
            throw new IOException(
                    "experiment state has format version "
                            + format
                            + ", this release reads versions "
                            + FORMAT_CONFIGURED
                            + " and "
                            + FORMAT_WITH_ROLES);
        }
        long examples = in.readLong();
        long lastEventTime = in.readLong();
        Set<String> retired = new LinkedHashSet<>();
        if (format == FORMAT_WITH_ROLES) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                retired.add(in.readUTF());
            }
        }
        int stored = in.readInt();
        List<ModelSlot> restored = new ArrayList<>(stored);
        for (int i = 0; i < stored; i++) {
            restored.add(
                    format == FORMAT_WITH_ROLES
                            ? SlotRoles.readWithRole(config, settings, in)
                            : SlotRoles.readConfigured(config, settings, in));
        }
        List<ModelSlot> slots;
        if (format == FORMAT_WITH_ROLES && config.retrains()) {
            slots = SlotRoles.withModelsAddedSince(config, settings, restored, retired);
        } else {
            // The configured roles, in the configured order, whatever the state held.
            slots = SlotRoles.inConfiguredRoles(config, settings, restored);
            retired.clear();
        }
        Supervisor supervisor = supervisors.read(config, in);
        RecentExamples recent =
                RecentExamples.read(in, recentCapacity(config, settings), config.name());
        ExperimentLearner learner =
                new ExperimentLearner(config, settings, slots, retired, supervisor, recent);
        learner.examples = examples;
        learner.lastEventTime = lastEventTime;
        return learner;
    }
}
