package dev.tributary.trainer.learn;

import java.util.Arrays;

/**
 * Examples laid out for one training step, the same way for both backends.
 *
 * <p>The sparse part is compact: {@link #rows} lists the distinct sparse coordinates the batch
 * touches, in order of first appearance, and each example's {@code k}-th entry refers to one of
 * them by position ({@link #slot}) with its value ({@link #value}). Every example has {@link
 * #width} entries; shorter ones are padded with slot 0 and value 0, which add exactly nothing. An
 * index repeated within one example (two fields hashed to one bucket) stays two entries, as the
 * featurizer and every scorer of the exported graph see it: linear models and embedding bags sum
 * them anyway, and a factorization machine treats each entry as a feature of its own. A batch
 * without any sparse entry still has one row and width 1, a <em>dummy</em> row ({@code rows[0] ==
 * -1}) that reads as zeros and is never written back.
 *
 * <p>{@link #dense} holds each example's dense inputs as the model prepared them (imputed, clipped
 * and standardized), row-major {@code [size, denseWidth]}. {@link #rowScale} is, per compact row,
 * the largest absolute value it takes in the batch (for the normalized update).
 *
 * <p>Mutable and reused between steps: a {@link Builder} refills it. Not thread-safe.
 */
public final class TrainingBatch {

    int size;
    int width;
    int rowCount;
    int denseWidth;
    int[] rows = new int[16];
    int[] slots = new int[16];
    double[] values = new double[16];
    double[] rowScale = new double[16];
    double[] dense = new double[16];
    double[] labels = new double[16];
    double[] weights = new double[16];

    /** The number of examples. */
    public int size() {
        return size;
    }

    /** Entries per example, padding included; at least 1. */
    public int width() {
        return width;
    }

    /** The number of compact rows; at least 1. */
    public int rowCount() {
        return rowCount;
    }

    /** The sparse coordinate of compact row {@code u}, or -1 for the dummy row. */
    public int row(int u) {
        return rows[u];
    }

    /** Whether the only compact row is the dummy row of a batch without sparse entries. */
    public boolean hasDummyRow() {
        return rows[0] < 0;
    }

    public int denseWidth() {
        return denseWidth;
    }

    /** The compact row of example {@code b}'s {@code k}-th sparse entry. */
    public int slot(int b, int k) {
        return slots[b * width + k];
    }

    /** The value of example {@code b}'s {@code k}-th sparse entry (0 for padding). */
    public double value(int b, int k) {
        return values[b * width + k];
    }

    public double dense(int b, int j) {
        return dense[b * denseWidth + j];
    }

    /** The largest absolute value compact row {@code u} takes in this batch. */
    public double rowScale(int u) {
        return rowScale[u];
    }

    public double label(int b) {
        return labels[b];
    }

    public double weight(int b) {
        return weights[b];
    }

    /** The compact layout's arrays, for the ONNX backend's tensors; live, not copies. */
    int[] slotArray() {
        return slots;
    }

    double[] valueArray() {
        return values;
    }

    double[] denseArray() {
        return dense;
    }

    /**
     * Fills a batch example by example. Not thread-safe; one builder per model.
     *
     * <p>Usage: {@link #start}, then per example {@link #add}, then {@link #finish}.
     */
    public static final class Builder {

        private final TrainingBatch batch = new TrainingBatch();
        private final int denseWidth;
        // Open-addressing map from sparse coordinate to compact row, cleared per batch.
        private int[] keys = new int[64];
        private int[] positions = new int[64];
        private int mapped;
        // Each example's entries before padding: start offsets into one flat list.
        private int[] exampleStarts = new int[17];
        private int[] entrySlots = new int[64];
        private double[] entryValues = new double[64];
        private int entries;

        public Builder(int denseWidth) {
            this.denseWidth = denseWidth;
        }

        public Builder start() {
            batch.size = 0;
            batch.rowCount = 0;
            batch.denseWidth = denseWidth;
            Arrays.fill(keys, -1);
            mapped = 0;
            entries = 0;
            exampleStarts[0] = 0;
            return this;
        }

        /**
         * Adds one example.
         *
         * @param indices its effective sparse coordinates, any order, repeats allowed
         * @param values their values
         * @param dense its prepared dense inputs, {@code denseWidth} of them
         */
        public Builder add(
                int[] indices, double[] values, double[] dense, double label, double weight) {
            int b = batch.size;
            if (dense.length != denseWidth) {
                throw new IllegalArgumentException(
                        "expected " + denseWidth + " dense inputs, got " + dense.length);
            }
            batch.labels = grow(batch.labels, b + 1);
            batch.weights = grow(batch.weights, b + 1);
            batch.dense = grow(batch.dense, (b + 1) * denseWidth);
            batch.labels[b] = label;
            batch.weights[b] = weight;
            System.arraycopy(dense, 0, batch.dense, b * denseWidth, denseWidth);
            for (int k = 0; k < indices.length; k++) {
                if (entries == entrySlots.length) {
                    entrySlots = Arrays.copyOf(entrySlots, 2 * entries);
                    entryValues = Arrays.copyOf(entryValues, 2 * entries);
                }
                entrySlots[entries] = slotOf(indices[k]);
                entryValues[entries] = values[k];
                entries++;
            }
            batch.size = b + 1;
            if (exampleStarts.length < b + 2) {
                exampleStarts = Arrays.copyOf(exampleStarts, 2 * (b + 2));
            }
            exampleStarts[b + 1] = entries;
            return this;
        }

        private int slotOf(int index) {
            if (2 * (mapped + 1) > keys.length) {
                rehash();
            }
            int mask = keys.length - 1;
            int h = mix(index) & mask;
            while (keys[h] != -1) {
                if (keys[h] == index) {
                    return positions[h];
                }
                h = (h + 1) & mask;
            }
            keys[h] = index;
            positions[h] = mapped;
            batch.rows = grow(batch.rows, mapped + 1);
            batch.rows[mapped] = index;
            return mapped++;
        }

        private void rehash() {
            int[] oldKeys = keys;
            int[] oldPositions = positions;
            keys = new int[2 * oldKeys.length];
            positions = new int[keys.length];
            Arrays.fill(keys, -1);
            int mask = keys.length - 1;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != -1) {
                    int h = mix(oldKeys[i]) & mask;
                    while (keys[h] != -1) {
                        h = (h + 1) & mask;
                    }
                    keys[h] = oldKeys[i];
                    positions[h] = oldPositions[i];
                }
            }
        }

        private static int mix(int x) {
            int h = x * 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        /** Pads every example to the longest and computes the row scales. */
        public TrainingBatch finish() {
            int size = batch.size;
            int width = 1;
            for (int b = 0; b < size; b++) {
                width = Math.max(width, exampleStarts[b + 1] - exampleStarts[b]);
            }
            batch.width = width;
            if (mapped == 0) {
                batch.rows = grow(batch.rows, 1);
                batch.rows[0] = -1;
                batch.rowCount = 1;
            } else {
                batch.rowCount = mapped;
            }
            batch.slots = grow(batch.slots, size * width);
            batch.values = grow(batch.values, size * width);
            batch.rowScale = grow(batch.rowScale, batch.rowCount);
            Arrays.fill(batch.rowScale, 0, batch.rowCount, 0.0);
            for (int b = 0; b < size; b++) {
                int start = exampleStarts[b];
                int length = exampleStarts[b + 1] - start;
                int at = b * width;
                for (int k = 0; k < width; k++) {
                    int slot = k < length ? entrySlots[start + k] : 0;
                    double value = k < length ? entryValues[start + k] : 0.0;
                    batch.slots[at + k] = slot;
                    batch.values[at + k] = value;
                    batch.rowScale[slot] = Math.max(batch.rowScale[slot], Math.abs(value));
                }
            }
            return batch;
        }

        private static int[] grow(int[] array, int length) {
            return array.length >= length
                    ? array
                    : Arrays.copyOf(array, Math.max(length, 2 * array.length));
        }

        private static double[] grow(double[] array, int length) {
            return array.length >= length
                    ? array
                    : Arrays.copyOf(array, Math.max(length, 2 * array.length));
        }
    }
}
