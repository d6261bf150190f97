package dev.tributary.trainer.operator;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.metrics.MetricScope;
import dev.tributary.core.metrics.TributaryMetric;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.core.supervision.FeatureStability;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.SliceEvaluation;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The training operator's metrics, every one named in {@link TributaryMetric}: per experiment its
 * examples, step latency, champion and freshness, drift, rollout and decisions, and per input
 * feature its PSI; per model and arm its window metrics, version and traffic.
 *
 * <p>The operator reports what happens (a step, a decision) and, every {@link #REFRESH_NANOS}
 * nanoseconds of wall-clock time per experiment or after a decision, a fresh status of the learner;
 * gauges read what was reported last. They are read by the reporter's thread, hence the volatile
 * fields. Series of every configured experiment, decision kind and feature are registered up front,
 * so that dashboards and alerts see zeros rather than gaps; series of models are registered when a
 * model first appears in an arm, and read {@code NaN} once it has left it (Flink cannot unregister
 * a single metric).
 */
final class TrainingMetrics {

    /** Gauges are refreshed from a learner at most this often, in nanoseconds of wall time. */
    static final long REFRESH_NANOS = 2_000_000_000L;

    /** Step latencies kept by the histogram. */
    static final int LATENCY_WINDOW = 10_000;

    private final MetricGroup root;
    private final LongSupplier wallMillis;
    private final Map<String, ExperimentMetrics> experiments = new HashMap<>();

    TrainingMetrics(
            MetricGroup operator, Collection<ExperimentConfig> configs, LongSupplier wallMillis) {
        this.root = operator.addGroup(MetricScope.ROOT);
        this.wallMillis = wallMillis;
        for (ExperimentConfig config : configs) {
            experiments.put(config.name(), new ExperimentMetrics(config));
        }
    }

    /** One labelled example's step took {@code nanos}. */
    void learned(String experiment, long nanos) {
        ExperimentMetrics metrics = experiments.get(experiment);
        metrics.examplesTrained.inc();
        metrics.stepLatency.update(nanos / 1000);
        metrics.lastLearnedMillis = wallMillis.getAsLong();
    }

    /** Whether the experiment's gauges should be refreshed from its learner now. */
    boolean refreshDue(String experiment, long nanoTime) {
        ExperimentMetrics metrics = experiments.get(experiment);
        return metrics.stale || nanoTime - metrics.refreshedAt >= REFRESH_NANOS;
    }

    /** Takes the learner's current status and traffic split into the gauges. */
    void refresh(ExperimentStatus status, TrafficSplit split, long nanoTime) {
        ExperimentMetrics metrics = experiments.get(status.experiment());
        metrics.refresh(status, split);
        metrics.refreshedAt = nanoTime;
        metrics.stale = false;
    }

    /** A decision was carried out: counted, and the gauges refreshed at the next chance. */
    void decision(Decision decision) {
        ExperimentMetrics metrics = experiments.get(decision.experiment());
        if (metrics == null) {
            return;
        }
        metrics.decisions.get(decision.kind()).inc();
        switch (decision.kind()) {
            case DRIFT -> metrics.examplesAtDrift = decision.examples();
            case PAUSE -> metrics.paused = true;
            case RESUME -> metrics.paused = false;
            default -> {}
        }
        metrics.stale = true;
    }

    /** The gauges of one experiment and its models. */
    private final class ExperimentMetrics {

        private final MetricGroup group;
        private final Set<String> configuredModels = new HashSet<>();
        private final Counter examplesTrained;
        private final Histogram stepLatency;
        private final Map<DecisionKind, Counter> decisions = new EnumMap<>(DecisionKind.class);
        private final Map<String, ModelArmGauges> models = new HashMap<>();
        private final String[] features;
        private final double[] psi;

        private volatile long lastLearnedMillis;
        private volatile long championChangedMillis;
        private volatile String championId;
        private volatile long championVersion;
        private volatile long examples;
        private volatile long examplesAtDrift;
        private volatile int challengers;
        private volatile double canaryTraffic;
        private volatile boolean paused;
        private long refreshedAt;
        private boolean stale = true;

        ExperimentMetrics(ExperimentConfig config) {
            List<String> keys = MetricScope.EXPERIMENT.keys();
            group = root.addGroup(keys.get(0), config.name());
            config.models().forEach(m -> configuredModels.add(m.id()));
            long start = wallMillis.getAsLong();
            lastLearnedMillis = start;
            championChangedMillis = start;
            championVersion = 0;
            examplesTrained = group.counter(TributaryMetric.EXAMPLES_TRAINED.metricName());
            stepLatency =
                    group.histogram(
                            TributaryMetric.TRAINING_STEP_LATENCY.metricName(),
                            new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
            longGauge(group, TributaryMetric.CHAMPION_VERSION, () -> championVersion);
            longGauge(
                    group,
                    TributaryMetric.CHAMPION_AGE,
                    () -> (wallMillis.getAsLong() - championChangedMillis) / 1000);
            longGauge(
                    group,
                    TributaryMetric.SECONDS_SINCE_LEARNED,
                    () -> (wallMillis.getAsLong() - lastLearnedMillis) / 1000);
            longGauge(
                    group, TributaryMetric.EXAMPLES_SINCE_DRIFT, () -> examples - examplesAtDrift);
            longGauge(group, TributaryMetric.CHALLENGERS, () -> challengers);
            doubleGauge(group, TributaryMetric.CANARY_TRAFFIC, () -> canaryTraffic);
            longGauge(group, TributaryMetric.ROLLOUT_PAUSED, () -> paused ? 1 : 0);
            String decisionKey = MetricScope.DECISION.keys().get(1);
            for (DecisionKind kind : DecisionKind.values()) {
                decisions.put(
                        kind,
                        group.addGroup(decisionKey, TributaryMetric.labelValue(kind))
                                .counter(TributaryMetric.DECISIONS.metricName()));
            }
            features = config.featureSpace().denseFeatures().toArray(String[]::new);
            psi = new double[features.length];
            java.util.Arrays.fill(psi, Double.NaN);
            String featureKey = MetricScope.FEATURE.keys().get(1);
            for (int i = 0; i < features.length; i++) {
                int slot = i;
                doubleGauge(
                        group.addGroup(featureKey, features[i]),
                        TributaryMetric.FEATURE_PSI,
                        () -> psi[slot]);
            }
        }

        void refresh(ExperimentStatus status, TrafficSplit split) {
            examples = status.examples();
            // Reported in vector order, the order these gauges were registered in; empty when
            // feature drift is off.
            FeatureStability[] drift = status.featureDrift();
            for (int i = 0; i < drift.length && i < psi.length; i++) {
                psi[i] = drift[i].psi();
            }
            if (status.evaluations().length == 0) {
                return;
            }
            ModelEvaluation champion = status.champion();
            String id = champion.model().modelId();
            long version = champion.model().version();
            if (!id.equals(championId) || version != championVersion) {
                if (championId != null) {
                    championChangedMillis = wallMillis.getAsLong();
                }
                championId = id;
                championVersion = version;
            }
            models.values().forEach(m -> m.current = false);
            int inRollout = 0;
            double canaries = 0;
            for (ModelEvaluation e : status.evaluations()) {
                String model = e.model().modelId();
                Arm arm = e.model().arm();
                double share =
                        split == null ? (arm == Arm.CHAMPION ? 1.0 : 0.0) : split.share(model);
                if (!configuredModels.contains(model) && arm != Arm.CHAMPION) {
                    inRollout++;
                }
                if (arm == Arm.CANARY) {
                    canaries += share;
                }
                models.computeIfAbsent(model + '\u0000' + arm, k -> new ModelArmGauges(model, arm))
                        .take(e, share);
            }
            challengers = inRollout;
            canaryTraffic = canaries;
        }

        /** The gauges of one model in one arm. */
        private final class ModelArmGauges {
            private volatile boolean current;
            private volatile long version;
            private volatile long modelExamples;
            private volatile double traffic;
            private volatile Metrics window = Metrics.EMPTY;
            private volatile double worstSlice = Double.NaN;

            ModelArmGauges(String model, Arm arm) {
                List<String> keys = MetricScope.MODEL.keys();
                MetricGroup g =
                        group.addGroup(keys.get(1), model)
                                .addGroup(keys.get(2), TributaryMetric.labelValue(arm));
                doubleGauge(g, TributaryMetric.MODEL_VERSION, () -> current ? version : Double.NaN);
                doubleGauge(
                        g,
                        TributaryMetric.MODEL_EXAMPLES,
                        () -> current ? modelExamples : Double.NaN);
                doubleGauge(g, TributaryMetric.MODEL_TRAFFIC, () -> current ? traffic : Double.NaN);
                doubleGauge(g, TributaryMetric.LOG_LOSS, () -> read(window.logLoss()));
                doubleGauge(g, TributaryMetric.AUC, () -> read(window.auc()));
                doubleGauge(g, TributaryMetric.ACCURACY, () -> read(window.accuracy()));
                doubleGauge(g, TributaryMetric.RMSE, () -> read(window.rmse()));
                doubleGauge(g, TributaryMetric.MAE, () -> read(window.mae()));
                doubleGauge(g, TributaryMetric.WORST_SLICE_LOSS, () -> read(worstSlice));
            }

            void take(ModelEvaluation e, double share) {
                version = e.model().version();
                modelExamples = e.sinceStart().examples();
                traffic = share;
                window = e.window();
                SliceEvaluation[] worst = e.worstSlices();
                worstSlice =
                        worst.length == 0
                                ? Double.NaN
                                : Double.isNaN(worst[0].metrics().logLoss())
                                        ? worst[0].metrics().rmse()
                                        : worst[0].metrics().logLoss();
                current = true;
            }

            private double read(double value) {
                return current ? value : Double.NaN;
            }
        }
    }

    private static void longGauge(MetricGroup group, TributaryMetric metric, LongSupplier value) {
        group.gauge(metric.metricName(), (Gauge<Long>) value::getAsLong);
    }

    private static void doubleGauge(
            MetricGroup group, TributaryMetric metric, DoubleSupplier value) {
        group.gauge(metric.metricName(), (Gauge<Double>) value::getAsDouble);
    }
}
