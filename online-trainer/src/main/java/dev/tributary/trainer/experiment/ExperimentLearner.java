package dev.tributary.trainer.experiment;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.model.Arm;
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
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.core.supervision.Metrics;
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
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one experiment learns, and the step that runs for every labelled example:
 *
 * <ol>
 *   <li><b>test</b>: every model predicts the example before seeing its label;
 *   <li><b>judge</b>: the supervisor observes each prediction and decides;
 *   <li><b>train</b>: every model learns from the example;
 *   <li><b>act</b>: the decisions are carried out (a publication includes the example that
 *       triggered it).
 * </ol>
 *
 * <p>Models, supervisor and recent examples are serialized together by {@link #writeTo}, so one
 * checkpoint captures a consistent experiment, and the same input always yields the same models,
 * decisions and published bytes.
 */
public final class ExperimentLearner implements AutoCloseable {

    private static final int FORMAT_VERSION = 1;

    private final ExperimentConfig config;
    private final LearnerSettings settings;
    private final ModelSlot[] slots;
    private final Supervisor supervisor;
    private final RecentExamples recent;
    private long examples;
    private long lastEventTime;

    private ExperimentLearner(
            ExperimentConfig config,
            LearnerSettings settings,
            ModelSlot[] slots,
            Supervisor supervisor,
            RecentExamples recent) {
        this.config = config;
        this.settings = settings;
        this.slots = slots;
        this.supervisor = supervisor;
        this.recent = recent;
    }

    /** A learner with fresh models. */
    public static ExperimentLearner create(
            ExperimentConfig config, SupervisorFactory supervisors, LearnerSettings settings) {
        List<ModelConfig> models = config.models();
        ModelSlot[] slots = new ModelSlot[models.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] =
                    ModelSlot.create(
                            models.get(i), armOf(i), config.featureSpace(), settings.cudaDevice());
        }
        return new ExperimentLearner(
                config,
                settings,
                slots,
                supervisors.create(config),
                new RecentExamples(settings.referenceSample()));
    }

    private static Arm armOf(int slot) {
        return slot == 0 ? Arm.CHAMPION : Arm.SHADOW;
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
                            slot.config.id(),
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
        for (Decision decision : decisions) {
            carryOut(decision, out);
        }
        if (settings.servingEvery() > 0 && examples % settings.servingEvery() == 0) {
            for (ModelSlot slot : slots) {
                out.serving(servingSnapshot(slot, slot.model.freeze()));
            }
        }
        if (examples % settings.statusEvery() == 0) {
            out.status(status(false));
        }
    }

    private ServingSnapshot servingSnapshot(ModelSlot slot, ServingModel serving) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            serving.writeTo(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize a serving model in memory", e);
        }
        return new ServingSnapshot(
                config.name(),
                slot.config.id(),
                slot.version,
                slot.arm,
                slot.trained,
                slot.trainingRange().lastEventTime(),
                bytes.toByteArray());
    }

    /**
     * Ends a finished input: publishes every model that learned since its last publication, then
     * reports a final status.
     */
    public void finish(LearnerOutput out) {
        for (ModelSlot slot : slots) {
            if (slot.hasLearnedSinceLastPublication()) {
                carryOut(
                        new Decision(
                                config.name(),
                                DecisionKind.PUBLISH,
                                slot.config.id(),
                                lastEventTime,
                                examples,
                                "end of input"),
                        out);
            }
        }
        out.status(status(true));
    }

    private void carryOut(Decision decision, LearnerOutput out) {
        if (decision.kind() != DecisionKind.PUBLISH) {
            throw new IllegalStateException(
                    "this release carries out PUBLISH decisions only, not " + decision.kind());
        }
        ModelSlot slot = slotOf(decision.modelId());
        publish(slot, out);
        out.decision(decision);
    }

    private ModelSlot slotOf(String modelId) {
        for (ModelSlot slot : slots) {
            if (slot.config.id().equals(modelId)) {
                return slot;
            }
        }
        throw new IllegalStateException(
                "the supervisor decided about unknown model " + modelId + " of " + config.name());
    }

    private void publish(ModelSlot slot, LearnerOutput out) {
        long version = slot.version + 1;
        ServingModel serving = slot.model.freeze();
        Provenance provenance =
                new Provenance(
                        slot.trainingRange(),
                        configHash(slot.config),
                        settings.codeVersion(),
                        slot.config.seed(),
                        slot.config.family().yamlName(),
                        slot.config.optimizer().yamlName(),
                        slot.model.backendName(),
                        slot.config.device().yamlName());
        byte[] onnx = serving.toOnnx(onnxMetadata(slot, version, provenance));
        ModelVersion modelVersion =
                new ModelVersion(
                        config.name(),
                        slot.config.id(),
                        version,
                        slot.version,
                        provenance,
                        metricsOf(slot.config.id()),
                        Sha256.hex(onnx));
        ModelInputs inputs =
                new ModelInputs(
                        config.featureSpace().spec(),
                        serving.inputStatistics(),
                        serving.vocabularyAdmitted());
        out.artifact(new ModelArtifact(modelVersion, onnx, inputs));
        slot.version = version;
        out.serving(servingSnapshot(slot, serving));
        slot.trainedAtLastPublication = slot.trained;
        supervisor.published(slot.config.id(), version);
        for (LabelledExample example : recent.inOrder()) {
            out.reference(
                    new ReferencePrediction(
                            config.name(),
                            slot.config.id(),
                            version,
                            example.id(),
                            example.features(),
                            serving.predict(example.features())));
        }
    }

    private String configHash(ModelConfig model) {
        String canonical = model + "|" + config.featureSpace();
        return Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, String> onnxMetadata(ModelSlot slot, long version, Provenance p) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("tributary.experiment", config.name());
        metadata.put("tributary.model", slot.config.id());
        metadata.put("tributary.version", Long.toString(version));
        metadata.put("tributary.parent_version", Long.toString(slot.version));
        metadata.put("tributary.family", p.family());
        metadata.put("tributary.optimizer", p.optimizer());
        metadata.put("tributary.backend", p.backend());
        metadata.put("tributary.device", p.device());
        metadata.put("tributary.config_hash", p.configHash());
        metadata.put("tributary.code_version", p.codeVersion());
        metadata.put("tributary.seed", Long.toString(p.seed()));
        metadata.put("tributary.examples", Long.toString(p.trainingRange().examples()));
        metadata.put(
                "tributary.first_event_time", Long.toString(p.trainingRange().firstEventTime()));
        metadata.put("tributary.last_event_time", Long.toString(p.trainingRange().lastEventTime()));
        metadata.put(
                "tributary.dense_features",
                String.join(",", config.featureSpace().denseFeatures()));
        String spec = config.featureSpace().spec();
        if (!spec.isEmpty()) {
            // The model file alone then says how to make its inputs from a raw event.
            metadata.put("tributary.feature_spec", spec);
            metadata.put(
                    "tributary.feature_spec_sha256",
                    Sha256.hex(spec.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return metadata;
    }

    /** The model's prequential metrics, leaving out the ones not defined yet. */
    private Map<String, Double> metricsOf(String modelId) {
        Map<String, Double> metrics = new HashMap<>();
        for (ModelEvaluation evaluation : supervisor.evaluations()) {
            if (evaluation.model().modelId().equals(modelId)) {
                putDefined(metrics, "window", evaluation.window());
                putDefined(metrics, "since_start", evaluation.sinceStart());
            }
        }
        return metrics;
    }

    private static void putDefined(Map<String, Double> metrics, String scope, Metrics m) {
        metrics.put(scope + ".examples", (double) m.examples());
        putIfFinite(metrics, scope + ".logloss", m.logLoss());
        putIfFinite(metrics, scope + ".accuracy", m.accuracy());
        putIfFinite(metrics, scope + ".auc", m.auc());
        putIfFinite(metrics, scope + ".rmse", m.rmse());
        putIfFinite(metrics, scope + ".mae", m.mae());
    }

    private static void putIfFinite(Map<String, Double> metrics, String key, double value) {
        if (Double.isFinite(value)) {
            metrics.put(key, value);
        }
    }

    /** The current progress report. */
    public ExperimentStatus status(boolean last) {
        return new ExperimentStatus(
                config.name(),
                examples,
                lastEventTime,
                supervisor.evaluations().toArray(ModelEvaluation[]::new),
                last);
    }

    public long examples() {
        return examples;
    }

    /** Writes models, supervisor and recent examples as one versioned record. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(examples);
        out.writeLong(lastEventTime);
        out.writeInt(slots.length);
        for (ModelSlot slot : slots) {
            slot.writeTo(out);
        }
        supervisor.writeTo(out);
        recent.writeTo(out);
    }

    /**
     * Restores what {@link #writeTo} wrote. Models are matched to the configuration by id; a model
     * added to the configuration since starts fresh.
     */
    public static ExperimentLearner read(
            ExperimentConfig config,
            SupervisorFactory supervisors,
            LearnerSettings settings,
            DataInput in)
            throws IOException {
        int format = in.readInt();
        if (format != FORMAT_VERSION) {
            throw new IOException(
                    "experiment state has format version "
                            + format
                            + ", this release reads version "
                            + FORMAT_VERSION);
        }
        long examples = in.readLong();
        long lastEventTime = in.readLong();
        int stored = in.readInt();
        Map<String, ModelConfig> configured = new HashMap<>();
        config.models().forEach(m -> configured.put(m.id(), m));
        Map<String, ModelSlot> restored = new HashMap<>();
        for (int i = 0; i < stored; i++) {
            String id = in.readUTF();
            ModelConfig model = configured.get(id);
            if (model == null) {
                throw new IOException(
                        "the checkpoint holds model "
                                + id
                                + " of experiment "
                                + config.name()
                                + ", which the job configuration no longer has");
            }
            int index = config.models().indexOf(model);
            restored.put(
                    id,
                    ModelSlot.read(
                            in, model, armOf(index), config.featureSpace(), settings.cudaDevice()));
        }
        ModelSlot[] slots = new ModelSlot[config.models().size()];
        for (int i = 0; i < slots.length; i++) {
            ModelConfig model = config.models().get(i);
            ModelSlot slot = restored.get(model.id());
            slots[i] =
                    slot != null
                            ? slot
                            : ModelSlot.create(
                                    model, armOf(i), config.featureSpace(), settings.cudaDevice());
        }
        Supervisor supervisor = supervisors.read(config, in);
        RecentExamples recent = RecentExamples.read(in, settings.referenceSample(), config.name());
        ExperimentLearner learner =
                new ExperimentLearner(config, settings, slots, supervisor, recent);
        learner.examples = examples;
        learner.lastEventTime = lastEventTime;
        return learner;
    }
}
