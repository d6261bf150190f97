package dev.tributary.jobs.pipeline;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.metrics.MetricScope;
import dev.tributary.core.metrics.TributaryMetric;
import dev.tributary.core.model.Arm;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The scorer's metrics ({@link MetricScope#SERVING}): predictions served and model updates taken
 * per experiment and arm, and the champion's freshness. Every series of every configured experiment
 * is registered up front, so that dashboards and alerts see zeros, not gaps.
 */
final class ServingMetrics {

    /** The arms that serve traffic. */
    private static final List<Arm> SERVING_ARMS = List.of(Arm.CHAMPION, Arm.CANARY);

    private final Map<String, Map<Arm, Counter>> predictions = new HashMap<>();
    private final Map<String, Map<Arm, Counter>> modelUpdates = new HashMap<>();
    private final Map<String, Histogram> freshness = new HashMap<>();

    ServingMetrics(MetricGroup operator, List<ExperimentConfig> experiments, int freshnessWindow) {
        MetricGroup root = operator.addGroup(MetricScope.ROOT);
        List<String> keys = MetricScope.SERVING.keys();
        for (ExperimentConfig experiment : experiments) {
            MetricGroup group = root.addGroup(keys.get(0), experiment.name());
            Map<Arm, Counter> served = new EnumMap<>(Arm.class);
            Map<Arm, Counter> updates = new EnumMap<>(Arm.class);
            for (Arm arm : SERVING_ARMS) {
                MetricGroup armGroup = group.addGroup(keys.get(1), TributaryMetric.labelValue(arm));
                served.put(arm, armGroup.counter(TributaryMetric.PREDICTIONS.metricName()));
                updates.put(
                        arm, armGroup.counter(TributaryMetric.SERVING_MODEL_UPDATES.metricName()));
                if (arm == Arm.CHAMPION) {
                    freshness.put(
                            experiment.name(),
                            armGroup.histogram(
                                    TributaryMetric.FRESHNESS.metricName(),
                                    new DescriptiveStatisticsHistogram(freshnessWindow)));
                }
            }
            predictions.put(experiment.name(), served);
            modelUpdates.put(experiment.name(), updates);
        }
    }

    void served(String experiment, Arm arm) {
        Counter counter = counter(predictions, experiment, arm);
        if (counter != null) {
            counter.inc();
        }
    }

    void updated(String experiment, Arm arm) {
        Counter counter = counter(modelUpdates, experiment, arm);
        if (counter != null) {
            counter.inc();
        }
    }

    void freshness(String experiment, long millis) {
        Histogram histogram = freshness.get(experiment);
        if (histogram != null) {
            histogram.update(millis);
        }
    }

    private static Counter counter(Map<String, Map<Arm, Counter>> counters, String e, Arm arm) {
        Map<Arm, Counter> byArm = counters.get(e);
        return byArm == null ? null : byArm.get(arm);
    }
}
