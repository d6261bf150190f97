package dev.tributary.evaluator.prequential;

import dev.tributary.core.config.Task;
import dev.tributary.core.supervision.Metrics;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Prequential metrics of a model with a fading factor: every sum behind a metric is multiplied by
 * {@code alpha} before each example adds to it, so an example {@code k} examples old counts {@code
 * alpha^k} as much as the newest (Gama, Sebastião and Rodrigues, "On evaluating stream learning
 * algorithms", Machine Learning 90, 2013, section 4.2: {@code S_i = L_i + α S_{i-1}}, {@code N_i =
 * 1 + α N_{i-1}}, the faded error being {@code S_i / N_i}). With weights {@code w_i}, {@code N_i =
 * w_i + α N_{i-1}} and {@code S_i = w_i L_i + α S_{i-1}}. Like a window of about {@code 1 / (1 -
 * α)} examples, it follows a model as it changes, but in memory that does not depend on {@code α},
 * with no example ever evicted at once.
 *
 * <p>The metrics are those of {@link RunningMetrics}, each a ratio of faded sums: log loss and
 * accuracy (binary, multiclass), precision, recall, F1 and ECE (binary, multiclass, from faded
 * counts), RMSE ({@code sqrt(S_{e²} / N)}) and MAE (regression). AUC is not kept ({@code NaN}).
 * Fading is per example, whatever its weight: an example of weight 0 adds nothing but still ages
 * the others. A metric with no evidence is {@code NaN}, as in {@link RunningMetrics}.
 *
 * <p>{@link #observe} is O(1) (O(C) for {@code C} classes) and allocates nothing; {@link
 * #metrics()} is O(C). Not thread-safe.
 */
public final class FadingMetrics {

    /**
     * A fading factor that weighs the last thousand or so examples: an example 693 examples old
     * counts half as much as the newest, one 4,600 examples old a hundredth.
     */
    public static final double DEFAULT_ALPHA = 0.999;

    private static final int FORMAT_VERSION = 1;
    private static final String NAME = "FadingMetrics";

    private final LabelSpace space;
    private final double alpha;
    private long examples;
    private double weight;
    // Classifiers.
    private double loss;
    private double correct;
    // Regression.
    private double squaredError;
    private double absoluteError;
    // Classifiers only, else null.
    private final ClassificationCounts counts;

    /**
     * Empty faded metrics of a binary classifier.
     *
     * @param alpha the fading factor, in (0, 1]; 1 fades nothing
     * @throws IllegalArgumentException if {@code alpha} is out of range
     */
    public FadingMetrics(double alpha) {
        this(LabelSpace.BINARY, alpha);
    }

    /**
     * Empty faded metrics of a task.
     *
     * @param task what the model learns
     * @param classes the number of classes of a multiclass task, {@code >= 2}; 1 otherwise
     * @param alpha the fading factor, in (0, 1]; 1 fades nothing
     * @throws IllegalArgumentException if {@code classes} does not fit the task, or {@code alpha}
     *     is out of range
     */
    public FadingMetrics(Task task, int classes, double alpha) {
        this(new LabelSpace(task, classes), alpha);
    }

    private FadingMetrics(LabelSpace space, double alpha) {
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException(
                    "fading factor alpha must be in (0, 1], was " + alpha);
        }
        this.space = space;
        this.alpha = alpha;
        this.counts =
                space.task() == Task.REGRESSION ? null : new ClassificationCounts(space.classes());
    }

    /** The task these metrics judge. */
    public Task task() {
        return space.task();
    }

    /** The number of classes of a multiclass task; 1 otherwise. */
    public int classes() {
        return space.classes();
    }

    /** The fading factor. */
    public double alpha() {
        return alpha;
    }

    /**
     * Adds one example of a single-valued prediction: binary or regression. Arguments as for {@link
     * RunningMetrics#observe(double, double, double)}.
     *
     * @throws IllegalArgumentException if any argument is out of range, or the task is multiclass;
     *     nothing is recorded then
     */
    public void observe(double score, double label, double weight) {
        switch (space.task()) {
            case BINARY -> observeBinary(score, label, weight);
            case REGRESSION -> observeError(Scoring.checkRegression(score, label, weight), weight);
            case MULTICLASS -> throw Scoring.wrongLength(1, space.classes());
        }
    }

    /**
     * Adds one example. Arguments as for {@link RunningMetrics#observe(double[], double, double)}.
     *
     * @throws IllegalArgumentException if the prediction has the wrong length, or any value is out
     *     of range; nothing is recorded then
     */
    public void observe(double[] prediction, double label, double weight) {
        switch (space.task()) {
            case BINARY -> {
                Scoring.checkLength(prediction, 1);
                observeBinary(prediction[0], label, weight);
            }
            case MULTICLASS -> observeClasses(prediction, label, weight);
            case REGRESSION -> {
                Scoring.checkLength(prediction, 1);
                observeError(Scoring.checkRegression(prediction[0], label, weight), weight);
            }
        }
    }

    private void observeBinary(double score, double label, double weight) {
        Scoring.check(score, label, weight);
        boolean positive = label == 1.0;
        fade();
        examples++;
        this.weight += weight;
        loss -= weight * Scoring.logLikelihood(score, positive);
        if (Scoring.correct(score, positive)) {
            correct += weight;
        }
        counts.addBinary(score, positive, weight);
    }

    private void observeClasses(double[] probabilities, double label, double weight) {
        int truth = Scoring.checkClasses(probabilities, label, weight, space.classes());
        int top = Scoring.mostLikely(probabilities);
        fade();
        examples++;
        this.weight += weight;
        loss -= weight * Scoring.logProbability(probabilities[truth]);
        if (top == truth) {
            correct += weight;
        }
        counts.addClasses(truth, top, probabilities[top], weight);
    }

    private void observeError(double error, double weight) {
        fade();
        examples++;
        this.weight += weight;
        squaredError += weight * error * error;
        absoluteError += weight * Math.abs(error);
    }

    private void fade() {
        weight *= alpha;
        loss *= alpha;
        correct *= alpha;
        squaredError *= alpha;
        absoluteError *= alpha;
        if (counts != null) {
            counts.scale(alpha);
        }
    }

    /** Forgets every example, as if newly created. */
    public void reset() {
        examples = 0;
        weight = 0;
        loss = 0;
        correct = 0;
        squaredError = 0;
        absoluteError = 0;
        if (counts != null) {
            counts.reset();
        }
    }

    /** Number of examples observed, whatever their weight, faded or not. */
    public long examples() {
        return examples;
    }

    /**
     * The faded metrics; {@link Metrics#examples()} counts every example observed. See the class
     * comment.
     */
    public Metrics metrics() {
        if (examples == 0) {
            return Metrics.EMPTY;
        }
        boolean weighted = weight > 0;
        if (space.task() == Task.REGRESSION) {
            return new Metrics(
                    examples,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    weighted ? Math.sqrt(squaredError / weight) : Double.NaN,
                    weighted ? absoluteError / weight : Double.NaN);
        }
        return counts.metrics(
                examples,
                weighted ? loss / weight : Double.NaN,
                weighted ? correct / weight : Double.NaN,
                Double.NaN,
                true);
    }

    /**
     * These metrics with another fading factor: itself when it is unchanged, otherwise a copy whose
     * sums fade by {@code newAlpha} from the next example on (the past keeps the fading it had).
     * Used when a restored job is configured with a different factor.
     *
     * @throws IllegalArgumentException if {@code newAlpha} is not in (0, 1]
     */
    public FadingMetrics withAlpha(double newAlpha) {
        if (newAlpha == alpha) {
            return this;
        }
        FadingMetrics copy = new FadingMetrics(space, newAlpha);
        copy.examples = examples;
        copy.weight = weight;
        copy.loss = loss;
        copy.correct = correct;
        copy.squaredError = squaredError;
        copy.absoluteError = absoluteError;
        if (counts != null) {
            copy.counts.copyFrom(counts);
        }
        return copy;
    }

    /**
     * Writes the complete state, format version 1: the version, the label space (task code byte,
     * class count int), alpha, the example count, the faded weight, then the faded loss and correct
     * weight and the classification counts (classifiers) or {@code Σ w e²} and {@code Σ w |e|}
     * (regression).
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        space.writeTo(out);
        out.writeDouble(alpha);
        out.writeLong(examples);
        out.writeDouble(weight);
        if (counts == null) {
            out.writeDouble(squaredError);
            out.writeDouble(absoluteError);
        } else {
            out.writeDouble(loss);
            out.writeDouble(correct);
            counts.writeTo(out);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote, with the fading factor it was written with (see {@link
     * #withAlpha}). The result behaves exactly as the instance that was written: the same metrics,
     * and the same bytes when written again.
     *
     * @param task the task the metrics are for; state written for another is refused
     * @param classes the number of classes of a multiclass task; 1 otherwise
     * @throws IOException on an unknown format version, state written for another task or class
     *     count, or inconsistent data
     */
    public static FadingMetrics read(DataInput in, Task task, int classes) throws IOException {
        LabelSpace expected = new LabelSpace(task, classes);
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "cannot read FadingMetrics format version "
                            + version
                            + ": this build reads version "
                            + FORMAT_VERSION);
        }
        LabelSpace stored = LabelSpace.read(in, NAME);
        expected.requireSameAs(stored, NAME);
        double alpha = in.readDouble();
        if (!(alpha > 0 && alpha <= 1)) {
            throw corrupt("fading factor " + alpha);
        }
        FadingMetrics m = new FadingMetrics(stored, alpha);
        m.examples = in.readLong();
        if (m.examples < 0) {
            throw corrupt("negative example count " + m.examples);
        }
        m.weight = in.readDouble();
        if (m.counts == null) {
            m.squaredError = in.readDouble();
            m.absoluteError = in.readDouble();
        } else {
            m.loss = in.readDouble();
            m.correct = in.readDouble();
            m.counts.readFrom(in, NAME);
        }
        return m;
    }

    private static IOException corrupt(String what) {
        return new IOException("corrupt FadingMetrics state: " + what);
    }
}
