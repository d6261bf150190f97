package dev.tributary.features;

import dev.tributary.core.config.EntityFeatures;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * One entity's recent past: its events in a sliding event-time window, kept in {@value
 * EntityFeatures#WINDOW_STEPS} steps (count and, per averaged field, the sum and number of values
 * present), and the time of its newest event. Memory is bounded per entity, however busy: the
 * window advances a step at a time, so it covers between {@code window - step} and {@code window}
 * of the past.
 *
 * <p>Plain state, not thread-safe; {@link EntityFeaturizer} reads and updates it.
 */
public final class EntityWindow {

    /** The serialized format's version. */
    static final int FORMAT_VERSION = 1;

    private static final int STEPS = EntityFeatures.WINDOW_STEPS;

    private final long[] stepOf = new long[STEPS];
    private final long[] counts = new long[STEPS];
    private final double[][] sums;
    private final long[][] present;
    private long newestTime = Long.MIN_VALUE;

    /** An entity never seen, with {@code means} averaged fields. */
    public EntityWindow(int means) {
        Arrays.fill(stepOf, Long.MIN_VALUE);
        sums = new double[STEPS][means];
        present = new long[STEPS][means];
    }

    /** Whether any event was recorded. */
    public boolean isEmpty() {
        return newestTime == Long.MIN_VALUE;
    }

    long newestTime() {
        return newestTime;
    }

    /** The number of events in the steps {@code (step - STEPS, step]}. */
    long count(long step) {
        long n = 0;
        for (int k = 0; k < STEPS; k++) {
            if (inWindow(k, step)) {
                n += counts[k];
            }
        }
        return n;
    }

    /** The mean of averaged field {@code m} over the window, or {@code NaN} if none is present. */
    double mean(long step, int m) {
        double sum = 0;
        long n = 0;
        // Oldest step first, so that the sum's rounding does not depend on the ring's layout.
        for (long s = step - STEPS + 1; s <= step; s++) {
            int k = (int) Math.floorMod(s, (long) STEPS);
            if (stepOf[k] == s) {
                sum += sums[k][m];
                n += present[k][m];
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private boolean inWindow(int k, long step) {
        return stepOf[k] > step - STEPS && stepOf[k] <= step;
    }

    /**
     * Records an event in its step; an event older than every step the ring holds there (more than
     * a window late) only moves nothing.
     */
    void add(long time, long step, double[] values) {
        int k = (int) Math.floorMod(step, (long) STEPS);
        if (stepOf[k] != step) {
            if (stepOf[k] > step) {
                return;
            }
            stepOf[k] = step;
            counts[k] = 0;
            Arrays.fill(sums[k], 0.0);
            Arrays.fill(present[k], 0L);
        }
        counts[k]++;
        for (int m = 0; m < values.length; m++) {
            if (!Double.isNaN(values[m])) {
                sums[k][m] += values[m];
                present[k][m]++;
            }
        }
        newestTime = Math.max(newestTime, time);
    }

    /** Writes the state, versioned. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeInt(sums[0].length);
        out.writeLong(newestTime);
        for (int k = 0; k < STEPS; k++) {
            out.writeLong(stepOf[k]);
            out.writeLong(counts[k]);
            for (int m = 0; m < sums[k].length; m++) {
                out.writeDouble(sums[k][m]);
                out.writeLong(present[k][m]);
            }
        }
    }

    /** Reads what {@link #writeTo} wrote for an entity with {@code means} averaged fields. */
    public static EntityWindow read(DataInput in, int means) throws IOException {
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "unknown entity window format version "
                            + version
                            + ": this release reads version "
                            + FORMAT_VERSION);
        }
        int written = in.readInt();
        if (written != means) {
            throw new IOException(
                    "the entity window was written for "
                            + written
                            + " averaged fields, the spec has "
                            + means);
        }
        EntityWindow w = new EntityWindow(means);
        w.newestTime = in.readLong();
        for (int k = 0; k < STEPS; k++) {
            w.stepOf[k] = in.readLong();
            w.counts[k] = in.readLong();
            for (int m = 0; m < means; m++) {
                w.sums[k][m] = in.readDouble();
                w.present[k][m] = in.readLong();
            }
        }
        return w;
    }
}
