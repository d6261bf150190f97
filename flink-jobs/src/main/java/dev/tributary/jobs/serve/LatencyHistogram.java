package dev.tributary.jobs.serve;

import java.io.Serializable;
import java.util.Arrays;

/**
 * A histogram of non-negative durations in milliseconds, with weights, for quantiles over a whole
 * run in constant memory. Values below 128 ms are kept exactly; above, each power of two is split
 * into 64 buckets, so a quantile is within 1.6% of the true value (it reports the bucket's middle).
 * Negative values (clocks of two machines that disagree) count as 0.
 */
public final class LatencyHistogram implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final int EXACT = 128;
    private static final int SUB_BUCKETS = 64;
    private static final int SUB_BITS = 6;
    private static final int EXACT_BITS = 7;

    /** Up to 2^48 ms, about 8,900 years. */
    private static final int MAX_POWER = 48;

    private static final int BUCKETS = EXACT + SUB_BUCKETS * (MAX_POWER - EXACT_BITS);

    private final double[] weights = new double[BUCKETS];
    private double total;
    private long max;

    public void add(long millis, double weight) {
        if (!(weight > 0)) {
            return;
        }
        long v = Math.max(0, millis);
        weights[bucketOf(v)] += weight;
        total += weight;
        max = Math.max(max, v);
    }

    public void addAll(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            weights[i] += other.weights[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    /** The total weight added. */
    public double total() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }

    /** The largest value added, exactly; 0 when empty. */
    public long max() {
        return max;
    }

    /**
     * The value below which a fraction {@code q} of the weight lies, within the bucket precision;
     * {@code NaN} when empty.
     */
    public double quantile(double q) {
        if (isEmpty()) {
            return Double.NaN;
        }
        double rank = Math.min(1, Math.max(0, q)) * total;
        double seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += weights[i];
            if (weights[i] > 0 && seen >= rank) {
                return Math.min(middleOf(i), max);
            }
        }
        return max;
    }

    public void clear() {
        Arrays.fill(weights, 0);
        total = 0;
        max = 0;
    }

    public LatencyHistogram copy() {
        LatencyHistogram copy = new LatencyHistogram();
        copy.addAll(this);
        return copy;
    }

    static int bucketOf(long v) {
        if (v < EXACT) {
            return (int) v;
        }
        int power = Math.min(63 - Long.numberOfLeadingZeros(v), MAX_POWER - 1);
        long sub = (v >>> (power - SUB_BITS)) & (SUB_BUCKETS - 1);
        return EXACT + SUB_BUCKETS * (power - EXACT_BITS) + (int) sub;
    }

    static double middleOf(int bucket) {
        if (bucket < EXACT) {
            return bucket;
        }
        int power = (bucket - EXACT) / SUB_BUCKETS + EXACT_BITS;
        long sub = (bucket - EXACT) % SUB_BUCKETS;
        double width = Math.pow(2, power - SUB_BITS);
        return Math.pow(2, power) + (sub + 0.5) * width;
    }
}
