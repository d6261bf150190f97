package dev.tributary.evaluator.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * ADWIN, adaptive windowing (Bifet and Gavaldà, "Learning from Time-Changing Data with Adaptive
 * Windowing", SIAM International Conference on Data Mining, 2007), in its exponential-histogram
 * form ADWIN2: a window {@code W} of the most recent observations, as long as no test finds that an
 * older part of it has a different mean than the newer rest; when one does, the older part is
 * dropped.
 *
 * <p><b>The test.</b> For a split of the window (of {@code n} observations, population variance
 * {@code σ²}) into an older part {@code W0} of {@code n0} and a newer part {@code W1} of {@code n1}
 * observations, with means {@code μ0} and {@code μ1}, there is a cut when {@code |μ0 - μ1| >
 * ε_cut}, with
 *
 * <pre>
 *   1/m   = 1/n0 + 1/n1
 *   δ'    = δ / ln n
 *   ε_cut = sqrt(2/m · σ² · ln(2/δ')) + 2/(3m) · ln(2/δ')
 * </pre>
 *
 * the Bernstein-type bound the paper gives for use in practice, with {@code δ' = δ / ln n} as in
 * the authors' implementation (MOA), since about {@code ln n} splits are tested. While there is a
 * cut anywhere, the oldest bucket is dropped and the whole window is tested again.
 *
 * <p><b>Values.</b> The bound assumes values in {@code [0, 1]} (its second term is for a range of
 * 1): feed an error indicator, or a loss scaled into {@code [0, 1]}. Other finite values are
 * accepted, but the bound is then miscalibrated (values spread over more than 1 raise more false
 * alarms than {@code δ} promises). MOA and River put {@code n0 - 4} and {@code n1 - 4} into {@code
 * m} (a minimum sub-window of 5) and test only splits with both parts over 6 in windows over 10;
 * this class uses {@code n0} and {@code n1} as the paper does, so it is slightly more sensitive
 * than they are where a part is short.
 *
 * <p><b>The buckets.</b> The window is kept as an exponential histogram: rows of buckets, row
 * {@code r} holding at most {@code M} buckets of {@code 2^r} observations each, each bucket its sum
 * and its sum of squared deviations. When row {@code r} gets an {@code (M+1)}-th bucket, its two
 * oldest merge into one of row {@code r+1}. Memory and the cost of a test are {@code O(M log n)}.
 * Only splits at bucket boundaries are tested, so a cut that the exact test would find inside a
 * bucket may be found a check later or not at all (never earlier), and a cut drops a whole bucket
 * at a time (the oldest, which holds at most about {@code 1/M} of the window): this is the
 * approximation the paper analyses; testing fewer splits adds no false alarms.
 *
 * <p><b>The clock.</b> The test runs every {@code clock} observations (default 32, as in MOA), on
 * the observation whose count since creation or {@link #reset} is a multiple of {@code clock}; a
 * drift is reported on that observation. {@code clock = 1} tests after every observation.
 *
 * <p><b>States and resets.</b> {@link #update} returns {@link DriftState#DRIFT} when a cut was
 * found (the window shrank), otherwise {@link DriftState#STABLE}; ADWIN has no warning level and
 * never returns {@link DriftState#WARNING}. A drift does not reset the detector: dropping the part
 * of the window before the change is ADWIN's own way of starting over on the new concept, and what
 * is left (observations after the change, as far as the test can tell) is kept. For the same reason
 * {@link #observations()} counts from creation or the last {@link #reset}, not from the last drift;
 * the observations ADWIN currently judges by are {@link #width()}. A change is often reported on a
 * few checks in a row, as the rest of the old concept is dropped.
 *
 * <p>Deterministic (plain double arithmetic and {@link StrictMath}); allocates nothing per
 * observation except when the window grows into a new row of buckets beyond the capacity reserved
 * so far (amortized, at most 62 rows). Not thread-safe.
 */
public final class Adwin implements DriftDetector {

    /** Default confidence parameter {@code δ}. */
    public static final double DEFAULT_DELTA = 0.002;

    /** Default number {@code M} of buckets of each size. */
    public static final int DEFAULT_MAX_BUCKETS = 5;

    /** Default number of observations between two tests for a cut. */
    public static final int DEFAULT_CLOCK = 32;

    /** Rows of buckets; row {@code r} holds buckets of {@code 2^r} observations. */
    static final int MAX_ROWS = 62;

    private static final int FORMAT_VERSION = 1;
    private static final int INITIAL_ROWS = 8;

    private final double delta;
    private final int maxBuckets;
    private final int clock;

    /** Buckets per row slot: {@code M + 1}, room for the one that triggers a merge. */
    private final int stride;

    private long observations;
    private DriftState state = DriftState.STABLE;
    private long width;
    private double total;

    /** Sum of squared deviations from the mean over the whole window. */
    private double squares;

    private int rows;
    private int[] counts;

    /** Bucket {@code k} of row {@code r} (k = 0 the oldest) at {@code r * stride + k}. */
    private double[] sums;

    private double[] bucketSquares;

    /** ADWIN with {@code δ = 0.002}, {@code M = 5} and a test every 32 observations. */
    public Adwin() {
        this(DEFAULT_DELTA);
    }

    /** ADWIN with the given {@code δ}, {@code M = 5} and a test every 32 observations. */
    public Adwin(double delta) {
        this(delta, DEFAULT_MAX_BUCKETS, DEFAULT_CLOCK);
    }

    /**
     * ADWIN with every parameter given.
     *
     * @param delta the confidence {@code δ}, in {@code (0, 1)}: smaller means fewer false alarms
     *     and later detections
     * @param maxBuckets {@code M}, the buckets of each size, {@code >= 1}: larger means finer
     *     splits and more memory
     * @param clock observations between two tests for a cut, {@code >= 1}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public Adwin(double delta, int maxBuckets, int clock) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("adwin delta: " + delta + " must be in (0, 1)");
        }
        if (maxBuckets < 1 || maxBuckets > 1000) {
            throw new IllegalArgumentException(
                    "adwin max-buckets: " + maxBuckets + " must be in 1..1000");
        }
        if (clock < 1) {
            throw new IllegalArgumentException("adwin clock: " + clock + " must be >= 1");
        }
        this.delta = delta;
        this.maxBuckets = maxBuckets;
        this.clock = clock;
        this.stride = maxBuckets + 1;
        allocate(INITIAL_ROWS);
    }

    private void allocate(int rowCapacity) {
        counts = new int[rowCapacity];
        sums = new double[rowCapacity * stride];
        bucketSquares = new double[rowCapacity * stride];
    }

    @Override
    public DriftState update(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("adwin: value " + value + " must be finite");
        }
        observations++;
        insert(value);
        boolean cut = false;
        if (observations % clock == 0) {
            while (width >= 2 && dropIfCut()) {
                cut = true;
            }
        }
        state = cut ? DriftState.DRIFT : DriftState.STABLE;
        return state;
    }

    private void insert(double value) {
        width++;
        if (width > 1) {
            // Welford's update of the window's sum of squared deviations.
            double before = value - total / (width - 1);
            squares += (width - 1) * before * before / width;
        }
        total += value;
        append(0, value, 0.0);
        compress();
    }

    /** Merges the two oldest buckets of every row that has {@code M + 1}. */
    private void compress() {
        for (int r = 0; r < rows && counts[r] == stride; r++) {
            int at = r * stride;
            double size = bucketSize(r);
            double difference = sums[at] / size - sums[at + 1] / size;
            // n1 n2 / (n1 + n2) (μ1 - μ2)², with n1 = n2 = size.
            double merged =
                    bucketSquares[at] + bucketSquares[at + 1] + size / 2 * difference * difference;
            append(r + 1, sums[at] + sums[at + 1], merged);
            shift(r, 2);
        }
    }

    private void append(int row, double sum, double squaresOfBucket) {
        if (row == rows) {
            if (rows == MAX_ROWS) {
                throw new IllegalStateException("adwin: window of over 2^" + MAX_ROWS + " values");
            }
            if (rows == counts.length) {
                grow();
            }
            rows++;
        }
        int at = row * stride + counts[row];
        sums[at] = sum;
        bucketSquares[at] = squaresOfBucket;
        counts[row]++;
    }

    private void grow() {
        int[] oldCounts = counts;
        double[] oldSums = sums;
        double[] oldSquares = bucketSquares;
        allocate(Math.min(MAX_ROWS, 2 * oldCounts.length));
        System.arraycopy(oldCounts, 0, counts, 0, oldCounts.length);
        System.arraycopy(oldSums, 0, sums, 0, oldSums.length);
        System.arraycopy(oldSquares, 0, bucketSquares, 0, oldSquares.length);
    }

    /** Removes the {@code k} oldest buckets of a row. */
    private void shift(int row, int k) {
        int at = row * stride;
        int left = counts[row] - k;
        System.arraycopy(sums, at + k, sums, at, left);
        System.arraycopy(bucketSquares, at + k, bucketSquares, at, left);
        for (int i = left; i < counts[row]; i++) {
            sums[at + i] = 0;
            bucketSquares[at + i] = 0;
        }
        counts[row] = left;
    }

    /**
     * Tests every split at a bucket boundary, oldest first; at the first cut, drops the oldest
     * bucket.
     *
     * @return whether a bucket was dropped
     */
    private boolean dropIfCut() {
        double variance = Math.max(0.0, squares / width);
        double confidence = StrictMath.log(2 * StrictMath.log(width) / delta);
        long n0 = 0;
        long n1 = width;
        double sum0 = 0;
        double sum1 = total;
        for (int r = rows - 1; r >= 0; r--) {
            long size = 1L << r;
            for (int k = 0; k < counts[r]; k++) {
                double sum = sums[r * stride + k];
                n0 += size;
                n1 -= size;
                sum0 += sum;
                sum1 -= sum;
                if (n1 == 0) {
                    return false;
                }
                if (isCut(n0, n1, sum0 / n0 - sum1 / n1, variance, confidence)) {
                    dropOldest();
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code |μ0 - μ1| > ε_cut}, with {@code confidence = ln(2/δ')}. */
    static boolean isCut(long n0, long n1, double difference, double variance, double confidence) {
        double inverseM = 1.0 / n0 + 1.0 / n1;
        double epsilon =
                StrictMath.sqrt(2 * inverseM * variance * confidence)
                        + 2.0 / 3.0 * inverseM * confidence;
        return Math.abs(difference) > epsilon;
    }

    private void dropOldest() {
        int r = rows - 1;
        int at = r * stride;
        double size = bucketSize(r);
        double sum = sums[at];
        width -= 1L << r;
        total -= sum;
        if (width == 0) {
            squares = 0;
        } else {
            double difference = sum / size - total / width;
            squares -= bucketSquares[at] + size * width / (size + width) * difference * difference;
        }
        shift(r, 1);
        while (rows > 0 && counts[rows - 1] == 0) {
            rows--;
        }
    }

    private static double bucketSize(int row) {
        return (double) (1L << row);
    }

    @Override
    public DriftState state() {
        return state;
    }

    /** Observations since creation or the last {@link #reset} (a drift does not reset ADWIN). */
    @Override
    public long observations() {
        return observations;
    }

    /** The number of observations in the current window. */
    public long width() {
        return width;
    }

    /** The mean of the current window; {@code NaN} when it is empty. */
    public double mean() {
        return width == 0 ? Double.NaN : total / width;
    }

    /** The population variance of the current window; {@code NaN} when it is empty. */
    public double variance() {
        return width == 0 ? Double.NaN : Math.max(0.0, squares / width);
    }

    /** The confidence parameter {@code δ}. */
    public double delta() {
        return delta;
    }

    /** {@code M}, the most buckets of each size. */
    public int maxBuckets() {
        return maxBuckets;
    }

    /** Observations between two tests for a cut. */
    public int clock() {
        return clock;
    }

    /** The number of buckets holding the window. */
    int buckets() {
        int n = 0;
        for (int r = 0; r < rows; r++) {
            n += counts[r];
        }
        return n;
    }

    @Override
    public void reset() {
        observations = 0;
        state = DriftState.STABLE;
        width = 0;
        total = 0;
        squares = 0;
        rows = 0;
        allocate(INITIAL_ROWS);
    }

    @Override
    public String name() {
        return "adwin";
    }

    /**
     * Writes format version 1: the version, the observation count, the state (its code, a byte),
     * the width, the window's sum and sum of squared deviations, the number of rows, then per row
     * (smallest buckets first) its bucket count and, oldest first, each bucket's sum and sum of
     * squared deviations. The parameters are not written; {@link #read} receives them.
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(observations);
        out.writeByte(state.code());
        out.writeLong(width);
        out.writeDouble(total);
        out.writeDouble(squares);
        out.writeInt(rows);
        for (int r = 0; r < rows; r++) {
            out.writeInt(counts[r]);
            for (int k = 0; k < counts[r]; k++) {
                out.writeDouble(sums[r * stride + k]);
                out.writeDouble(bucketSquares[r * stride + k]);
            }
        }
    }

    /**
     * Reads what {@link #writeTo} wrote. With the parameters the writer had, the result continues
     * exactly as the writer would have: the same states, and the same bytes when written again.
     *
     * @param delta as in {@link #Adwin(double, int, int)}
     * @param maxBuckets as in {@link #Adwin(double, int, int)}; state with more buckets in a row is
     *     refused
     * @param clock as in {@link #Adwin(double, int, int)}
     * @throws IOException on an unknown format version or inconsistent data
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public static Adwin read(DataInput in, double delta, int maxBuckets, int clock)
            throws IOException {
        Adwin a = new Adwin(delta, maxBuckets, clock);
        DetectorFormat.readVersion(in, FORMAT_VERSION, "Adwin");
        a.observations = in.readLong();
        a.state = DetectorFormat.readState(in, "Adwin", true);
        a.width = in.readLong();
        a.total = in.readDouble();
        a.squares = in.readDouble();
        int rows = in.readInt();
        if (rows < 0 || rows > MAX_ROWS) {
            throw corrupt(rows + " rows, expected 0.." + MAX_ROWS);
        }
        if (rows > a.counts.length) {
            a.allocate(Math.max(rows, Math.min(MAX_ROWS, 2 * INITIAL_ROWS)));
        }
        long counted = 0;
        for (int r = 0; r < rows; r++) {
            int count = in.readInt();
            if (count < 0 || count > maxBuckets) {
                throw corrupt(count + " buckets in row " + r + ", expected 0.." + maxBuckets);
            }
            for (int k = 0; k < count; k++) {
                a.append(r, in.readDouble(), in.readDouble());
            }
            if (count == 0) {
                a.rows = Math.max(a.rows, r + 1);
            }
            try {
                counted = Math.addExact(counted, Math.multiplyExact(count, 1L << r));
            } catch (ArithmeticException e) {
                throw corrupt("more than 2^63 observations in the window");
            }
        }
        if (rows > 0 && a.counts[rows - 1] == 0) {
            throw corrupt("empty last row " + (rows - 1));
        }
        if (counted != a.width || a.width > a.observations || a.observations < 0) {
            throw corrupt(
                    "width "
                            + a.width
                            + ", buckets of "
                            + counted
                            + ", observations "
                            + a.observations);
        }
        return a;
    }

    /** Reads state written by an ADWIN with the default parameters. */
    public static Adwin read(DataInput in) throws IOException {
        return read(in, DEFAULT_DELTA, DEFAULT_MAX_BUCKETS, DEFAULT_CLOCK);
    }

    private static IOException corrupt(String what) {
        return new IOException("corrupt Adwin state: " + what);
    }
}
