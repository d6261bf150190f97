package dev.tributary.evaluator.supervisor;

import dev.tributary.core.config.SliceConfig;
import dev.tributary.core.config.Task;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.evaluator.prequential.FadingMetrics;
import dev.tributary.evaluator.prequential.RunningMetrics;
import dev.tributary.evaluator.prequential.SliceMetrics;
import dev.tributary.evaluator.prequential.WindowMetrics;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Everything a supervisor knows about one model's quality and publication: its window,
 * since-version and since-start metrics, its version and the examples since it. Shared by {@link
 * PrequentialSupervisor} and {@link RetrainingSupervisor} so that both judge and serialize a model
 * identically (the layout is that of {@code PrequentialSupervisor} format 1, byte for byte).
 */
final class ModelMetrics {

    final String modelId;
    WindowMetrics window;
    final RunningMetrics sinceVersion;
    final RunningMetrics sinceStart;
    // Metrics that forget at a fixed rate (Gama et al. 2013); serialized apart from the rest, in a
    // trailing section, so that the layout of PrequentialSupervisor format 1 stays as it was.
    FadingMetrics faded;
    // Per value of the experiment's slice field, or null when it slices nothing; serialized in a
    // trailing section of its own, after the faded metrics, for the same reason.
    SliceMetrics slices;
    Arm arm;
    long version;
    long examplesSinceVersion;

    ModelMetrics(
            String modelId,
            long version,
            Arm arm,
            WindowMetrics window,
            RunningMetrics sinceVersion,
            RunningMetrics sinceStart) {
        this.modelId = modelId;
        this.version = version;
        this.arm = arm;
        this.window = window;
        this.sinceVersion = sinceVersion;
        this.sinceStart = sinceStart;
        this.faded =
                new FadingMetrics(
                        sinceStart.task(), sinceStart.classes(), FadingMetrics.DEFAULT_ALPHA);
    }

    /**
     * Fresh metrics of a model that has seen nothing.
     *
     * @param sliceConfig the experiment's slices, or {@code null}
     */
    static ModelMetrics fresh(
            String modelId,
            long version,
            Arm arm,
            Task task,
            int classes,
            int w,
            SliceConfig sliceConfig) {
        ModelMetrics metrics =
                new ModelMetrics(
                        modelId,
                        version,
                        arm,
                        new WindowMetrics(task, classes, w),
                        new RunningMetrics(task, classes),
                        new RunningMetrics(task, classes));
        metrics.sliceBy(sliceConfig);
        return metrics;
    }

    /** Starts the slices afresh, or drops them for {@code null}. */
    void sliceBy(SliceConfig sliceConfig) {
        slices =
                sliceConfig == null
                        ? null
                        : new SliceMetrics(sliceConfig, sinceStart.task(), sinceStart.classes());
    }

    /**
     * Records a prediction in all three metrics.
     *
     * @throws IllegalArgumentException if the prediction, label or weight is invalid; nothing
     *     changes then (the window validates first and throws before any of the three has changed)
     */
    void observe(LabelledExample example, double[] prediction) {
        double label = example.label();
        double weight = example.weight();
        window.observe(prediction, label, weight);
        sinceVersion.observe(prediction, label, weight);
        sinceStart.observe(prediction, label, weight);
        faded.observe(prediction, label, weight);
        if (slices != null) {
            slices.observe(example.slice(), prediction, label, weight);
        }
    }

    /**
     * Takes a newer version: the since-version metrics and count start over.
     *
     * @return whether anything changed; a repeated notice of the same version changes nothing
     * @throws IllegalArgumentException for an older version
     */
    boolean published(long newVersion, String experiment) {
        if (newVersion == version) {
            return false;
        }
        if (newVersion < version) {
            throw new IllegalArgumentException(
                    "model "
                            + modelId
                            + " of experiment "
                            + experiment
                            + " is at version "
                            + version
                            + ", cannot go back to "
                            + newVersion);
        }
        version = newVersion;
        examplesSinceVersion = 0;
        sinceVersion.reset();
        return true;
    }

    /** Forgets every measurement (the model's parameters were replaced): a fresh start. */
    void resetMeasurements(Task task, int classes) {
        window = new WindowMetrics(task, classes, window.capacity());
        sinceVersion.reset();
        sinceStart.reset();
        faded.reset();
        if (slices != null) {
            slices.reset();
        }
    }

    ModelEvaluation evaluation() {
        return new ModelEvaluation(
                new ModelRef(modelId, version, arm),
                window.metrics(),
                sinceVersion.metrics(),
                sinceStart.metrics(),
                faded.metrics(),
                slices == null ? null : slices.worst());
    }

    /** Writes the faded metrics: the trailing section of the supervisors' newer formats. */
    void writeFadedTo(DataOutput out) throws IOException {
        faded.writeTo(out);
    }

    /** Reads what {@link #writeFadedTo} wrote, in place of the fresh faded metrics. */
    void readFaded(DataInput in, String experiment) throws IOException {
        try {
            faded = FadingMetrics.read(in, sinceStart.task(), sinceStart.classes());
        } catch (IOException e) {
            throw cannotRestore("faded metrics", experiment, e);
        }
    }

    /**
     * Writes the slices: the trailing section after the faded metrics in the supervisors' newest
     * formats; whether there are any, then {@link SliceMetrics#writeTo}.
     */
    void writeSlicesTo(DataOutput out) throws IOException {
        out.writeBoolean(slices != null);
        if (slices != null) {
            slices.writeTo(out);
        }
    }

    /**
     * Reads what {@link #writeSlicesTo} wrote, continued as the experiment's slices now: kept for
     * the same field, started afresh for another, dropped when it slices nothing.
     */
    void readSlices(DataInput in, SliceConfig sliceConfig, String experiment) throws IOException {
        if (!in.readBoolean()) {
            return;
        }
        SliceMetrics stored;
        try {
            stored =
                    SliceMetrics.read(
                            in,
                            sliceConfig == null ? SliceConfig.by("") : sliceConfig,
                            sinceStart.task(),
                            sinceStart.classes());
        } catch (IOException e) {
            throw cannotRestore("slice metrics", experiment, e);
        }
        if (sliceConfig != null && stored.field().equals(sliceConfig.field())) {
            slices = stored;
        }
    }

    /** A failure to restore part of this model's state, naming the model and experiment. */
    private IOException cannotRestore(String what, String experiment, IOException cause) {
        return new IOException(
                "cannot restore the "
                        + what
                        + " of model "
                        + modelId
                        + " of experiment "
                        + experiment
                        + ": "
                        + cause.getMessage(),
                cause);
    }

    String versionName() {
        return version == 0 ? "the model was first observed" : "version " + version;
    }

    /** Writes the model id, arm, version, examples since it, then the three metrics. */
    void writeTo(DataOutput out) throws IOException {
        out.writeUTF(modelId);
        out.writeUTF(arm.name());
        out.writeLong(version);
        out.writeLong(examplesSinceVersion);
        window.writeTo(out);
        sinceVersion.writeTo(out);
        sinceStart.writeTo(out);
    }

    /**
     * Reads what {@link #writeTo} wrote; the window takes {@code windowCapacity} (keeping its most
     * recent examples), so that a job restored with a new window uses it. Its slices start afresh
     * (see {@link #readSlices} for formats that hold them).
     *
     * @param what the reader's name for error messages, e.g. {@code PrequentialSupervisor}
     * @throws IOException on corrupt data, naming the model and experiment
     */
    static ModelMetrics read(
            DataInput in,
            Task task,
            int classes,
            int windowCapacity,
            SliceConfig sliceConfig,
            String experiment,
            String what)
            throws IOException {
        String modelId = in.readUTF();
        String armName = in.readUTF();
        Arm arm;
        try {
            arm = Arm.valueOf(armName);
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "corrupt " + what + " state: model " + modelId + " has arm " + armName, e);
        }
        long version = in.readLong();
        long since = in.readLong();
        ModelMetrics metrics;
        try {
            metrics =
                    new ModelMetrics(
                            modelId,
                            version,
                            arm,
                            WindowMetrics.read(in, task, classes).withCapacity(windowCapacity),
                            RunningMetrics.read(in, task, classes),
                            RunningMetrics.read(in, task, classes));
        } catch (IOException e) {
            // Name the model and experiment: the metrics alone cannot say whose state failed.
            throw new IOException(
                    "cannot restore the metrics of model "
                            + modelId
                            + " of experiment "
                            + experiment
                            + ": "
                            + e.getMessage(),
                    e);
        }
        metrics.examplesSinceVersion = since;
        metrics.sliceBy(sliceConfig);
        return metrics;
    }
}
