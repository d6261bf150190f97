package dev.tributary.evaluator.prequential;

import dev.tributary.core.supervision.Metrics;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Prequential metrics of a binary classifier over its last {@code capacity} examples: log loss,
 * accuracy and AUC defined as in {@link RunningMetrics}, but with an <em>exact</em> AUC.
 *
 * <p>A ring buffer keeps the score, label and weight of every example in the window. Running sums
 * make log loss and accuracy O(1) per {@link #observe}, which allocates nothing. Adding and
 * subtracting in a running sum accumulates rounding error without bound on an endless stream, so
 * every time the ring wraps around the sums are recomputed from the buffer: amortised O(1), and the
 * error never exceeds that of one window.
 *
 * <p>The AUC is computed when asked, in O(W log W): it is the Mann-Whitney statistic with
 * mid-ranks, i.e. the weighted share of positive-negative pairs in which the positive scores
 * higher, an exact tie counting one half (windowed prequential AUC: Brzezinski and Stefanowski,
 * "Prequential AUC", Neurocomputing 2017). It is cached until the next observation.
 *
 * <p>A metric with no evidence is {@code NaN}: log loss and accuracy while the window holds no
 * example of positive weight, AUC until it holds both classes with positive weight. Not
 * thread-safe.
 */
public final class WindowMetrics {

    /** The largest window: about 400 MiB of buffers, far beyond any sensible prequential window. */
    public static final int MAX_CAPACITY = 1 << 24;

    private static final int FORMAT_VERSION = 1;
    private static final int POSITIVE = 1;
    private static final int UNIT_WEIGHT = 2;

    private final int capacity;
    private final double[] scores;
    private final boolean[] labels;
    private final double[] weights;
    // Each example's weighted loss, kept so that eviction subtracts exactly what was added.
    private final double[] weightedLosses;

    /** Entries in use: the first {@code size} slots while filling, then all of them. */
    private int size;

    /** The slot the next example goes to; equals {@code size} until the ring first wraps. */
    private int head;

    /** Entries of positive weight, counted exactly so that "no evidence" is never a rounding. */
    private int weighted;

    private double weight;
    private double loss;
    private double correct;

    private double cachedAuc = Double.NaN;
    private boolean aucStale = true;

    /**
     * An empty window.
     *
     * @param capacity the number of most recent examples covered, 1..{@value #MAX_CAPACITY}
     */
    public WindowMetrics(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "window capacity must be in 1.." + MAX_CAPACITY + ", was " + capacity);
        }
        this.capacity = capacity;
        this.scores = new double[capacity];
        this.labels = new boolean[capacity];
        this.weights = new double[capacity];
        this.weightedLosses = new double[capacity];
    }

    /**
     * Adds one example, evicting the oldest when the window is full.
     *
     * @param score the model's probability of the positive class, in {@code [0, 1]}
     * @param label 0 or 1
     * @param weight the example's weight, finite and {@code >= 0}
     * @throws IllegalArgumentException if any of them is out of range; nothing is recorded then
     */
    public void observe(double score, double label, double weight) {
        Scoring.check(score, label, weight);
        boolean positive = label == 1.0;
        // Adding 0.0 turns -0.0 into 0.0: the two must be one score when sorting for the AUC.
        double s = score + 0.0;
        double weightedLoss = -weight * Scoring.logLikelihood(s, positive);
        if (size == capacity) {
            evict(head);
        } else {
            size++;
        }
        scores[head] = s;
        labels[head] = positive;
        weights[head] = weight;
        weightedLosses[head] = weightedLoss;
        add(head);
        aucStale = true;
        if (++head == capacity) {
            head = 0;
            resum();
        }
    }

    private void add(int slot) {
        double w = weights[slot];
        weight += w;
        loss += weightedLosses[slot];
        if (Scoring.correct(scores[slot], labels[slot])) {
            correct += w;
        }
        if (w > 0) {
            weighted++;
        }
    }

    private void evict(int slot) {
        double w = weights[slot];
        weight -= w;
        loss -= weightedLosses[slot];
        if (Scoring.correct(scores[slot], labels[slot])) {
            correct -= w;
        }
        if (w > 0) {
            weighted--;
        }
    }

    private void resum() {
        weight = 0;
        loss = 0;
        correct = 0;
        weighted = 0;
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
        return new Metrics(
                size,
                evidence ? loss / weight : Double.NaN,
                evidence ? correct / weight : Double.NaN,
                auc());
    }

    private double auc() {
        if (aucStale) {
            cachedAuc = exactAuc();
            aucStale = false;
        }
        return cachedAuc;
    }

    private double exactAuc() {
        // Sort the distinct scores, total the weight of each class per distinct score, then walk
        // upwards: every positive beats the negatives below it and ties half of those beside it.
        double[] distinct = Arrays.copyOf(scores, size);
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
            int rank = Arrays.binarySearch(distinct, 0, unique, scores[slot]);
            if (labels[slot]) {
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
     * window holding the most recent examples that fit. Used when a restored job is configured with
     * a different window.
     */
    public WindowMetrics withCapacity(int newCapacity) {
        if (newCapacity == capacity) {
            return this;
        }
        WindowMetrics resized = new WindowMetrics(newCapacity);
        int kept = Math.min(size, newCapacity);
        for (int k = size - kept; k < size; k++) {
            int slot = slotOf(k);
            resized.observe(scores[slot], labels[slot] ? 1.0 : 0.0, weights[slot]);
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
     * Writes the complete state: format version 1, the shape and sums, then the entries oldest
     * first, each as a flag byte, the score and, unless it is 1, the weight.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeInt(capacity);
        out.writeInt(size);
        out.writeInt(head);
        // The sums, not recomputed on reading: they carry the rounding of their history, and a
        // restored window must continue bit for bit as the original would have.
        out.writeDouble(weight);
        out.writeDouble(loss);
        out.writeDouble(correct);
        for (int k = 0; k < size; k++) {
            int slot = slotOf(k);
            boolean unitWeight = weights[slot] == 1.0;
            out.writeByte((labels[slot] ? POSITIVE : 0) | (unitWeight ? UNIT_WEIGHT : 0));
            out.writeDouble(scores[slot]);
            if (!unitWeight) {
                out.writeDouble(weights[slot]);
            }
        }
    }

    /**
     * Reads what {@link #writeTo} wrote. The result behaves exactly as the instance that was
     * written: the same metrics, and the same bytes when written again.
     *
     * @throws IOException on an unknown format version or inconsistent data
     */
    public static WindowMetrics read(DataInput in) throws IOException {
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "cannot read WindowMetrics format version "
                            + version
                            + ": this build reads version "
                            + FORMAT_VERSION);
        }
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
        WindowMetrics w = new WindowMetrics(capacity);
        w.size = size;
        w.head = head;
        double weight = in.readDouble();
        double loss = in.readDouble();
        double correct = in.readDouble();
        for (int k = 0; k < size; k++) {
            int flags = in.readUnsignedByte();
            if ((flags & ~(POSITIVE | UNIT_WEIGHT)) != 0) {
                throw corrupt("entry flags " + flags);
            }
            int slot = w.slotOf(k);
            double score = in.readDouble();
            double entryWeight = (flags & UNIT_WEIGHT) != 0 ? 1.0 : in.readDouble();
            boolean positive = (flags & POSITIVE) != 0;
            try {
                Scoring.check(score, positive ? 1.0 : 0.0, entryWeight);
            } catch (IllegalArgumentException e) {
                throw corrupt("entry " + k + ": " + e.getMessage());
            }
            w.scores[slot] = score + 0.0;
            w.labels[slot] = positive;
            w.weights[slot] = entryWeight;
            // The same computation as in observe, hence the same bits.
            w.weightedLosses[slot] = -entryWeight * Scoring.logLikelihood(score, positive);
            if (entryWeight > 0) {
                w.weighted++;
            }
        }
        w.weight = weight;
        w.loss = loss;
        w.correct = correct;
        return w;
    }

    private static IOException corrupt(String what) {
        return new IOException("corrupt WindowMetrics state: " + what);
    }
}
