package dev.tributary.core.metrics;

import java.util.List;

/**
 * Where a metric lives: under the metric group {@value #ROOT} of its operator, then one keyed group
 * per label, in this order. Flink's Prometheus reporter turns the keys into parts of the metric's
 * name and their values into labels: {@code group.addGroup("tributary") .addGroup("experiment",
 * "flights").gauge("champion_version", ...)} is exported as {@code
 * flink_taskmanager_job_task_operator_tributary_experiment_champion_version{experiment="flights"}}.
 */
public enum MetricScope {
    /** One per operator subtask, whatever it serves. */
    OPERATOR(List.of()),
    /** One per training operator subtask, per experiment. */
    EXPERIMENT(List.of("experiment")),
    /** Per experiment and decision kind ({@code promote}, {@code rollback}, ...). */
    DECISION(List.of("experiment", "decision")),
    /** Per experiment and dense input feature. */
    FEATURE(List.of("experiment", "feature")),
    /**
     * Per experiment, model and arm ({@code champion}, {@code canary}, {@code shadow}): a model
     * that changes arm continues as another series, and the old one reads {@code NaN}.
     */
    MODEL(List.of("experiment", "model", "arm")),
    /** Per experiment and arm, in the scorer. */
    SERVING(List.of("experiment", "arm")),
    /** Per dead-letter reason code. */
    REASON(List.of("reason")),
    /**
     * Per outcome of the label join ({@code joined}, {@code defaulted}, {@code late_label}, ...).
     */
    LABEL_JOIN(List.of("outcome"));

    /** The group every Tributary metric is under, below its operator's. */
    public static final String ROOT = "tributary";

    /** What Flink's Prometheus reporter puts before the groups of an operator's metric. */
    public static final String OPERATOR_PREFIX = "flink_taskmanager_job_task_operator_";

    private final List<String> keys;

    MetricScope(List<String> keys) {
        this.keys = keys;
    }

    /** The keys of the keyed groups, outermost first: the labels of the exported series. */
    public List<String> keys() {
        return keys;
    }
}
