package dev.tributary.trainer.experiment;

import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent labelled examples of an experiment, in arrival order, in a fixed-size ring: the
 * reference sample scored at each publication and, for an experiment that retrains, the replay
 * buffer a challenger or a reset champion is first fitted on. Part of the checkpointed state, so
 * that what is computed from it after a restore is what would have been computed without the
 * failure.
 */
final class RecentExamples {

    private final LabelledExample[] ring;
    private int next;
    private int size;

    RecentExamples(int capacity) {
        this.ring = new LabelledExample[capacity];
    }

    void add(LabelledExample example) {
        if (ring.length == 0) {
            return;
        }
        ring[next] = example;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** Oldest first. */
    List<LabelledExample> inOrder() {
        return last(size);
    }

    /** The newest {@code count} examples (all of them if fewer), oldest first. */
    List<LabelledExample> last(int count) {
        int n = Math.min(Math.max(count, 0), size);
        List<LabelledExample> out = new ArrayList<>(n);
        int start = (next - n + ring.length) % Math.max(ring.length, 1);
        for (int i = 0; i < n; i++) {
            out.add(ring[(start + i) % ring.length]);
        }
        return out;
    }

    void writeTo(DataOutput out) throws IOException {
        List<LabelledExample> examples = inOrder();
        out.writeInt(examples.size());
        for (LabelledExample e : examples) {
            out.writeUTF(e.id());
            out.writeUTF(e.entityKey());
            out.writeLong(e.eventTime());
            out.writeDouble(e.label());
            out.writeDouble(e.weight());
            FeatureVector f = e.features();
            out.writeInt(f.indices().length);
            for (int i = 0; i < f.indices().length; i++) {
                out.writeInt(f.indices()[i]);
                out.writeDouble(f.values()[i]);
            }
            out.writeInt(f.dense().length);
            for (double d : f.dense()) {
                out.writeDouble(d);
            }
        }
    }

    /** Reads what {@link #writeTo} wrote; keeps the newest {@code capacity} examples. */
    static RecentExamples read(DataInput in, int capacity, String experiment) throws IOException {
        RecentExamples recent = new RecentExamples(capacity);
        int count = in.readInt();
        for (int n = 0; n < count; n++) {
            String id = in.readUTF();
            String entity = in.readUTF();
            long eventTime = in.readLong();
            double label = in.readDouble();
            double weight = in.readDouble();
            int sparse = in.readInt();
            int[] indices = new int[sparse];
            double[] values = new double[sparse];
            for (int i = 0; i < sparse; i++) {
                indices[i] = in.readInt();
                values[i] = in.readDouble();
            }
            double[] dense = new double[in.readInt()];
            for (int i = 0; i < dense.length; i++) {
                dense[i] = in.readDouble();
            }
            recent.add(
                    new LabelledExample(
                            id,
                            experiment,
                            entity,
                            eventTime,
                            new FeatureVector(indices, values, dense),
                            label,
                            weight));
        }
        return recent;
    }
}
