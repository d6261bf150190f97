package dev.tributary.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * When the labels a model learned from arrived in the job: wall-clock times of a uniform sample of
 * them (all of them while few), and how many labels the sample stands for. A serving snapshot
 * carries the arrivals of the labels learned since the previous snapshot, so that the scorer can
 * measure freshness: the time from a label's arrival to the first prediction by a model that
 * learned from it.
 *
 * @param sampleMillis epoch milliseconds of the sampled arrivals
 * @param labels the number of labels the sample stands for (at least its size)
 */
public record LabelArrivals(long[] sampleMillis, long labels) {

    /** No labels. */
    public static final LabelArrivals NONE = new LabelArrivals(new long[0], 0);

    public LabelArrivals {
        Objects.requireNonNull(sampleMillis, "sampleMillis");
        if (labels < sampleMillis.length) {
            throw new IllegalArgumentException(
                    "a sample of " + sampleMillis.length + " cannot stand for " + labels);
        }
    }

    public boolean isEmpty() {
        return sampleMillis.length == 0;
    }

    /** How many labels each sampled arrival stands for. */
    public double weight() {
        return isEmpty() ? 0 : (double) labels / sampleMillis.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelArrivals other
                && labels == other.labels
                && Arrays.equals(sampleMillis, other.sampleMillis);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(labels) * 31 + Arrays.hashCode(sampleMillis);
    }

    @Override
    public String toString() {
        return "LabelArrivals[" + labels + " labels, " + sampleMillis.length + " sampled]";
    }
}
