package dev.tributary.trainer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.model.LabelArrivals;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LabelArrivalSampleTest {

    @Test
    void keepsEveryArrivalWhileFew() {
        LabelArrivalSample sample = new LabelArrivalSample();
        for (long t = 0; t < 100; t++) {
            sample.add(1000 + t);
        }

        LabelArrivals arrivals = sample.drain();

        assertThat(arrivals.labels()).isEqualTo(100);
        assertThat(arrivals.sampleMillis()).containsExactly(LongStream.range(1000, 1100).toArray());
        assertThat(arrivals.weight()).isEqualTo(1.0);
    }

    @Test
    void keepsAUniformBoundedSampleOfMany() {
        LabelArrivalSample sample = new LabelArrivalSample();
        int n = 10_000;
        for (long t = 0; t < n; t++) {
            sample.add(t);
        }

        LabelArrivals arrivals = sample.drain();

        assertThat(arrivals.labels()).isEqualTo(n);
        long[] kept = arrivals.sampleMillis();
        assertThat(kept.length)
                .isBetween(LabelArrivalSample.CAPACITY / 2, LabelArrivalSample.CAPACITY);
        // Evenly spaced from the first arrival: every 64th of 10,000 (157 of them).
        long stride = kept[1] - kept[0];
        assertThat(stride).isEqualTo(64);
        for (int i = 0; i < kept.length; i++) {
            assertThat(kept[i]).isEqualTo(i * stride);
        }
        assertThat(kept[kept.length - 1]).isGreaterThan(n - stride - 1);
        assertThat(arrivals.weight() * kept.length).isEqualTo(n);
    }

    @Test
    void startsAfreshAfterADrain() {
        LabelArrivalSample sample = new LabelArrivalSample();
        for (long t = 0; t < 1000; t++) {
            sample.add(t);
        }
        sample.drain();

        sample.add(7);

        assertThat(sample.drain().sampleMillis()).containsExactly(7);
        assertThat(sample.drain()).isEqualTo(LabelArrivals.NONE);
    }
}
