package dev.tributary.trainer.model;

import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.Vocabulary;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's learned vocabularies: how often it has trained on each coordinate of the vocabulary
 * ranges that follow the hashed space (see {@link Vocabulary}). A coordinate seen fewer than its
 * field's {@code minCount} times is out of the vocabulary: the model reads and trains the field's
 * OOV bucket (the first coordinate of the range) in its place. Frozen, the model copies the OOV
 * weight onto every coordinate out of the vocabulary ({@link #fold}), so a scorer and the ONNX
 * graph need no vocabulary at all and agree with the live model bit for bit.
 *
 * <p>Not thread-safe.
 */
final class VocabularyCounts {

    private final List<Vocabulary> vocabularies;
    private final int hashSpace;
    private final int[] bases;
    private final long[] counts;

    VocabularyCounts(FeatureSpace space) {
        this.vocabularies = space.vocabularies();
        this.hashSpace = 1 << space.hashBits();
        this.bases = new int[vocabularies.size()];
        for (int k = 0; k < bases.length; k++) {
            bases[k] = space.vocabularyBase(k);
        }
        this.counts = new long[space.sparseDimension() - hashSpace];
    }

    boolean isEmpty() {
        return counts.length == 0;
    }

    private int vocabularyOf(int index) {
        int k = bases.length - 1;
        while (bases[k] > index) {
            k--;
        }
        return k;
    }

    /** The coordinate the model uses for {@code index}: itself, or its field's OOV bucket. */
    int effective(int index) {
        if (index < hashSpace) {
            return index;
        }
        int k = vocabularyOf(index);
        return index == bases[k] || counts[index - hashSpace] >= vocabularies.get(k).minCount()
                ? index
                : bases[k];
    }

    /** Counts the vocabulary coordinates of one training example (valid indices only). */
    void count(int[] indices) {
        for (int index : indices) {
            if (index >= hashSpace) {
                counts[index - hashSpace]++;
            }
        }
    }

    /** The effective coordinates of {@code indices}, in a new array. */
    int[] remap(int[] indices) {
        int[] effective = new int[indices.length];
        for (int j = 0; j < indices.length; j++) {
            effective[j] = effective(indices[j]);
        }
        return effective;
    }

    /** Gives every coordinate out of its vocabulary its field's OOV weight. */
    void fold(double[] weights) {
        foldRows(weights, 1);
    }

    /**
     * Gives every coordinate out of its vocabulary its field's OOV row, in a row-major table of
     * {@code cols} weights per coordinate.
     */
    void foldRows(double[] table, int cols) {
        for (int k = 0; k < bases.length; k++) {
            int size = vocabularies.get(k).size();
            for (int s = 1; s < size; s++) {
                int index = bases[k] + s;
                if (effective(index) != index) {
                    System.arraycopy(table, bases[k] * cols, table, index * cols, cols);
                }
            }
        }
    }

    /** Per vocabulary field, how many coordinates are in the vocabulary (besides OOV). */
    Map<String, Long> admitted() {
        Map<String, Long> admitted = new LinkedHashMap<>();
        for (int k = 0; k < bases.length; k++) {
            long n = 0;
            int size = vocabularies.get(k).size();
            for (int s = 1; s < size; s++) {
                if (effective(bases[k] + s) == bases[k] + s) {
                    n++;
                }
            }
            admitted.put(vocabularies.get(k).field(), n);
        }
        return admitted;
    }

    /** Writes the coordinates counted, as (offset, count) pairs in ascending order. */
    void writeTo(DataOutput out) throws IOException {
        int nonZero = 0;
        for (long c : counts) {
            if (c != 0) {
                nonZero++;
            }
        }
        out.writeInt(nonZero);
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] != 0) {
                out.writeInt(j);
                out.writeLong(counts[j]);
            }
        }
    }

    void readFrom(DataInput in) throws IOException {
        int nonZero = in.readInt();
        if (nonZero < 0 || nonZero > counts.length) {
            throw new IOException("corrupt vocabulary state: " + nonZero + " counted coordinates");
        }
        int previous = -1;
        for (int c = 0; c < nonZero; c++) {
            int j = in.readInt();
            long count = in.readLong();
            if (j <= previous || j >= counts.length || count <= 0) {
                throw new IOException(
                        "corrupt vocabulary state: coordinate " + j + " counted " + count);
            }
            counts[j] = count;
            previous = j;
        }
    }
}
