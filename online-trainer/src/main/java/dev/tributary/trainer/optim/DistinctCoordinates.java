package dev.tributary.trainer.optim;

import java.util.Arrays;

/**
 * The distinct coordinates of one sparse vector, with the values of repeated indices summed, so
 * that a vector with index {@code i} twice trains exactly like one with {@code i} once and the sum
 * of both values. Gradients are per coordinate: updating the same coordinate twice in one step
 * would square-accumulate two partial gradients instead of one whole gradient.
 *
 * <p>A reusable scratch buffer for the training hot path: {@link #collect} runs in time linear in
 * the vector's length and allocates nothing once the buffer has grown to the longest vector seen.
 * Distinct coordinates keep the order of their first occurrence. Not thread-safe.
 */
public final class DistinctCoordinates {

    private static final int MIN_TABLE_SIZE = 32;

    private int[] indices = new int[MIN_TABLE_SIZE / 2];
    private double[] values = new double[MIN_TABLE_SIZE / 2];
    private int size;

    // Open-addressing table from index to its entry. A slot is occupied in the current collect()
    // only when its stamp equals the current stamp, so nothing has to be cleared between vectors.
    private int[] slotIndex = new int[MIN_TABLE_SIZE];
    private int[] slotEntry = new int[MIN_TABLE_SIZE];
    private int[] slotStamp = new int[MIN_TABLE_SIZE];
    private int stamp;

    /**
     * Replaces the content with the distinct coordinates of {@code (indices, values)}.
     *
     * @param dimension indices must lie in {@code [0, dimension)}
     * @throws IllegalArgumentException if an index is out of range or a value is not finite; the
     *     content is then undefined
     */
    public void collect(int[] indices, double[] values, int dimension) {
        int length = indices.length;
        ensureCapacity(length);
        nextStamp();
        size = 0;
        int mask = slotStamp.length - 1;
        for (int p = 0; p < length; p++) {
            int index = indices[p];
            double value = values[p];
            if (index < 0 || index >= dimension) {
                throw new IllegalArgumentException(
                        "sparse index "
                                + index
                                + " at position "
                                + p
                                + " is outside [0, "
                                + dimension
                                + ")");
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException(
                        "sparse value at position " + p + " is not finite: " + value);
            }
            int slot = mix(index) & mask;
            while (true) {
                if (slotStamp[slot] != stamp) {
                    slotStamp[slot] = stamp;
                    slotIndex[slot] = index;
                    slotEntry[slot] = size;
                    this.indices[size] = index;
                    this.values[size] = value;
                    size++;
                    break;
                }
                if (slotIndex[slot] == index) {
                    this.values[slotEntry[slot]] += value;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    /** The number of distinct coordinates. */
    public int size() {
        return size;
    }

    /** The index of the {@code j}-th distinct coordinate, {@code 0 <= j < size()}. */
    public int index(int j) {
        return indices[j];
    }

    /** The summed value of the {@code j}-th distinct coordinate, {@code 0 <= j < size()}. */
    public double value(int j) {
        return values[j];
    }

    private void ensureCapacity(int length) {
        if (length > indices.length) {
            int capacity = Math.max(length, 2 * indices.length);
            indices = new int[capacity];
            values = new double[capacity];
        }
        // At most half full, so probe sequences stay short.
        if (2 * length > slotStamp.length) {
            int tableSize = Integer.highestOneBit(2 * length - 1) << 1;
            slotIndex = new int[tableSize];
            slotEntry = new int[tableSize];
            slotStamp = new int[tableSize];
        }
    }

    private void nextStamp() {
        stamp++;
        if (stamp == 0) {
            // Wrapped around: old stamps could now look current, so forget them all.
            Arrays.fill(slotStamp, 0);
            stamp = 1;
        }
    }

    private static int mix(int index) {
        int h = index * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
