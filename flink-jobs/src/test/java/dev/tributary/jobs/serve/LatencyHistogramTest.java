package dev.tributary.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void smallValuesAreExact() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            h.add(v, 1);
        }

        assertThat(h.quantile(0.5)).isEqualTo(50);
        assertThat(h.quantile(0.99)).isEqualTo(99);
        assertThat(h.quantile(1)).isEqualTo(100);
        assertThat(h.max()).isEqualTo(100);
        assertThat(h.total()).isEqualTo(100);
    }

    @Test
    void quantilesOfLargeValuesAreWithinTheBucketPrecision() {
        SplittableRandom random = new SplittableRandom(7);
        long[] values = new long[100_000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            // Log-uniform from 1 ms to about 3 hours.
            values[i] = (long) Math.exp(random.nextDouble() * Math.log(1e7));
            h.add(values[i], 1);
        }
        Arrays.sort(values);

        for (double q : new double[] {0.1, 0.5, 0.9, 0.99, 0.999}) {
            double exact = values[(int) Math.ceil(q * values.length) - 1];
            assertThat(h.quantile(q))
                    .as("q=%s", q)
                    .isCloseTo(exact, Percentage.withPercentage(1.6));
        }
        assertThat(h.max()).isEqualTo(values[values.length - 1]);
    }

    @Test
    void weightsCountAsRepeatedValues() {
        LatencyHistogram weighted = new LatencyHistogram();
        weighted.add(10, 3);
        weighted.add(1000, 1);

        assertThat(weighted.quantile(0.75)).isEqualTo(10);
        assertThat(weighted.quantile(0.76)).isCloseTo(1000, within(16.0));
        assertThat(weighted.total()).isEqualTo(4);
    }

    @Test
    void mergesAndTreatsNegativeDurationsAsZero() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.add(-5, 1);
        b.add(300, 1);

        a.addAll(b);

        assertThat(a.quantile(0.5)).isZero();
        assertThat(a.quantile(1)).isCloseTo(300, within(5.0));
        assertThat(new LatencyHistogram().quantile(0.5)).isNaN();
    }

    @Test
    void bucketsAreContiguousAndTheirMiddlesIncrease() {
        int previous = -1;
        double previousMiddle = -1;
        for (long v = 0; v < 1 << 20; v++) {
            int bucket = LatencyHistogram.bucketOf(v);
            assertThat(bucket).isBetween(previous, previous + 1);
            if (bucket != previous) {
                double middle = LatencyHistogram.middleOf(bucket);
                assertThat(middle).isGreaterThan(previousMiddle);
                previousMiddle = middle;
            }
            previous = bucket;
        }
        assertThat(LatencyHistogram.bucketOf(Long.MAX_VALUE))
                .isEqualTo(LatencyHistogram.bucketOf(1L << 47) + 63);
    }
}
