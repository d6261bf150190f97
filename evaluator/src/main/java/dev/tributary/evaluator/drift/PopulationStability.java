package dev.tributary.evaluator.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The population stability index (PSI) of one numeric input feature: how far the distribution of
 * its recent values has moved from a reference distribution. Unlike a {@link DriftDetector} it
 * needs no labels, so it notices a change of the inputs before the error rate shows it.
 *
 * <p><b>Reference.</b> The first {@code referenceSize} values are stored; when the last arrives,
 * the {@code m} of them that are not missing are sorted and the {@code bins - 1} cut points are
 * their exact empirical quantiles at {@code k / bins} (deciles by default): {@code c_k = x_(⌈k m /
 * bins⌉)}, the smallest stored value with at least {@code k / bins} of them at or below it. A value
 * {@code x} falls into bin {@code b}, the number of cut points below it, i.e. bin {@code b} is
 * {@code (c_b, c_{b+1}]} with {@code c_0 = -∞} and {@code c_bins = +∞}; missing values ({@code
 * NaN}) have a bin of their own, the last. The reference proportions {@code p_b} are the shares of
 * the stored values in each bin (exactly {@code 1/bins} of the non-missing ones when they are
 * distinct and {@code bins} divides {@code m}; ties at a cut point make bins unequal). The values
 * are then dropped; only the cut points and the reference counts stay.
 *
 * <p><b>Current window.</b> Every later value goes into a window of the last {@code windowSize}
 * values, kept as a ring buffer of bin indices with the count of each bin, so that an observation
 * costs O(log bins) and memory is {@code windowSize} ints. The current proportions {@code q_b} are
 * the window's shares.
 *
 * <p><b>Index.</b> {@code PSI = Σ_b (q_b - p_b) ln(q_b / p_b)} over the {@code bins + 1} bins (the
 * missing bin included), a symmetrised Kullback-Leibler divergence. An empty bin would make a term
 * infinite, so both proportions are floored at {@value #EPSILON} first (a bin empty on both sides
 * adds 0): one empty bin against a reference share {@code p} then adds {@code p ln(p / ε)}, about
 * 0.83 for {@code p = 0.1}. {@link #psi()} is {@code NaN} until both the reference and a full
 * window exist. Even between two samples of one distribution the index is positive: it is about
 * {@code (bins - 1)(1/referenceSize + 1/windowSize)} on average, 0.0018 with the defaults.
 *
 * <p><b>Reading</b> ({@link Shift}), by the customary rule of thumb (Yurdakul, "Statistical
 * Properties of Population Stability Index", dissertation, Western Michigan University, 2018, who
 * also derives the index's sampling distribution): below 0.1 stable, 0.1 to 0.25 a moderate shift,
 * above 0.25 a significant one.
 *
 * <p>Infinite values are ordinary values in the end bins. The arithmetic is a fixed sequence of
 * IEEE operations with {@link StrictMath#log}, so the index is the same on every JVM. Not
 * thread-safe.
 */
public final class PopulationStability {

    /** Values that fix the reference, by default. */
    public static final int DEFAULT_REFERENCE_SIZE = 10_000;

    /** Values in the current window, by default. */
    public static final int DEFAULT_WINDOW_SIZE = 10_000;

    /** Bins of non-missing values by default: deciles. */
    public static final int DEFAULT_BINS = 10;

    /** The most bins of non-missing values. */
    public static final int MAX_BINS = 10_000;

    /** The floor of every proportion in the index. */
    public static final double EPSILON = 1e-4;

    /** Upper bound of a stable index. */
    public static final double MODERATE_SHIFT = 0.1;

    /** Upper bound of a moderate shift; above it, significant. */
    public static final double SIGNIFICANT_SHIFT = 0.25;

    private static final int FORMAT_VERSION = 1;
    private static final int FILLING_REFERENCE = 0;
    private static final int FIXED_REFERENCE = 1;

    /** How to read an index, by the rule of thumb of the class comment. */
    public enum Shift {
        /** No index yet: the reference or the window is not full. */
        UNDEFINED,
        /** {@code PSI < 0.1}. */
        STABLE,
        /** {@code 0.1 <= PSI <= 0.25}. */
        MODERATE,
        /** {@code PSI > 0.25}. */
        SIGNIFICANT;

        /** The reading of an index; {@code NaN} is {@link #UNDEFINED}. */
        public static Shift of(double psi) {
            if (Double.isNaN(psi)) {
                return UNDEFINED;
            }
            if (psi < MODERATE_SHIFT) {
                return STABLE;
            }
            return psi <= SIGNIFICANT_SHIFT ? MODERATE : SIGNIFICANT;
        }
    }

    private final int referenceSize;
    private final int windowSize;
    private final int bins;

    private long observations;

    /** The reference values while they are collected; null once the cut points are fixed. */
    private double[] reference;

    private int referenceFilled;

    /** The {@code bins - 1} cut points; null until the reference is complete. */
    private double[] cuts;

    /** Reference values per bin, the missing bin last. */
    private final int[] referenceCounts;

    /** Window values per bin, the missing bin last. */
    private final int[] windowCounts;

    /** The bin of each value in the window. */
    private final int[] window;

    private int windowFilled;

    /** The slot of the next value; equals {@code windowFilled} until the ring first wraps. */
    private int head;

    /** With the default sizes: 10,000 reference values, a window of 10,000, deciles. */
    public PopulationStability() {
        this(DEFAULT_REFERENCE_SIZE, DEFAULT_WINDOW_SIZE, DEFAULT_BINS);
    }

    /**
     * An index with nothing observed.
     *
     * @param referenceSize values that fix the reference, {@code >= 1}
     * @param windowSize values in the current window, {@code >= 1}
     * @param bins bins of non-missing values, in {@code [2, MAX_BINS]}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public PopulationStability(int referenceSize, int windowSize, int bins) {
        if (referenceSize < 1) {
            throw new IllegalArgumentException("referenceSize " + referenceSize + " must be >= 1");
        }
        if (windowSize < 1) {
            throw new IllegalArgumentException("windowSize " + windowSize + " must be >= 1");
        }
        if (bins < 2 || bins > MAX_BINS) {
            throw new IllegalArgumentException(
                    "bins " + bins + " must be in [2, " + MAX_BINS + "]");
        }
        this.referenceSize = referenceSize;
        this.windowSize = windowSize;
        this.bins = bins;
        this.reference = new double[referenceSize];
        this.referenceCounts = new int[bins + 1];
        this.windowCounts = new int[bins + 1];
        this.window = new int[windowSize];
    }

    /** Adds the feature's next value; {@code NaN} means missing. */
    public void observe(double value) {
        observations++;
        if (cuts == null) {
            reference[referenceFilled++] = value;
            if (referenceFilled == referenceSize) {
                fixReference();
            }
            return;
        }
        int bin = bin(value);
        if (windowFilled == windowSize) {
            windowCounts[window[head]]--;
        } else {
            windowFilled++;
        }
        window[head] = bin;
        windowCounts[bin]++;
        head = head + 1 == windowSize ? 0 : head + 1;
    }

    private void fixReference() {
        double[] sorted = Arrays.copyOf(reference, referenceSize);
        Arrays.sort(sorted); // NaN sorts last
        int present = referenceSize;
        while (present > 0 && Double.isNaN(sorted[present - 1])) {
            present--;
        }
        double[] points = new double[bins - 1];
        for (int k = 1; k < bins; k++) {
            if (present == 0) {
                points[k - 1] = Double.POSITIVE_INFINITY;
            } else {
                long rank = ((long) k * present + bins - 1) / bins; // ⌈k m / bins⌉, >= 1
                points[k - 1] = sorted[(int) rank - 1];
            }
        }
        cuts = points;
        for (double value : reference) {
            referenceCounts[bin(value)]++;
        }
        reference = null;
    }

    /** The bin of a value: the number of cut points below it, or {@code bins} if it is missing. */
    private int bin(double value) {
        if (Double.isNaN(value)) {
            return bins;
        }
        int low = 0;
        int high = cuts.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (cuts[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * The population stability index of the window against the reference, as the class comment
     * defines it; {@code NaN} until the reference is complete and the window full. O(bins).
     */
    public double psi() {
        if (cuts == null || windowFilled < windowSize) {
            return Double.NaN;
        }
        double psi = 0;
        for (int b = 0; b <= bins; b++) {
            double p = Math.max((double) referenceCounts[b] / referenceSize, EPSILON);
            double q = Math.max((double) windowCounts[b] / windowSize, EPSILON);
            psi += (q - p) * StrictMath.log(q / p);
        }
        return psi;
    }

    /** The reading of {@link #psi()}. */
    public Shift shift() {
        return Shift.of(psi());
    }

    /** Values observed since creation, reference and window together. */
    public long observations() {
        return observations;
    }

    /** Whether the reference is fixed. */
    public boolean hasReference() {
        return cuts != null;
    }

    /** Whether the window holds {@code windowSize} values, so that {@link #psi()} is defined. */
    public boolean windowFull() {
        return windowFilled == windowSize;
    }

    /** A copy of the {@code bins - 1} cut points; empty until the reference is fixed. */
    public double[] cutPoints() {
        return cuts == null ? new double[0] : cuts.clone();
    }

    /** The reference proportions {@code p_b}, missing bin last, unfloored; NaN until fixed. */
    public double[] referenceProportions() {
        return proportions(referenceCounts, cuts == null ? 0 : referenceSize);
    }

    /** The window's proportions {@code q_b}, missing bin last, unfloored; NaN until it is full. */
    public double[] windowProportions() {
        return proportions(windowCounts, windowFull() ? windowSize : 0);
    }

    private double[] proportions(int[] counts, int total) {
        double[] shares = new double[bins + 1];
        for (int b = 0; b <= bins; b++) {
            shares[b] = total == 0 ? Double.NaN : (double) counts[b] / total;
        }
        return shares;
    }

    /**
     * Writes the format version (int, 1); the reference size, window size and bins (ints); the
     * observation count (long); then a phase byte. Phase 0 (collecting the reference): the number
     * of values so far (int) and the values (doubles). Phase 1: the cut points (doubles), the
     * reference count of each bin (ints, missing bin last), the number of values in the window and
     * the next slot (ints) and the bin of each filled slot in slot order (ints); the window's
     * counts are recomputed when reading.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeInt(referenceSize);
        out.writeInt(windowSize);
        out.writeInt(bins);
        out.writeLong(observations);
        if (cuts == null) {
            out.writeByte(FILLING_REFERENCE);
            out.writeInt(referenceFilled);
            for (int i = 0; i < referenceFilled; i++) {
                out.writeDouble(reference[i]);
            }
            return;
        }
        out.writeByte(FIXED_REFERENCE);
        for (double cut : cuts) {
            out.writeDouble(cut);
        }
        for (int count : referenceCounts) {
            out.writeInt(count);
        }
        out.writeInt(windowFilled);
        out.writeInt(head);
        for (int i = 0; i < windowFilled; i++) {
            out.writeInt(window[i]);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote; the result continues exactly as the written one would. The
     * sizes are the configured ones and must equal those written, since the reference and the
     * window's contents depend on them.
     *
     * @throws IOException on an unknown format version, state of other sizes, or inconsistent data
     */
    public static PopulationStability read(
            DataInput in, int referenceSize, int windowSize, int bins) throws IOException {
        PopulationStability psi = new PopulationStability(referenceSize, windowSize, bins);
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "cannot read PopulationStability format version "
                            + version
                            + ": this build reads version "
                            + FORMAT_VERSION);
        }
        int storedReference = in.readInt();
        int storedWindow = in.readInt();
        int storedBins = in.readInt();
        if (storedReference != referenceSize || storedWindow != windowSize || storedBins != bins) {
            throw new IOException(
                    "PopulationStability state has reference size "
                            + storedReference
                            + ", window size "
                            + storedWindow
                            + " and "
                            + storedBins
                            + " bins; expected "
                            + referenceSize
                            + ", "
                            + windowSize
                            + " and "
                            + bins);
        }
        psi.observations = in.readLong();
        int phase = in.readUnsignedByte();
        if (phase == FILLING_REFERENCE) {
            int filled = in.readInt();
            if (filled < 0 || filled >= referenceSize || psi.observations != filled) {
                throw corrupt(filled + " reference values after " + psi.observations);
            }
            for (int i = 0; i < filled; i++) {
                psi.reference[i] = in.readDouble();
            }
            psi.referenceFilled = filled;
            return psi;
        }
        if (phase != FIXED_REFERENCE) {
            throw corrupt("phase " + phase);
        }
        double[] points = new double[bins - 1];
        for (int k = 0; k < points.length; k++) {
            points[k] = in.readDouble();
            if (Double.isNaN(points[k]) || (k > 0 && points[k] < points[k - 1])) {
                throw corrupt("cut points out of order at " + k);
            }
        }
        long referenceTotal = 0;
        for (int b = 0; b <= bins; b++) {
            int count = in.readInt();
            if (count < 0) {
                throw corrupt("reference count " + count);
            }
            psi.referenceCounts[b] = count;
            referenceTotal += count;
        }
        if (referenceTotal != referenceSize) {
            throw corrupt(referenceTotal + " reference values, expected " + referenceSize);
        }
        int filled = in.readInt();
        int head = in.readInt();
        boolean consistent =
                filled >= 0
                        && filled <= windowSize
                        && head >= 0
                        && head < windowSize
                        && (filled == windowSize
                                ? psi.observations >= (long) referenceSize + windowSize
                                : head == filled
                                        && psi.observations == (long) referenceSize + filled);
        if (!consistent) {
            throw corrupt(
                    filled
                            + " window values, next slot "
                            + head
                            + ", after "
                            + psi.observations
                            + " observations");
        }
        for (int i = 0; i < filled; i++) {
            int bin = in.readInt();
            if (bin < 0 || bin > bins) {
                throw corrupt("bin " + bin);
            }
            psi.window[i] = bin;
            psi.windowCounts[bin]++;
        }
        psi.cuts = points;
        psi.reference = null;
        psi.referenceFilled = referenceSize;
        psi.windowFilled = filled;
        psi.head = head;
        return psi;
    }

    private static IOException corrupt(String what) {
        return new IOException("corrupt PopulationStability state: " + what);
    }
}
