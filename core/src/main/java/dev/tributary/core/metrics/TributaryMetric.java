package dev.tributary.core.metrics;

import java.util.Locale;

/**
 * Every metric Tributary registers, with its scope, name, type and meaning: the one place metric
 * names are defined. {@code docs/metrics.md} documents each, and tests check that the dashboards
 * and alert rules use only these names and that a running job exports them.
 *
 * <p>Quality gauges read the window metrics ({@code evaluation.window}); a metric that is not
 * defined (AUC of a regression, anything before the first example) reads {@code NaN}, never a
 * made-up number.
 */
public enum TributaryMetric {
    STATE_LOADS(
            MetricScope.OPERATOR,
            "state_loads",
            Type.COUNTER,
            "times an experiment was read back from keyed state: after a restore, or once evicted"
                    + " from the operator's memory"),
    STATE_WRITES(
            MetricScope.OPERATOR,
            "state_writes",
            Type.COUNTER,
            "times an experiment was written to keyed state (at checkpoints, when it changed)"),
    CONTROL_COMMANDS(
            MetricScope.OPERATOR,
            "control_commands",
            Type.COUNTER,
            "commands received on the control topic"),
    CONTROL_COMMANDS_REJECTED(
            MetricScope.OPERATOR,
            "control_commands_rejected",
            Type.COUNTER,
            "commands refused before reaching an experiment (unknown, or nothing learned yet);"
                    + " refusals of the supervisor count as decisions of kind reject"),
    DUPLICATES_DROPPED(
            MetricScope.OPERATOR,
            "duplicates_dropped",
            Type.COUNTER,
            "events dropped by deduplication (cleaning.dedup-window): the same id seen again"),
    EXAMPLES_TRAINED(
            MetricScope.EXPERIMENT,
            "examples_trained",
            Type.COUNTER,
            "labelled examples the experiment's models were tested and trained on"),
    TRAINING_STEP_LATENCY(
            MetricScope.EXPERIMENT,
            "training_step_latency_us",
            Type.HISTOGRAM,
            "wall-clock microseconds of one labelled example's step: every model predicts, the"
                    + " supervisor judges and decides, every model trains"),
    CHAMPION_VERSION(
            MetricScope.EXPERIMENT,
            "champion_version",
            Type.GAUGE,
            "the version of the model serving as champion (0 before its first publication)"),
    CHAMPION_AGE(
            MetricScope.EXPERIMENT,
            "champion_age_seconds",
            Type.GAUGE,
            "seconds since the champion last changed: a new version published or another model"
                    + " promoted (since the job started before either)"),
    SECONDS_SINCE_LEARNED(
            MetricScope.EXPERIMENT,
            "seconds_since_learned",
            Type.GAUGE,
            "seconds since the experiment's models last learned from a labelled example"),
    EXAMPLES_SINCE_DRIFT(
            MetricScope.EXPERIMENT,
            "examples_since_drift",
            Type.GAUGE,
            "labelled examples since the drift detector last fired (since the start before it"
                    + " fired): the detector's state, dropping to 0 at each detection"),
    CHALLENGERS(
            MetricScope.EXPERIMENT,
            "challengers",
            Type.GAUGE,
            "challengers in rollout, in shadow or serving as canary"),
    CANARY_TRAFFIC(
            MetricScope.EXPERIMENT,
            "canary_traffic",
            Type.GAUGE,
            "share of the experiment's traffic the canaries serve; the champion serves the rest"),
    ROLLOUT_PAUSED(
            MetricScope.EXPERIMENT,
            "rollout_paused",
            Type.GAUGE,
            "1 while automatic retraining and rollout are paused by a command, else 0"),
    DECISIONS(
            MetricScope.DECISION,
            "count",
            Type.COUNTER,
            "decisions by kind: publish, drift, retrain, canary, promote, rollback, pause,"
                    + " resume, reject"),
    FEATURE_PSI(
            MetricScope.FEATURE,
            "psi",
            Type.GAUGE,
            "population stability index of a dense input feature: its last window against its"
                    + " reference (below 0.1 stable, above 0.25 a significant shift)"),
    MODEL_VERSION(MetricScope.MODEL, "version", Type.GAUGE, "the model's current version"),
    MODEL_EXAMPLES(
            MetricScope.MODEL,
            "examples",
            Type.GAUGE,
            "labelled examples the model was judged on since it started"),
    MODEL_TRAFFIC(
            MetricScope.MODEL,
            "traffic",
            Type.GAUGE,
            "share of the experiment's traffic the model serves (0 in shadow)"),
    LOG_LOSS(
            MetricScope.MODEL,
            "log_loss",
            Type.GAUGE,
            "prequential log loss over the evaluation window (classifiers)"),
    AUC(
            MetricScope.MODEL,
            "auc",
            Type.GAUGE,
            "prequential AUC over the evaluation window (binary)"),
    ACCURACY(
            MetricScope.MODEL,
            "accuracy",
            Type.GAUGE,
            "prequential accuracy over the evaluation window (classifiers)"),
    RMSE(
            MetricScope.MODEL,
            "rmse",
            Type.GAUGE,
            "prequential root mean squared error over the evaluation window (regression)"),
    MAE(
            MetricScope.MODEL,
            "mae",
            Type.GAUGE,
            "prequential mean absolute error over the evaluation window (regression)"),
    WORST_SLICE_LOSS(
            MetricScope.MODEL,
            "worst_slice_loss",
            Type.GAUGE,
            "faded log loss (RMSE for regression) of the model's worst slice with enough"
                    + " examples (evaluation.slices); NaN without slices"),
    PREDICTIONS(
            MetricScope.SERVING,
            "predictions",
            Type.COUNTER,
            "predictions served, by the arm that served them"),
    SERVING_MODEL_UPDATES(
            MetricScope.SERVING,
            "model_updates",
            Type.COUNTER,
            "new model parameters the scorer took, by arm"),
    FRESHNESS(
            MetricScope.SERVING,
            "freshness_ms",
            Type.HISTOGRAM,
            "milliseconds from a label's arrival to the first prediction by a model that learned"
                    + " from it (champion)"),
    DEAD_LETTERS(
            MetricScope.REASON,
            "dead_letters",
            Type.COUNTER,
            "records rejected to the dead-letter topic, by reason code"),
    LABEL_JOIN(
            MetricScope.LABEL_JOIN,
            "labels",
            Type.COUNTER,
            "outcomes of the label join: joined, defaulted, dropped, late_label, orphan_label, ...");

    /** How a metric is registered. */
    public enum Type {
        COUNTER,
        GAUGE,
        HISTOGRAM
    }

    private final MetricScope scope;
    private final String metricName;
    private final Type type;
    private final String help;

    TributaryMetric(MetricScope scope, String metricName, Type type, String help) {
        this.scope = scope;
        this.metricName = metricName;
        this.type = type;
        this.help = help;
    }

    public MetricScope scope() {
        return scope;
    }

    /** The name the metric is registered under in its group. */
    public String metricName() {
        return metricName;
    }

    public Type type() {
        return type;
    }

    /** What it measures, for the documentation. */
    public String help() {
        return help;
    }

    /**
     * The name of the series Flink's Prometheus reporter exports, e.g. {@code
     * flink_taskmanager_job_task_operator_tributary_experiment_model_arm_log_loss}. A histogram is
     * exported as a summary: this name with a {@code quantile} label, plus {@code _count}.
     */
    public String prometheusName() {
        StringBuilder name =
                new StringBuilder(MetricScope.OPERATOR_PREFIX).append(MetricScope.ROOT);
        for (String key : scope.keys()) {
            name.append('_').append(key);
        }
        return name.append('_').append(metricName).toString();
    }

    /**
     * A label value as Tributary exports it: lower case, e.g. {@code champion}, {@code promote}.
     */
    public static String labelValue(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
