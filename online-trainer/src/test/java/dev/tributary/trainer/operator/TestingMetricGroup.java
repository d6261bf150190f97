package dev.tributary.trainer.operator;

import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;

/**
 * A metric group that keeps what is registered under it, by path: {@code
 * tributary/experiment=flights/model=m/arm=champion/log_loss}. Tests read the metrics as a reporter
 * would; the live Prometheus test checks the real export.
 */
final class TestingMetricGroup extends UnregisteredMetricsGroup {

    private final String path;
    private final Map<String, Metric> registry;

    TestingMetricGroup() {
        this("", new TreeMap<>());
    }

    private TestingMetricGroup(String path, Map<String, Metric> registry) {
        this.path = path;
        this.registry = registry;
    }

    @Override
    public MetricGroup addGroup(String name) {
        return new TestingMetricGroup(path + name + "/", registry);
    }

    @Override
    public MetricGroup addGroup(String key, String value) {
        return new TestingMetricGroup(path + key + "=" + value + "/", registry);
    }

    @Override
    public Counter counter(String name) {
        return counter(name, new SimpleCounter());
    }

    @Override
    public <C extends Counter> C counter(String name, C counter) {
        register(name, counter);
        return counter;
    }

    @Override
    public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
        register(name, gauge);
        return gauge;
    }

    @Override
    public <H extends Histogram> H histogram(String name, H histogram) {
        register(name, histogram);
        return histogram;
    }

    private void register(String name, Metric metric) {
        if (registry.put(path + name, metric) != null) {
            throw new IllegalStateException("metric " + path + name + " registered twice");
        }
    }

    /** Every path registered, sorted. */
    Iterable<String> paths() {
        return registry.keySet();
    }

    /** A gauge's value as a double. */
    double gauge(String fullPath) {
        Metric metric = metric(fullPath);
        return ((Number) ((Gauge<?>) metric).getValue()).doubleValue();
    }

    long count(String fullPath) {
        return ((Counter) metric(fullPath)).getCount();
    }

    Histogram histogram(String fullPath) {
        return (Histogram) metric(fullPath);
    }

    boolean has(String fullPath) {
        return registry.containsKey(fullPath);
    }

    private Metric metric(String fullPath) {
        Metric metric = registry.get(fullPath);
        if (metric == null) {
            throw new AssertionError("no metric " + fullPath + " among " + registry.keySet());
        }
        return metric;
    }
}
