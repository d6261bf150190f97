package dev.tributary.trainer.operator;

import dev.tributary.core.model.LabelArrivals;
import java.util.Arrays;

/**
 * A bounded, uniform sample of label arrival times, taken as they come: every arrival while there
 * are few, then every second, fourth, ... (each time the buffer fills, every other sample is
 * dropped and the stride doubles). A serving snapshot so carries at most {@link #CAPACITY} times
 * however many examples it learned from. Not part of checkpointed state: it measures wall-clock
 * time, which a restore cannot bring back.
 */
final class LabelArrivalSample {

    static final int CAPACITY = 256;

    private final long[] buffer = new long[CAPACITY];
    private int size;
    private long stride = 1;
    private long seen;

    void add(long arrivedAtMillis) {
        if (seen % stride == 0) {
            if (size == CAPACITY) {
                for (int i = 0; i < CAPACITY / 2; i++) {
                    buffer[i] = buffer[2 * i];
                }
                size = CAPACITY / 2;
                stride *= 2;
            }
            if (seen % stride == 0) {
                buffer[size++] = arrivedAtMillis;
            }
        }
        seen++;
    }

    /** The arrivals since the last drain; the sample starts afresh. */
    LabelArrivals drain() {
        LabelArrivals arrivals = new LabelArrivals(Arrays.copyOf(buffer, size), seen);
        size = 0;
        stride = 1;
        seen = 0;
        return arrivals;
    }
}
