package dev.tributary.evaluator.supervisor;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.FeatureDriftConfig;
import dev.tributary.core.config.SliceConfig;
import dev.tributary.core.config.Task;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.supervision.FeatureStability;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.Supervisor;
import dev.tributary.evaluator.drift.FeatureDrift;
import dev.tributary.evaluator.prequential.RunningMetrics;
import dev.tributary.evaluator.prequential.WindowMetrics;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A supervisor that judges every model prequentially and publishes on a fixed schedule.
 *
 * <p>For each model, keyed by model id in the order first observed, it keeps metrics over the last
 * {@code evaluation.window} examples ({@link WindowMetrics}), since the model's current version and
 * since the model was first observed ({@link RunningMetrics}), all of them for the experiment's
 * {@link ExperimentConfig#task() task} and {@link ExperimentConfig#classes() classes}: log loss,
 * accuracy and AUC (binary), log loss and accuracy (multiclass), RMSE and MAE (regression).
 *
 * <p>Versions: a model's version is taken from the {@link ModelRef} of its first observation and
 * afterwards changes only through {@link #published}; later observations update only its arm.
 * {@code published} with a newer version resets the since-version metrics, with the same version
 * does nothing (a repeated notice), with an older one throws. A notice about a model not yet
 * observed is ignored: its first observation brings its version.
 *
 * <p>Publication: {@link #decide} counts the labelled examples of the experiment and, for every
 * model observed so far, the examples since its current version. Each time that count reaches a
 * multiple of {@code publishEveryExamples} it returns a {@link DecisionKind#PUBLISH} decision for
 * the model; 0 or less never publishes. Counting from the last publication rather than the last
 * decision keeps the reason truthful when the operator publishes late or not at all (a late
 * publication moves the schedule; a missing one is asked for again after as many examples).
 *
 * <p>Deterministic: the same calls give the same decisions and the same bytes from {@link
 * #writeTo}. {@link #observe} allocates nothing once a model is known. Not thread-safe.
 */
public final class PrequentialSupervisor implements Supervisor {

    static final int FORMAT_VERSION = 4;

    /** The format before faded metrics: still read, their metrics then start afresh. */
    static final int FORMAT_VERSION_WITHOUT_FADED = 1;

    /** The format before slices: still read, slices then start afresh. */
    static final int FORMAT_VERSION_WITHOUT_SLICES = 3;

    private final ExperimentConfig experiment;
    private final Task task;
    private final int classes;
    private final int window;
    private final SliceConfig slices;
    // The input's population stability, or null when not watched.
    private FeatureDrift featureDrift;
    // A list for the order first observed (and allocation-free iteration), a map for lookup.
    private final List<ModelMetrics> models = new ArrayList<>();
    private final Map<String, ModelMetrics> byId = new HashMap<>();
    private long examples;

    /**
     * A supervisor for an experiment that has seen nothing yet.
     *
     * @throws IllegalArgumentException if the experiment's evaluation window is out of range
     */
    public PrequentialSupervisor(ExperimentConfig experiment) {
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        this.task = experiment.task();
        this.classes = experiment.classes();
        this.window = experiment.evaluation().window();
        this.slices = experiment.evaluation().slices();
        this.featureDrift = freshFeatureDrift(experiment);
        if (window < 1 || window > WindowMetrics.MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "experiments["
                            + experiment.name()
                            + "].evaluation.window: "
                            + window
                            + " must be in 1.."
                            + WindowMetrics.MAX_CAPACITY);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A prediction holding a non-finite value is not recorded at all: it would poison every
     * metric, and a model with non-finite parameters is the learner's to replace, not a reason to
     * fail the job.
     *
     * @throws IllegalArgumentException if the prediction does not fit the experiment's task (wrong
     *     length, a probability out of {@code [0, 1]}), or the label or weight is invalid; nothing
     *     is recorded then
     */
    @Override
    public void observe(ModelRef model, LabelledExample example, double[] prediction) {
        if (!ExampleLoss.finite(prediction)) {
            return;
        }
        ModelMetrics state = byId.get(model.modelId());
        if (state == null) {
            state =
                    ModelMetrics.fresh(
                            model.modelId(),
                            model.version(),
                            model.arm(),
                            task,
                            classes,
                            window,
                            slices);
            // Validate before registering, so that a bad first example leaves no trace.
            state.observe(example, prediction);
            models.add(state);
            byId.put(state.modelId, state);
            return;
        }
        state.arm = model.arm();
        state.observe(example, prediction);
    }

    @Override
    public List<Decision> decide(LabelledExample example) {
        if (!experiment.name().equals(example.experiment())) {
            throw new IllegalArgumentException(
                    "example "
                            + example.id()
                            + " belongs to experiment "
                            + example.experiment()
                            + ", not "
                            + experiment.name());
        }
        examples++;
        if (featureDrift != null) {
            featureDrift.observe(example.features().dense());
        }
        long every = experiment.publishEveryExamples();
        List<Decision> decisions = null;
        for (int i = 0; i < models.size(); i++) {
            ModelMetrics state = models.get(i);
            long since = ++state.examplesSinceVersion;
            if (every > 0 && since % every == 0) {
                if (decisions == null) {
                    decisions = new ArrayList<>(models.size());
                }
                decisions.add(
                        new Decision(
                                experiment.name(),
                                DecisionKind.PUBLISH,
                                state.modelId,
                                example.eventTime(),
                                examples,
                                since + " examples since " + state.versionName()));
            }
        }
        return decisions == null ? List.of() : List.copyOf(decisions);
    }

    @Override
    public void published(String modelId, long version) {
        ModelMetrics state = byId.get(modelId);
        if (state != null) {
            state.published(version, experiment.name());
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Costs O({@value RunningMetrics#BINS} + W log W) per model of a binary experiment, W being
     * the window (O(1) for other tasks): call it when reporting or publishing, not for every
     * example.
     */
    @Override
    public List<ModelEvaluation> evaluations() {
        List<ModelEvaluation> evaluations = new ArrayList<>(models.size());
        for (ModelMetrics state : models) {
            evaluations.add(state.evaluation());
        }
        return List.copyOf(evaluations);
    }

    @Override
    public FeatureStability[] featureDrift() {
        return featureDrift == null ? new FeatureStability[0] : featureDrift.stabilities();
    }

    /** The input's population stability as configured, or {@code null} when not watched. */
    static FeatureDrift freshFeatureDrift(ExperimentConfig experiment) {
        FeatureDriftConfig config = experiment.evaluation().featureDrift();
        return config == null
                ? null
                : new FeatureDrift(config, experiment.featureSpace().denseFeatures());
    }

    /** Writes the feature drift: whether it is watched, then its state. */
    static void writeFeatureDrift(FeatureDrift drift, DataOutput out) throws IOException {
        out.writeBoolean(drift != null);
        if (drift != null) {
            drift.writeTo(out);
        }
    }

    /**
     * Reads what {@link #writeFeatureDrift} wrote, continued as the experiment configures it now
     * (see {@link FeatureDrift#read}).
     */
    static FeatureDrift readFeatureDrift(ExperimentConfig experiment, DataInput in)
            throws IOException {
        FeatureDriftConfig config = experiment.evaluation().featureDrift();
        List<String> features = experiment.featureSpace().denseFeatures();
        if (!in.readBoolean()) {
            return config == null ? null : new FeatureDrift(config, features);
        }
        try {
            return FeatureDrift.read(in, config, features);
        } catch (IOException e) {
            throw new IOException(
                    "cannot restore the feature drift of experiment "
                            + experiment.name()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** The input's population stability (live, for {@link RetrainingSupervisor}). */
    FeatureDrift featureDriftState() {
        return featureDrift;
    }

    /** Number of labelled examples of the experiment seen by {@link #decide}. */
    public long examples() {
        return examples;
    }

    /**
     * Writes format version 4: the layout of format 1 (the experiment name, the example count, then
     * every model in the order first observed with its window, since-version and since-start
     * metrics), followed by every model's faded metrics in the same order (format 3), then every
     * model's slices, then the feature drift. The metrics carry their own format versions and, for
     * tasks other than binary, their task.
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeUTF(experiment.name());
        out.writeLong(examples);
        out.writeInt(models.size());
        for (ModelMetrics state : models) {
            state.writeTo(out);
        }
        for (ModelMetrics state : models) {
            state.writeFadedTo(out);
        }
        for (ModelMetrics state : models) {
            state.writeSlicesTo(out);
        }
        writeFeatureDrift(featureDrift, out);
    }

    /**
     * Restores what {@link #writeTo} wrote. The restored supervisor continues exactly as the
     * original would have, except that windows take the capacity {@code experiment} configures now
     * (keeping their most recent examples), so that a job restored with a new window uses it.
     *
     * @throws IOException on an unknown format version, state of another experiment or of metrics
     *     of another task or class count, or inconsistent data
     */
    public static PrequentialSupervisor read(ExperimentConfig experiment, DataInput in)
            throws IOException {
        int version = in.readInt();
        if (version != FORMAT_VERSION
                && version != FORMAT_VERSION_WITHOUT_SLICES
                && version != FORMAT_VERSION_WITHOUT_FADED) {
            throw new IOException(
                    "cannot read PrequentialSupervisor format version "
                            + version
                            + ": this build reads versions "
                            + FORMAT_VERSION_WITHOUT_FADED
                            + ", "
                            + FORMAT_VERSION_WITHOUT_SLICES
                            + " and "
                            + FORMAT_VERSION);
        }
        return readBody(experiment, in, version);
    }

    /**
     * Reads format 1, 3 or 4 after its version number, which the caller has read. Format 1 holds no
     * faded metrics, formats 1 and 3 no slices and no feature drift: they start afresh, rather than
     * being made up.
     */
    static PrequentialSupervisor readBody(ExperimentConfig experiment, DataInput in, int version)
            throws IOException {
        PrequentialSupervisor supervisor = new PrequentialSupervisor(experiment);
        String name = in.readUTF();
        if (!name.equals(experiment.name())) {
            throw new IOException(
                    "supervisor state of experiment "
                            + name
                            + " cannot be restored into experiment "
                            + experiment.name());
        }
        supervisor.examples = in.readLong();
        int count = in.readInt();
        if (supervisor.examples < 0 || count < 0) {
            throw new IOException(
                    "corrupt PrequentialSupervisor state: "
                            + supervisor.examples
                            + " examples, "
                            + count
                            + " models");
        }
        for (int i = 0; i < count; i++) {
            supervisor.add(
                    ModelMetrics.read(
                            in,
                            supervisor.task,
                            supervisor.classes,
                            supervisor.window,
                            supervisor.slices,
                            experiment.name(),
                            "PrequentialSupervisor"));
        }
        if (version != FORMAT_VERSION_WITHOUT_FADED) {
            for (ModelMetrics model : supervisor.models) {
                model.readFaded(in, experiment.name());
            }
        }
        if (version == FORMAT_VERSION) {
            for (ModelMetrics model : supervisor.models) {
                model.readSlices(in, supervisor.slices, experiment.name());
            }
            supervisor.featureDrift = readFeatureDrift(experiment, in);
        }
        return supervisor;
    }

    /**
     * A supervisor that continues from the given models' metrics and example count: what remains of
     * a {@link RetrainingSupervisor}'s state when an experiment is restored with retraining turned
     * off.
     */
    static PrequentialSupervisor of(
            ExperimentConfig experiment,
            long examples,
            List<ModelMetrics> models,
            FeatureDrift featureDrift)
            throws IOException {
        PrequentialSupervisor supervisor = new PrequentialSupervisor(experiment);
        supervisor.examples = examples;
        supervisor.featureDrift = featureDrift;
        for (ModelMetrics model : models) {
            supervisor.add(model);
        }
        return supervisor;
    }

    /**
     * The models' metrics, in the order first observed (live, for {@link RetrainingSupervisor}).
     */
    List<ModelMetrics> models() {
        return models;
    }

    private void add(ModelMetrics state) throws IOException {
        if (byId.put(state.modelId, state) != null) {
            throw new IOException(
                    "corrupt PrequentialSupervisor state: model " + state.modelId + " twice");
        }
        models.add(state);
    }
}
