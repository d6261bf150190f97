package dev.tributary.evaluator.prequential;

import dev.tributary.core.config.Task;
import dev.tributary.core.supervision.Metrics;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Prequential metrics of a model over its last {@code capacity} examples (whatever their weight),
 * defined per task as in {@link RunningMetrics}: log loss, accuracy, AUC, precision, recall, F1 and
 * ECE (binary), the same but AUC (multiclass), RMSE and MAE (regression); but with an
 * <em>exact</em> AUC.
 *
 * <p>A ring buffer keeps what each example in the window contributes: its weight and one value with
 * one flag, whose meaning depends on the task:
 *
 * <ul>
 *   <li>binary: the score, and whether the label is 1;
 *   <li>multiclass: the probability given to the true class, and whether the most likely class (of
 *       equal probabilities, the lowest index) was the true one; besides, for precision, recall, F1
 *       and ECE, the true class, the most likely class and its probability; the rest of the
 *       prediction is not needed, so a window costs the same for any number of classes;
 *   <li>regression: the error {@code e = prediction - label}; no flag.
 * </ul>
 *
 * <p>Running sums make log loss, accuracy, RMSE and MAE O(1) per {@link #observe}, which allocates
 * nothing: {@code Σ w}, {@code -Σ w ln clip(p_true)} and {@code Σ w·[correct]} for classifiers,
 * {@code Σ w e²} and {@code Σ w |e|} for regression. Adding and subtracting in a running sum
 * accumulates rounding error without bound on an endless stream, so every time the ring wraps
 * around the sums are recomputed from the buffer: amortised O(1), and the error never exceeds that
 * of one window. They are also recomputed when an example whose contribution overflowed to infinity
 * leaves the window, since {@code ∞ - ∞} would leave NaN behind.
 *
 * <p>The AUC is computed when asked, in O(W log W): it is the Mann-Whitney statistic with
 * mid-ranks, i.e. the weighted share of positive-negative pairs in which the positive scores
 * higher, an exact tie counting one half (windowed prequential AUC: Brzezinski and Stefanowski,
 * "Prequential AUC", Neurocomputing 2017). The counts of precision, recall, F1 and ECE are summed
 * over the window when asked too, in O(W + C): exact, with no subtraction to leave a rounding
 * behind. Both are cached until the next observation.
 *
 * <p>A multiclass window restored from state of format version 2 lacks the classes of its entries:
 * precision, recall, F1 and ECE stay {@code NaN} until those entries have left the window.
 *
 * <p>A metric with no evidence is {@code NaN}: every metric while the window holds no example of
 * positive weight, AUC until it holds both classes with positive weight, and every metric the task
 * does not define. Not thread-safe.
 */
public final class WindowMetrics {

    /** The largest window: about 400 MiB of buffers, far beyond any sensible prequential window. */
    public static final int MAX_CAPACITY = 1 << 24;

    /** Binary state: the layout from before tasks existed, unchanged. */
    private static final int BINARY_FORMAT_VERSION = 1;

    /** Any task: the version-1 layout with the label space after the version. */
    private static final int TASK_FORMAT_VERSION = 2;

    /** Version 2 with the classes of every multiclass entry. */
    private static final int CLASSES_FORMAT_VERSION = 3;

    /** The true class of an entry restored from state that did not record it. */
    private static final int UNKNOWN = -1;

    private static final String NAME = "WindowMetrics";
    // Entry flag bits: the task's flag (the label is 1, or the prediction was right), unit weight.
    private static final int FLAG = 1;
    private static final int UNIT_WEIGHT = 2;

    private final LabelSpace space;
    private final boolean regression;
    private final int capacity;
    private final double[] values;
    private final boolean[] flags;
    private final double[] weights;
    // Each classifier example's weighted loss, kept so that eviction subtracts exactly what was
    // added without a second logarithm; null for regression, whose contributions are products.
    private final double[] weightedLosses;
    // Multiclass only, else null: each entry's true class (or UNKNOWN), most likely class and its
    // probability, for precision, recall, F1 and ECE.
    private final int[] truths;
    private final int[] tops;
    private final double[] confidences;
    // Classifiers only, else null: summed over the window when asked.
    private final ClassificationCounts counts;

    /** Entries in use: the first {@code size} slots while filling, then all of them. */
    private int size;

    /** The slot the next example goes to; equals {@code size} until the ring first wraps. */
    private int head;

    /** Entries of positive weight, counted exactly so that "no evidence" is never a rounding. */
    private int weighted;

    /** Multiclass entries whose classes are {@link #UNKNOWN}. */
    private int unknown;

    private double weight;
    // Classifiers.
    private double loss;
    private double correct;
    // Regression.
    private double squaredError;
    private double absoluteError;

    private double cachedAuc = Double.NaN;
    // Whether cachedAuc and counts are out of date.
    private boolean stale = true;

    /**
     * An empty window of a binary classifier.
     *
     * @param capacity the number of most recent examples covered, 1..{@value #MAX_CAPACITY}
     */
    public WindowMetrics(int capacity) {
        this(LabelSpace.BINARY, capacity);
    }

    /**
     * An empty window of a task.
     *
     * @param task what the model learns
     * @param classes the number of classes of a multiclass task, {@code >= 2}; 1 otherwise
     * @param capacity the number of most recent examples covered, 1..{@value #MAX_CAPACITY}
     * @throws IllegalArgumentException if {@code classes} does not fit the task, or the capacity is
     *     out of range
     */
    public WindowMetrics(Task task, int classes, int capacity) {
        this(new LabelSpace(task, classes), capacity);
    }

    private WindowMetrics(LabelSpace space, int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "window capacity must be in 1.." + MAX_CAPACITY + ", was " + capacity);
        }
        this.space = space;
        this.regression = space.task() == Task.REGRESSION;
        this.capacity = capacity;
        this.values = new double[capacity];
        this.flags = new boolean[capacity];
        this.weights = new double[capacity];
        this.weightedLosses = regression ? null : new double[capacity];
        boolean multiclass = space.task() == Task.MULTICLASS;
        this.truths = multiclass ? new int[capacity] : null;
        this.tops = multiclass ? new int[capacity] : null;
        this.confidences = multiclass ? new double[capacity] : null;
        this.counts = regression ? null : new ClassificationCounts(space.classes());
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
     * Adds one example of a single-valued prediction (binary or regression), evicting the oldest
     * when the window is full.
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
            case REGRESSION ->
                    put(Scoring.checkRegression(score, label, weight), false, weight, 0, 0, 0);
            case MULTICLASS -> throw Scoring.wrongLength(1, space.classes());
        }
    }

    /**
     * Adds one example, evicting the oldest when the window is full.
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
            case MULTICLASS -> {
                int truth = Scoring.checkClasses(prediction, label, weight, space.classes());
                int top = Scoring.mostLikely(prediction);
                put(prediction[truth], top == truth, weight, truth, top, prediction[top]);
            }
            case REGRESSION -> {
                Scoring.checkLength(prediction, 1);
                put(Scoring.checkRegression(prediction[0], label, weight), false, weight, 0, 0, 0);
            }
        }
    }

    private void observeBinary(double score, double label, double weight) {
        Scoring.check(score, label, weight);
        // Adding 0.0 turns -0.0 into 0.0: the two must be one score when sorting for the AUC.
        put(score + 0.0, label == 1.0, weight, 0, 0, 0);
    }

    /**
     * Appends a checked entry (see the class comment for what value and flag mean); truth, top and
     * confidence are its classes (multiclass only, else ignored).
     */
    private void put(
            double value, boolean flag, double weight, int truth, int top, double confidence) {
        boolean overflowLeft = false;
        if (size == capacity) {
            overflowLeft = evict(head);
        } else {
            size++;
        }
        values[head] = value;
        flags[head] = flag;
        weights[head] = weight;
        if (weightedLosses != null) {
            weightedLosses[head] = weightedLoss(value, flag, weight);
        }
        if (truths != null) {
            truths[head] = truth;
            tops[head] = top;
            confidences[head] = confidence;
        }
        add(head);
        stale = true;
        if (++head == capacity) {
            head = 0;
            resum();
        } else if (overflowLeft) {
            resum();
        }
    }

    /** {@code -w ln clip(p_true)}: the same expression on observing and on reading state. */
    private double weightedLoss(double value, boolean flag, double weight) {
        return space.task() == Task.BINARY
                ? -weight * Scoring.logLikelihood(value, flag)
                : -weight * Scoring.logProbability(value);
    }

    /** Whether the entry's prediction was right. */
    private boolean correct(int slot) {
        return space.task() == Task.BINARY
                ? Scoring.correct(values[slot], flags[slot])
                : flags[slot];
    }

    private void add(int slot) {
        double w = weights[slot];
        weight += w;
        if (regression) {
            double e = values[slot];
            squaredError += w * e * e;
            absoluteError += w * Math.abs(e);
        } else {
            loss += weightedLosses[slot];
            if (correct(slot)) {
                correct += w;
            }
        }
        if (w > 0) {
            weighted++;
        }
        if (truths != null && truths[slot] == UNKNOWN) {
            unknown++;
        }
    }

    /**
     * Subtracts the entry from the sums; the same expressions as {@link #add}, hence exactly what
     * was added. Returns whether its contribution was infinite, which no subtraction can undo.
     */
    private boolean evict(int slot) {
        double w = weights[slot];
        weight -= w;
        double contribution;
        if (regression) {
            double e = values[slot];
            // w|e| overflows only if w e² does: checking the square covers both.
            contribution = w * e * e;
            squaredError -= contribution;
            absoluteError -= w * Math.abs(e);
        } else {
            contribution = weightedLosses[slot];
            loss -= contribution;
            if (correct(slot)) {
                correct -= w;
            }
        }
        if (w > 0) {
            weighted--;
        }
        if (truths != null && truths[slot] == UNKNOWN) {
            unknown--;
        }
        return Double.isInfinite(contribution);
    }

    private void resum() {
        weight = 0;
        loss = 0;
        correct = 0;
        squaredError = 0;
        absoluteError = 0;
        weighted = 0;
        unknown = 0;
        for (int slot = 0; slot < size; slot++) {
            add(slot);
        }
    }

    /** The number of most recent examples the window covers when full. */
    public int capacity() {
        return capacity;
    }

    /** Number of examples in the window, whatever their weight. */
    public int examples() {
        return size;
    }

    /** The metrics of the examples in the window; see the class comment. */
    public Metrics metrics() {
        if (size == 0) {
            return Metrics.EMPTY;
        }
        boolean evidence = weighted > 0;
        refresh();
        return switch (space.task()) {
            case BINARY ->
                    counts.metrics(
                            size,
                            evidence ? loss / weight : Double.NaN,
                            evidence ? correct / weight : Double.NaN,
                            cachedAuc,
                            true);
            case MULTICLASS ->
                    counts.metrics(
                            size,
                            evidence ? loss / weight : Double.NaN,
                            evidence ? correct / weight : Double.NaN,
                            Double.NaN,
                            unknown == 0);
            // Subtraction can leave a sum a rounding below zero; an error is never negative.
            case REGRESSION ->
                    new Metrics(
                            size,
                            Double.NaN,
                            Double.NaN,
                            Double.NaN,
                            evidence ? Math.sqrt(Math.max(0.0, squaredError / weight)) : Double.NaN,
                            evidence ? Math.max(0.0, absoluteError / weight) : Double.NaN);
        };
    }

    /** Brings the AUC and the counts up to date with the window. */
    private void refresh() {
        if (!stale || regression) {
            return;
        }
        counts.reset();
        if (space.task() == Task.BINARY) {
            cachedAuc = exactAuc();
            for (int slot = 0; slot < size; slot++) {
                counts.addBinary(values[slot], flags[slot], weights[slot]);
            }
        } else if (unknown == 0) {
            for (int slot = 0; slot < size; slot++) {
                counts.addClasses(truths[slot], tops[slot], confidences[slot], weights[slot]);
            }
        }
        stale = false;
    }

    private double exactAuc() {
        // Sort the distinct scores, total the weight of each class per distinct score, then walk
        // upwards: every positive beats the negatives below it and ties half of those beside it.
        double[] distinct = Arrays.copyOf(values, size);
        Arrays.sort(distinct);
        int unique = 0;
        for (int i = 0; i < size; i++) {
            if (unique == 0 || distinct[i] != distinct[unique - 1]) {
                distinct[unique++] = distinct[i];
            }
        }
        double[] positiveAt = new double[unique];
        double[] negativeAt = new double[unique];
        double positives = 0;
        double negatives = 0;
        for (int slot = 0; slot < size; slot++) {
            int rank = Arrays.binarySearch(distinct, 0, unique, values[slot]);
            if (flags[slot]) {
                positiveAt[rank] += weights[slot];
                positives += weights[slot];
            } else {
                negativeAt[rank] += weights[slot];
                negatives += weights[slot];
            }
        }
        if (!(positives > 0 && negatives > 0)) {
            return Double.NaN;
        }
        double negativesBelow = 0;
        double pairs = 0;
        for (int rank = 0; rank < unique; rank++) {
            pairs += positiveAt[rank] * (negativesBelow + 0.5 * negativeAt[rank]);
            negativesBelow += negativeAt[rank];
        }
        return pairs / positives / negatives;
    }

    /**
     * This window with another capacity: itself when the capacity is unchanged, otherwise a new
     * window of the same task holding the most recent examples that fit. Used when a restored job
     * is configured with a different window.
     */
    public WindowMetrics withCapacity(int newCapacity) {
        if (newCapacity == capacity) {
            return this;
        }
        WindowMetrics resized = new WindowMetrics(space, newCapacity);
        int kept = Math.min(size, newCapacity);
        for (int k = size - kept; k < size; k++) {
            int slot = slotOf(k);
            if (truths == null) {
                resized.put(values[slot], flags[slot], weights[slot], 0, 0, 0);
            } else {
                resized.put(
                        values[slot],
                        flags[slot],
                        weights[slot],
                        truths[slot],
                        tops[slot],
                        confidences[slot]);
            }
        }
        return resized;
    }

    /** The slot of the k-th oldest entry. */
    private int slotOf(int k) {
        int oldest = size < capacity ? 0 : head;
        int slot = oldest + k;
        return slot < capacity ? slot : slot - capacity;
    }

    /**
     * Writes the complete state.
     *
     * <p>A binary window writes format version 1, byte for byte as before there were tasks, so that
     * its state still restores in a build that reads only version 1: the version, the shape
     * (capacity, size, head), the sums (weight, loss, correct), then the entries oldest first, each
     * as a flag byte, the score and, unless it is 1, the weight.
     *
     * <p>Regression writes format version 2: the same, with the label space (task code byte, class
     * count int) after the version; the sums are weight, {@code Σ w e²}, {@code Σ w |e|}; an
     * entry's value is the error.
     *
     * <p>Multiclass writes format version 3: version 2, whose sums are weight, loss, correct and
     * whose entries' value is the probability of the true class, with the classes after each entry:
     * the true class (an int, -1 if unknown), then, if known and not the most likely one, the most
     * likely class (an int) and its probability.
     */
    public void writeTo(DataOutput out) throws IOException {
        switch (space.task()) {
            case BINARY -> out.writeInt(BINARY_FORMAT_VERSION);
            case REGRESSION -> out.writeInt(TASK_FORMAT_VERSION);
            case MULTICLASS -> out.writeInt(CLASSES_FORMAT_VERSION);
        }
        if (space.task() != Task.BINARY) {
            space.writeTo(out);
        }
        out.writeInt(capacity);
        out.writeInt(size);
        out.writeInt(head);
        // The sums, not recomputed on reading: they carry the rounding of their history, and a
        // restored window must continue bit for bit as the original would have.
        out.writeDouble(weight);
        out.writeDouble(regression ? squaredError : loss);
        out.writeDouble(regression ? absoluteError : correct);
        for (int k = 0; k < size; k++) {
            int slot = slotOf(k);
            boolean unitWeight = weights[slot] == 1.0;
            out.writeByte((flags[slot] ? FLAG : 0) | (unitWeight ? UNIT_WEIGHT : 0));
            out.writeDouble(values[slot]);
            if (!unitWeight) {
                out.writeDouble(weights[slot]);
            }
            if (truths != null) {
                out.writeInt(truths[slot]);
                // A right top class is the true one, and its probability the entry's value.
                if (truths[slot] != UNKNOWN && !flags[slot]) {
                    out.writeInt(tops[slot]);
                    out.writeDouble(confidences[slot]);
                }
            }
        }
    }

    /**
     * Reads the state of a binary window; see {@link #read(DataInput, Task, int)}.
     *
     * @throws IOException on an unknown format version, state of another task, or inconsistent data
     */
    public static WindowMetrics read(DataInput in) throws IOException {
        return read(in, LabelSpace.BINARY);
    }

    /**
     * Reads what {@link #writeTo} wrote (format version 1, 2 or 3). State of the current format
     * behaves exactly as the instance that was written: the same metrics, and the same bytes when
     * written again. Multiclass state of version 2 has no classes: see the class comment.
     *
     * @param task the task the window is for; state written for another is refused
     * @param classes the number of classes of a multiclass task; 1 otherwise
     * @throws IOException on an unknown format version, state written for another task or class
     *     count, or inconsistent data
     */
    public static WindowMetrics read(DataInput in, Task task, int classes) throws IOException {
        return read(in, new LabelSpace(task, classes));
    }

    private static WindowMetrics read(DataInput in, LabelSpace expected) throws IOException {
        int version = in.readInt();
        LabelSpace space =
                switch (version) {
                    case BINARY_FORMAT_VERSION -> LabelSpace.BINARY;
                    case TASK_FORMAT_VERSION, CLASSES_FORMAT_VERSION -> LabelSpace.read(in, NAME);
                    default ->
                            throw new IOException(
                                    "cannot read WindowMetrics format version "
                                            + version
                                            + ": this build reads versions "
                                            + BINARY_FORMAT_VERSION
                                            + " to "
                                            + CLASSES_FORMAT_VERSION);
                };
        expected.requireSameAs(space, NAME);
        int capacity = in.readInt();
        int size = in.readInt();
        int head = in.readInt();
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw corrupt("capacity " + capacity);
        }
        if (size < 0
                || size > capacity
                || head < 0
                || head >= capacity
                || (size < capacity && head != size)) {
            throw corrupt("size " + size + " and head " + head + " in capacity " + capacity);
        }
        WindowMetrics w = new WindowMetrics(space, capacity);
        w.size = size;
        w.head = head;
        double weight = in.readDouble();
        double firstSum = in.readDouble();
        double secondSum = in.readDouble();
        int allowedFlags = w.regression ? UNIT_WEIGHT : FLAG | UNIT_WEIGHT;
        for (int k = 0; k < size; k++) {
            int entryFlags = in.readUnsignedByte();
            if ((entryFlags & ~allowedFlags) != 0) {
                throw corrupt("entry flags " + entryFlags);
            }
            int slot = w.slotOf(k);
            double value = in.readDouble();
            double entryWeight = (entryFlags & UNIT_WEIGHT) != 0 ? 1.0 : in.readDouble();
            boolean flag = (entryFlags & FLAG) != 0;
            try {
                checkEntry(space.task(), value, flag, entryWeight);
            } catch (IllegalArgumentException e) {
                throw corrupt("entry " + k + ": " + e.getMessage());
            }
            w.values[slot] = space.task() == Task.BINARY ? value + 0.0 : value;
            w.flags[slot] = flag;
            w.weights[slot] = entryWeight;
            if (w.weightedLosses != null) {
                // The same computation as in put, hence the same bits.
                w.weightedLosses[slot] = w.weightedLoss(value, flag, entryWeight);
            }
            if (entryWeight > 0) {
                w.weighted++;
            }
            if (w.truths != null) {
                w.readClasses(in, version == CLASSES_FORMAT_VERSION, k, slot);
            }
        }
        w.weight = weight;
        if (w.regression) {
            w.squaredError = firstSum;
            w.absoluteError = secondSum;
        } else {
            w.loss = firstSum;
            w.correct = secondSum;
        }
        return w;
    }

    /** Reads the classes of a multiclass entry whose value and flag are in place. */
    private void readClasses(DataInput in, boolean recorded, int k, int slot) throws IOException {
        int truth = recorded ? in.readInt() : UNKNOWN;
        truths[slot] = truth;
        if (truth == UNKNOWN) {
            unknown++;
            return;
        }
        int classes = space.classes();
        if (truth < 0 || truth >= classes) {
            throw corrupt("entry " + k + ": true class " + truth + " of " + classes);
        }
        if (flags[slot]) {
            tops[slot] = truth;
            confidences[slot] = values[slot];
            return;
        }
        int top = in.readInt();
        double confidence = in.readDouble();
        // The most likely class has at least the true class's probability.
        if (top < 0 || top >= classes || top == truth || !(confidence >= values[slot])) {
            throw corrupt(
                    "entry " + k + ": most likely class " + top + " of probability " + confidence);
        }
        try {
            Scoring.checkProbability("the probability of the most likely class", confidence);
        } catch (IllegalArgumentException e) {
            throw corrupt("entry " + k + ": " + e.getMessage());
        }
        tops[slot] = top;
        confidences[slot] = confidence;
    }

    /** The checks of {@link #observe}, on what an entry keeps of an example. */
    private static void checkEntry(Task task, double value, boolean flag, double weight) {
        switch (task) {
            case BINARY -> Scoring.check(value, flag ? 1.0 : 0.0, weight);
            case MULTICLASS -> {
                Scoring.checkProbability("the probability of the true class", value);
                Scoring.checkWeight(weight);
            }
            case REGRESSION -> {
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException("error must be finite, was " + value);
                }
                Scoring.checkWeight(weight);
            }
        }
    }

    private static IOException corrupt(String what) {
        return new IOException("corrupt WindowMetrics state: " + what);
    }
}
