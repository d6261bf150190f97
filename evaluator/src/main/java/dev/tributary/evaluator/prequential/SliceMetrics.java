package dev.tributary.evaluator.prequential;

import dev.tributary.core.config.SliceConfig;
import dev.tributary.core.config.Task;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.SliceEvaluation;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's metrics per slice: per value of one field, faded metrics ({@link FadingMetrics}) over
 * the examples with that value, so that a model that fails one group of users is seen even when its
 * average is fine. {@link #worst} ranks the slices with enough examples by their loss.
 *
 * <p>Each slice fades over its own examples, not over the stream: a rare slice is judged on its
 * last thousand or so examples however long ago they came, rather than on a handful. The first
 * {@link SliceConfig#maxSlices()} distinct values are measured one by one; the examples of any
 * value seen after that share the slice {@value SliceConfig#OTHER}, which bounds memory and
 * checkpoint size whatever the field holds (every slice costs about as much as one model's faded
 * metrics, some 200 bytes for a binary model).
 *
 * <p>{@link #observe} allocates nothing once a value is known. Deterministic: slices are kept, and
 * written, in the order first seen. Not thread-safe.
 */
public final class SliceMetrics {

    private static final int FORMAT_VERSION = 1;

    private final SliceConfig config;
    private final Task task;
    private final int classes;
    private final Map<String, FadingMetrics> slices = new LinkedHashMap<>();

    /** Empty slices of a task. */
    public SliceMetrics(SliceConfig config, Task task, int classes) {
        this.config = config;
        this.task = task;
        this.classes = classes;
    }

    /** The field the slices are values of. */
    public String field() {
        return config.field();
    }

    /** The number of slices measured, {@value SliceConfig#OTHER} included. */
    public int size() {
        return slices.size();
    }

    /**
     * Adds one example to its slice. Arguments as for {@link RunningMetrics#observe(double[],
     * double, double)}.
     *
     * @param slice the value of the example's slice field
     * @throws IllegalArgumentException if the prediction, label or weight is invalid; nothing is
     *     recorded then, not even a new slice
     */
    public void observe(String slice, double[] prediction, double label, double weight) {
        FadingMetrics metrics = slices.get(slice);
        if (metrics == null) {
            String key = slices.size() < config.maxSlices() ? slice : SliceConfig.OTHER;
            metrics = slices.get(key);
            if (metrics == null) {
                FadingMetrics fresh = new FadingMetrics(task, classes, FadingMetrics.DEFAULT_ALPHA);
                fresh.observe(prediction, label, weight);
                slices.put(key, fresh);
                return;
            }
        }
        metrics.observe(prediction, label, weight);
    }

    /**
     * The slices on which the model does worst, worst first, at most {@link SliceConfig#worst()}:
     * ranked by log loss (classifiers) or RMSE (regression), ties by name, among the slices with at
     * least {@link SliceConfig#minExamples()} examples and a defined loss.
     *
     * <p>O(S log S) for S slices: call it when reporting, not for every example.
     */
    public SliceEvaluation[] worst() {
        List<SliceEvaluation> ranked = new ArrayList<>();
        for (Map.Entry<String, FadingMetrics> slice : slices.entrySet()) {
            if (slice.getValue().examples() < config.minExamples()) {
                continue;
            }
            Metrics metrics = slice.getValue().metrics();
            if (!Double.isNaN(loss(metrics))) {
                ranked.add(new SliceEvaluation(slice.getKey(), metrics));
            }
        }
        ranked.sort(
                Comparator.comparingDouble((SliceEvaluation s) -> loss(s.metrics()))
                        .reversed()
                        .thenComparing(SliceEvaluation::slice));
        return ranked.subList(0, Math.min(config.worst(), ranked.size()))
                .toArray(SliceEvaluation[]::new);
    }

    /** The metric slices are ranked by: log loss, or RMSE for regression. */
    private double loss(Metrics metrics) {
        return task == Task.REGRESSION ? metrics.rmse() : metrics.logLoss();
    }

    /** Forgets every slice. */
    public void reset() {
        slices.clear();
    }

    /**
     * The same measurements under another configuration: kept when it slices by the same field (a
     * new {@code worst}, {@code min-examples} or {@code max} applies from now on; slices beyond a
     * smaller {@code max} stay as they are), forgotten when it slices by another.
     */
    public SliceMetrics continuedAs(SliceConfig newConfig) {
        SliceMetrics continued = new SliceMetrics(newConfig, task, classes);
        if (newConfig.field().equals(config.field())) {
            continued.slices.putAll(slices);
        }
        return continued;
    }

    /**
     * Writes format version 1: the version, the field, the number of slices, then each slice's
     * value and faded metrics in the order first seen.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeUTF(config.field());
        out.writeInt(slices.size());
        for (Map.Entry<String, FadingMetrics> slice : slices.entrySet()) {
            out.writeUTF(slice.getKey());
            slice.getValue().writeTo(out);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote, continued as {@code config} (see {@link #continuedAs}).
     *
     * @throws IOException on an unknown format version, metrics of another task or class count, or
     *     inconsistent data
     */
    public static SliceMetrics read(DataInput in, SliceConfig config, Task task, int classes)
            throws IOException {
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "cannot read SliceMetrics format version "
                            + version
                            + ": this build reads version "
                            + FORMAT_VERSION);
        }
        String field = in.readUTF();
        int count = in.readInt();
        if (count < 0 || count > SliceConfig.MAX_SLICES_LIMIT + 1) {
            throw new IOException("corrupt SliceMetrics state: " + count + " slices");
        }
        SliceMetrics stored =
                new SliceMetrics(
                        new SliceConfig(
                                field, config.worst(), config.minExamples(), config.maxSlices()),
                        task,
                        classes);
        for (int i = 0; i < count; i++) {
            String slice = in.readUTF();
            if (stored.slices.put(slice, FadingMetrics.read(in, task, classes)) != null) {
                throw new IOException("corrupt SliceMetrics state: slice " + slice + " twice");
            }
        }
        return stored.continuedAs(config);
    }
}
