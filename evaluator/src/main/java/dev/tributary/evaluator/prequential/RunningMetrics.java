package dev.tributary.evaluator.prequential;

import dev.tributary.core.config.Task;
import dev.tributary.core.supervision.Metrics;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Prequential metrics of a model accumulated since a starting point (the start of the stream, or
 * the last {@link #reset}), in memory that does not grow with the stream.
 *
 * <p>Every example is tested before the model trains on it (Dawid 1984; Gama, Sebastião and
 * Rodrigues, "On evaluating stream learning algorithms", Machine Learning 90, 2013). Which metrics
 * are defined depends on the {@link Task}; the others are {@code NaN}.
 *
 * <p><b>Binary</b>: for examples {@code i} with score {@code p_i}, label {@code y_i} in {0, 1} and
 * weight {@code w_i}:
 *
 * <ul>
 *   <li>log loss is {@code -Σ w_i ln(clip(y_i ? p_i : 1 - p_i)) / Σ w_i}, with probabilities
 *       clipped to {@code [1e-15, 1 - 1e-15]};
 *   <li>accuracy is the weighted share of examples where {@code p_i >= 0.5} agrees with {@code
 *       y_i};
 *   <li>AUC is the weighted probability that a positive scores above a negative, ties counting one
 *       half.
 * </ul>
 *
 * <p><b>The AUC is approximate.</b> Scores go into {@value #BINS} bins of equal width in logit
 * space over {@code [-16, 16]} (probabilities from about {@code 1.1e-7} to {@code 1 - 1.1e-7};
 * scores beyond fall into the end bins), with the positive and negative weight of every bin. Bins
 * preserve the order of scores, so a positive and a negative in different bins are ranked exactly;
 * a pair in the same bin counts one half, as a tie would. The result therefore differs from the
 * exact AUC by at most {@link #aucErrorBound()}, {@code ½ Σ_b pos_b·neg_b / (P·N)}; on the streams
 * of calibrated models the actual difference is far smaller (below {@code 1e-4} in the tests).
 * Logit bins spend their resolution where scores of rare-event models crowd, near 0 and near 1.
 *
 * <p><b>Multiclass</b> with {@code C} classes: for examples with probabilities {@code p_i[0..C-1]},
 * label {@code y_i} (a class index) and weight {@code w_i}:
 *
 * <ul>
 *   <li>log loss (cross-entropy) is {@code -Σ w_i ln(clip(p_i[y_i])) / Σ w_i}, clipped as above;
 *   <li>accuracy is the weighted share of examples whose most likely class (of equal probabilities,
 *       the lowest index) is {@code y_i}.
 * </ul>
 *
 * <p><b>Regression</b>: for examples with prediction {@code f_i}, label {@code y_i} and weight
 * {@code w_i}, with error {@code e_i = f_i - y_i}:
 *
 * <ul>
 *   <li>{@code rmse = sqrt(Σ w_i e_i² / Σ w_i)};
 *   <li>{@code mae = Σ w_i |e_i| / Σ w_i}.
 * </ul>
 *
 * <p>Classifiers also get precision, recall, F1 and expected calibration error, as defined in
 * {@link Metrics}, from weighted counts kept exactly (see {@code ClassificationCounts}).
 *
 * <p>A metric with no evidence yet is {@code NaN}: everything before the first example of positive
 * weight, AUC until both classes have positive weight, precision until something was predicted
 * positive (recall: labelled positive). State written before precision, recall, F1 and ECE existed
 * (format versions 1 and 2) lacks their counts: restored from it, they stay {@code NaN} until the
 * next {@link #reset}, since counts of only the later examples would misreport the whole stretch;
 * unless no example of that state had weight, in which case the counts are known to be empty.
 *
 * <p>{@link #observe} is O(1) (O(C) for {@code C} classes) and allocates nothing; {@link
 * #metrics()} is O({@value #BINS}) for a binary task, O(C) otherwise. Not thread-safe.
 */
public final class RunningMetrics {

    /** Number of histogram bins of the AUC estimate. */
    public static final int BINS = 4096;

    /** Bins cover logits in {@code [-LOGIT_LIMIT, LOGIT_LIMIT]}. */
    static final double LOGIT_LIMIT = 16.0;

    private static final double BINS_PER_LOGIT = BINS / (2 * LOGIT_LIMIT);

    /** Binary state: the layout from before tasks existed, unchanged. */
    private static final int BINARY_FORMAT_VERSION = 1;

    /** Any task: the label space, then the sums of that task. */
    private static final int TASK_FORMAT_VERSION = 2;

    /** Classifiers: version 2 (binary: the version-1 body) and the classification counts. */
    private static final int COUNTS_FORMAT_VERSION = 3;

    private static final String NAME = "RunningMetrics";
    private static final int HAS_POSITIVE = 1;
    private static final int HAS_NEGATIVE = 2;

    private final LabelSpace space;
    private long examples;
    private double weight;
    // Binary and multiclass.
    private double loss;
    private double correct;
    // Binary only; the histograms are not allocated for other tasks.
    private double positives;
    private double negatives;
    private final double[] positiveBins;
    private final double[] negativeBins;
    // Regression only: Σ w e² and Σ w |e|.
    private double squaredError;
    private double absoluteError;
    // Classifiers only: precision, recall, F1, ECE; null for regression.
    private final ClassificationCounts counts;
    // False when restored from state without counts: they then miss earlier examples.
    private boolean countsComplete = true;

    /** Empty metrics of a binary classifier: no examples, every value {@code NaN}. */
    public RunningMetrics() {
        this(LabelSpace.BINARY);
    }

    /**
     * Empty metrics of a task: no examples, every value {@code NaN}.
     *
     * @param task what the model learns
     * @param classes the number of classes of a multiclass task, {@code >= 2}; 1 otherwise
     * @throws IllegalArgumentException if {@code classes} does not fit the task
     */
    public RunningMetrics(Task task, int classes) {
        this(new LabelSpace(task, classes));
    }

    private RunningMetrics(LabelSpace space) {
        this.space = space;
        boolean binary = space.task() == Task.BINARY;
        this.positiveBins = binary ? new double[BINS] : null;
        this.negativeBins = binary ? new double[BINS] : null;
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

    /**
     * Adds one example of a single-valued prediction: binary or regression.
     *
     * @param score the model's probability of the positive class, in {@code [0, 1]} (binary), or
     *     its prediction, finite (regression)
     * @param label 0 or 1 (binary), or any finite number (regression)
     * @param weight the example's weight, finite and {@code >= 0}
     * @throws IllegalArgumentException if any of them is out of range, or the task is multiclass
     *     (whose predictions have one value per class); nothing is recorded then
     */
    public void observe(double score, double label, double weight) {
        switch (space.task()) {
            case BINARY -> observeBinary(score, label, weight);
            case REGRESSION -> observeRegression(score, label, weight);
            case MULTICLASS -> throw Scoring.wrongLength(1, space.classes());
        }
    }

    /**
     * Adds one example.
     *
     * @param prediction {@code [P(label = 1)]} (binary), one probability per class (multiclass), or
     *     {@code [value]} (regression); only read, never kept
     * @param label 0 or 1 (binary), a class index {@code 0..classes-1} (multiclass), any finite
     *     number (regression)
     * @param weight the example's weight, finite and {@code >= 0}
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
                observeRegression(prediction[0], label, weight);
            }
        }
    }

    private void observeClasses(double[] probabilities, double label, double weight) {
        int truth = Scoring.checkClasses(probabilities, label, weight, space.classes());
        examples++;
        this.weight += weight;
        loss -= weight * Scoring.logProbability(probabilities[truth]);
        int top = Scoring.mostLikely(probabilities);
        if (top == truth) {
            correct += weight;
        }
        counts.addClasses(truth, top, probabilities[top], weight);
    }

    private void observeRegression(double prediction, double label, double weight) {
        double error = Scoring.checkRegression(prediction, label, weight);
        examples++;
        this.weight += weight;
        squaredError += weight * error * error;
        absoluteError += weight * Math.abs(error);
    }

    private void observeBinary(double score, double label, double weight) {
        Scoring.check(score, label, weight);
        boolean positive = label == 1.0;
        // Both log-probabilities serve twice: one is the loss, their difference is the logit.
        double logPositive = Scoring.logLikelihood(score, true);
        double logNegative = Scoring.logLikelihood(score, false);
        int bin = bin(logPositive - logNegative);
        examples++;
        this.weight += weight;
        loss -= weight * (positive ? logPositive : logNegative);
        if (Scoring.correct(score, positive)) {
            correct += weight;
        }
        if (positive) {
            positives += weight;
            positiveBins[bin] += weight;
        } else {
            negatives += weight;
            negativeBins[bin] += weight;
        }
        counts.addBinary(score, positive, weight);
    }

    /** Forgets every example, as if newly created. */
    public void reset() {
        examples = 0;
        weight = 0;
        loss = 0;
        correct = 0;
        positives = 0;
        negatives = 0;
        squaredError = 0;
        absoluteError = 0;
        if (positiveBins != null) {
            Arrays.fill(positiveBins, 0.0);
            Arrays.fill(negativeBins, 0.0);
        }
        if (counts != null) {
            counts.reset();
        }
        countsComplete = true;
    }

    /** Number of examples observed, whatever their weight. */
    public long examples() {
        return examples;
    }

    /** The metrics so far; see the class comment for their definitions. */
    public Metrics metrics() {
        if (examples == 0) {
            return Metrics.EMPTY;
        }
        boolean weighted = weight > 0;
        return switch (space.task()) {
            case BINARY ->
                    counts.metrics(
                            examples,
                            weighted ? loss / weight : Double.NaN,
                            weighted ? correct / weight : Double.NaN,
                            auc(),
                            countsComplete);
            case MULTICLASS ->
                    counts.metrics(
                            examples,
                            weighted ? loss / weight : Double.NaN,
                            weighted ? correct / weight : Double.NaN,
                            Double.NaN,
                            countsComplete);
            case REGRESSION ->
                    new Metrics(
                            examples,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            weighted ? Math.sqrt(squaredError / weight) : Double.NaN,
                            weighted ? absoluteError / weight : Double.NaN);
        };
    }

    /**
     * The most the histogram AUC of {@link #metrics()} can differ from the exact AUC of the same
     * examples: half the weighted share of positive-negative pairs that share a bin. {@code NaN}
     * while the AUC is undefined, and always for tasks other than binary.
     */
    public double aucErrorBound() {
        if (!(positives > 0 && negatives > 0)) {
            return Double.NaN;
        }
        double shared = 0;
        for (int b = 0; b < BINS; b++) {
            shared += positiveBins[b] * negativeBins[b];
        }
        return 0.5 * shared / positives / negatives;
    }

    private double auc() {
        if (!(positives > 0 && negatives > 0)) {
            return Double.NaN;
        }
        double negativesBelow = 0;
        double pairs = 0;
        for (int b = 0; b < BINS; b++) {
            pairs += positiveBins[b] * (negativesBelow + 0.5 * negativeBins[b]);
            negativesBelow += negativeBins[b];
        }
        return pairs / positives / negatives;
    }

    static int bin(double logit) {
        double position = (logit + LOGIT_LIMIT) * BINS_PER_LOGIT;
        if (!(position > 0)) {
            return 0;
        }
        return position >= BINS ? BINS - 1 : (int) position;
    }

    /**
     * Writes the complete state, in the oldest format version that holds all of it, so that it
     * restores in as many builds as possible.
     *
     * <p>Format version 1 (binary, before there were tasks; read only): the version, the example
     * count, the sums (weight, loss, correct, positives, negatives), then only the non-empty bins,
     * so that a fresh or narrow histogram costs a few bytes rather than {@code 2 · 8 · BINS}.
     *
     * <p>Format version 2, which regression still writes: the version, the label space (task code
     * byte, class count int), the example count and weight, then loss and correct (multiclass) or
     * {@code Σ w e²} and {@code Σ w |e|} (regression).
     *
     * <p>Format version 3, which classifiers write: the version, the label space, the body of
     * version 1 (binary) or 2 (multiclass) after it, then whether the counts cover every example (a
     * byte, 1 or 0) and the counts of precision, recall, F1 and ECE.
     */
    public void writeTo(DataOutput out) throws IOException {
        if (space.task() == Task.REGRESSION) {
            out.writeInt(TASK_FORMAT_VERSION);
            space.writeTo(out);
            out.writeLong(examples);
            out.writeDouble(weight);
            out.writeDouble(squaredError);
            out.writeDouble(absoluteError);
            return;
        }
        out.writeInt(COUNTS_FORMAT_VERSION);
        space.writeTo(out);
        if (space.task() == Task.BINARY) {
            writeBinaryBody(out);
        } else {
            out.writeLong(examples);
            out.writeDouble(weight);
            out.writeDouble(loss);
            out.writeDouble(correct);
        }
        out.writeByte(countsComplete ? 1 : 0);
        counts.writeTo(out);
    }

    private void writeBinaryBody(DataOutput out) throws IOException {
        out.writeLong(examples);
        out.writeDouble(weight);
        out.writeDouble(loss);
        out.writeDouble(correct);
        out.writeDouble(positives);
        out.writeDouble(negatives);
        int used = 0;
        for (int b = 0; b < BINS; b++) {
            if (positiveBins[b] != 0 || negativeBins[b] != 0) {
                used++;
            }
        }
        out.writeInt(used);
        for (int b = 0; b < BINS; b++) {
            double p = positiveBins[b];
            double n = negativeBins[b];
            if (p == 0 && n == 0) {
                continue;
            }
            out.writeShort(b);
            out.writeByte((p != 0 ? HAS_POSITIVE : 0) | (n != 0 ? HAS_NEGATIVE : 0));
            if (p != 0) {
                out.writeDouble(p);
            }
            if (n != 0) {
                out.writeDouble(n);
            }
        }
    }

    /**
     * Reads the state of binary metrics; see {@link #read(DataInput, Task, int)}.
     *
     * @throws IOException on an unknown format version, state of another task, or inconsistent data
     */
    public static RunningMetrics read(DataInput in) throws IOException {
        return read(in, LabelSpace.BINARY);
    }

    /**
     * Reads what {@link #writeTo} wrote (format version 1, 2 or 3). State of the current format
     * behaves exactly as the instance that was written: the same metrics, and the same bytes when
     * written again. State of a classifier of version 1 or 2 has no counts of precision, recall, F1
     * and ECE: see the class comment.
     *
     * @param task the task the metrics are for; state written for another is refused
     * @param classes the number of classes of a multiclass task; 1 otherwise
     * @throws IOException on an unknown format version, state written for another task or class
     *     count, or inconsistent data
     */
    public static RunningMetrics read(DataInput in, Task task, int classes) throws IOException {
        return read(in, new LabelSpace(task, classes));
    }

    private static RunningMetrics read(DataInput in, LabelSpace expected) throws IOException {
        int version = in.readInt();
        LabelSpace stored =
                switch (version) {
                    case BINARY_FORMAT_VERSION -> LabelSpace.BINARY;
                    case TASK_FORMAT_VERSION, COUNTS_FORMAT_VERSION -> LabelSpace.read(in, NAME);
                    default ->
                            throw new IOException(
                                    "cannot read RunningMetrics format version "
                                            + version
                                            + ": this build reads versions "
                                            + BINARY_FORMAT_VERSION
                                            + " to "
                                            + COUNTS_FORMAT_VERSION);
                };
        expected.requireSameAs(stored, NAME);
        RunningMetrics m = new RunningMetrics(stored);
        if (stored.task() == Task.BINARY) {
            m.readBinaryBody(in);
        } else {
            m.examples = in.readLong();
            m.weight = in.readDouble();
            if (stored.task() == Task.MULTICLASS) {
                m.loss = in.readDouble();
                m.correct = in.readDouble();
            } else {
                m.squaredError = in.readDouble();
                m.absoluteError = in.readDouble();
            }
            if (m.examples < 0) {
                throw corrupt("negative example count " + m.examples);
            }
        }
        if (m.counts == null) {
            return m;
        }
        if (version == COUNTS_FORMAT_VERSION) {
            int complete = in.readUnsignedByte();
            if (complete > 1) {
                throw corrupt("counts flag " + complete);
            }
            m.countsComplete = complete == 1;
            m.counts.readFrom(in, NAME);
        } else {
            // Older state has no counts. They are known, empty, only if no example had weight;
            // the weight is a sum of non-negative weights, so it is 0 exactly then.
            m.countsComplete = m.weight == 0;
        }
        return m;
    }

    private void readBinaryBody(DataInput in) throws IOException {
        examples = in.readLong();
        weight = in.readDouble();
        loss = in.readDouble();
        correct = in.readDouble();
        positives = in.readDouble();
        negatives = in.readDouble();
        if (examples < 0) {
            throw corrupt("negative example count " + examples);
        }
        int used = in.readInt();
        if (used < 0 || used > BINS) {
            throw corrupt(used + " bins in use, expected 0.." + BINS);
        }
        int previous = -1;
        for (int i = 0; i < used; i++) {
            int b = in.readUnsignedShort();
            if (b <= previous || b >= BINS) {
                throw corrupt("bin " + b + " after bin " + previous);
            }
            previous = b;
            int flags = in.readUnsignedByte();
            if (flags == 0 || (flags & ~(HAS_POSITIVE | HAS_NEGATIVE)) != 0) {
                throw corrupt("bin flags " + flags);
            }
            if ((flags & HAS_POSITIVE) != 0) {
                positiveBins[b] = in.readDouble();
            }
            if ((flags & HAS_NEGATIVE) != 0) {
                negativeBins[b] = in.readDouble();
            }
        }
    }

    private static IOException corrupt(String what) {
        return new IOException("corrupt RunningMetrics state: " + what);
    }
}
