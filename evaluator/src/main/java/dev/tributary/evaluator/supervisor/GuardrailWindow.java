package dev.tributary.evaluator.supervisor;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The last valid pairs of per-example losses of the champion and one challenger, for the rollout's
 * guardrail: their mean losses over the same examples.
 *
 * <p>The means are summed afresh, oldest pair first, each time they are read (every so many
 * examples, not per example): a running sum that adds and subtracts would drift with rounding, and
 * its value would then depend on where the ring happened to start, so a restored window, which is
 * written oldest first, would compute other bits than the original.
 */
final class GuardrailWindow {

    /** The largest window: two doubles a pair, 16 MiB per challenger. */
    static final int MAX_CAPACITY = 1 << 20;

    private final double[] champion;
    private final double[] challenger;
    private int size;
    private int head;

    GuardrailWindow(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "guardrail window " + capacity + " must be in 1.." + MAX_CAPACITY);
        }
        champion = new double[capacity];
        challenger = new double[capacity];
    }

    /** Adds a valid pair, evicting the oldest when full. */
    void add(double championLoss, double challengerLoss) {
        champion[head] = championLoss;
        challenger[head] = challengerLoss;
        head = head + 1 == champion.length ? 0 : head + 1;
        if (size < champion.length) {
            size++;
        }
    }

    int size() {
        return size;
    }

    double championMean() {
        return mean(champion);
    }

    double challengerMean() {
        return mean(challenger);
    }

    private double mean(double[] losses) {
        if (size == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0, slot = oldest(); i < size; i++) {
            sum += losses[slot];
            slot = slot + 1 == losses.length ? 0 : slot + 1;
        }
        return sum / size;
    }

    private int oldest() {
        return size < champion.length ? 0 : head;
    }

    /** Writes the number of pairs (int), then each pair's two losses (doubles), oldest first. */
    void writeTo(DataOutput out) throws IOException {
        out.writeInt(size);
        for (int i = 0, slot = oldest(); i < size; i++) {
            out.writeDouble(champion[slot]);
            out.writeDouble(challenger[slot]);
            slot = slot + 1 == champion.length ? 0 : slot + 1;
        }
    }

    /**
     * Reads what {@link #writeTo} wrote into a window of the given capacity, keeping the most
     * recent pairs if it is smaller than the written one.
     */
    static GuardrailWindow read(DataInput in, int capacity) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > MAX_CAPACITY) {
            throw new IOException("corrupt guardrail window: " + size + " pairs");
        }
        GuardrailWindow window = new GuardrailWindow(capacity);
        for (int i = 0; i < size; i++) {
            double championLoss = in.readDouble();
            double challengerLoss = in.readDouble();
            if (!(championLoss >= 0 && challengerLoss >= 0)
                    || Double.isInfinite(championLoss)
                    || Double.isInfinite(challengerLoss)) {
                throw new IOException(
                        "corrupt guardrail window: losses "
                                + championLoss
                                + " and "
                                + challengerLoss);
            }
            window.add(championLoss, challengerLoss);
        }
        return window;
    }
}
