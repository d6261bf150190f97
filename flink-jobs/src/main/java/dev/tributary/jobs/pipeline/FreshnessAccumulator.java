package dev.tributary.jobs.pipeline;

import dev.tributary.jobs.serve.LatencyHistogram;
import org.apache.flink.api.common.accumulators.Accumulator;

/**
 * Freshness over a whole run, for the run summary: a {@link LatencyHistogram} of the milliseconds
 * from a label's arrival to the first prediction by a model that learned from it, merged across
 * scorer subtasks.
 */
public final class FreshnessAccumulator implements Accumulator<Long, LatencyHistogram> {

    private static final long serialVersionUID = 1L;

    /** The accumulator's name. */
    public static final String NAME = "freshness-ms";

    private final LatencyHistogram histogram = new LatencyHistogram();

    @Override
    public void add(Long millis) {
        histogram.add(millis, 1);
    }

    /** Adds a sampled duration standing for {@code weight} labels. */
    public void add(long millis, double weight) {
        histogram.add(millis, weight);
    }

    @Override
    public LatencyHistogram getLocalValue() {
        return histogram;
    }

    @Override
    public void resetLocal() {
        histogram.clear();
    }

    @Override
    public void merge(Accumulator<Long, LatencyHistogram> other) {
        histogram.addAll(other.getLocalValue());
    }

    @Override
    public FreshnessAccumulator clone() {
        FreshnessAccumulator copy = new FreshnessAccumulator();
        copy.histogram.addAll(histogram);
        return copy;
    }
}
