package dev.tributary.core.config;

import java.io.Serializable;
import java.time.Duration;

/**
 * When to start a challenger by retraining, and how. A validated, immutable configuration record;
 * the evaluator's {@code RetrainTrigger} applies it in event time.
 *
 * <p>All triggers read one metric, the champion's, over one evaluation window: {@code metric} names
 * it. A trigger that is {@code null} (or {@code false} for drift) is off; at least one must be on.
 *
 * @param metric the champion's windowed metric the level triggers read: {@code logloss}, {@code
 *     rmse} or {@code mae} (higher is worse), {@code auc} or {@code accuracy} (lower is worse);
 *     default {@code logloss}
 * @param threshold the absolute trigger: the metric beyond a fixed value for N consecutive windows;
 *     {@code null} for off, the default
 * @param degradation the relative trigger: the metric worse than the champion's own baseline by a
 *     fraction for N consecutive windows; default 10% for 3 windows
 * @param drift whether a drift signalled by a detector on the champion triggers; default {@code
 *     true}
 * @param schedule a retrain at least this often, in event time, counted from the start or the last
 *     retrain of any cause; positive, {@code null} for off, the default
 * @param hysteresis in the metric's units, finite and {@code >= 0}: after it fires, a level trigger
 *     (threshold or degradation) re-arms only once a window's metric is back past its bound by this
 *     much ({@code <= bound - hysteresis} where higher is worse, {@code >= bound + hysteresis}
 *     where lower is worse); default 0, re-armed by the first window not beyond the bound
 * @param coolDown event time after a retrain during which no trigger fires, {@code >= 0}; default
 *     15 minutes
 * @param maxRetrainsPerHour the budget: at most this many retrains in any rolling hour of event
 *     time, in {@code [1, 1000]}; default 2
 * @param action how a retrain starts the challenger; default {@link Action#WARM}
 * @param replayExamples the examples kept for {@link Action#REPLAY}, the last ones seen, {@code >=
 *     1} (read only by that action); default 10,000
 */
public record RetrainPolicy(
        String metric,
        Threshold threshold,
        Degradation degradation,
        boolean drift,
        Duration schedule,
        double hysteresis,
        Duration coolDown,
        int maxRetrainsPerHour,
        Action action,
        int replayExamples)
        implements Serializable {

    /** The default metric. */
    public static final String DEFAULT_METRIC = "logloss";

    /** The default degradation trigger: 10% worse than the baseline for 3 consecutive windows. */
    public static final Degradation DEFAULT_DEGRADATION = new Degradation(0.10, 3);

    /** The default cool-down after a retrain. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofMinutes(15);

    /** The default budget of retrains per rolling hour. */
    public static final int DEFAULT_MAX_RETRAINS_PER_HOUR = 2;

    /** The largest budget: the trigger keeps one timestamp per retrain of the rolling hour. */
    public static final int MAX_RETRAINS_PER_HOUR = 1000;

    /** The default number of examples in the replay buffer. */
    public static final int DEFAULT_REPLAY_EXAMPLES = 10_000;

    /** The default number of consecutive windows a level trigger needs. */
    public static final int DEFAULT_CONSECUTIVE_WINDOWS = 3;

    /** How a retrain starts the challenger. */
    public enum Action {
        /** From freshly initialized parameters. */
        COLD,
        /** From a copy of the champion's parameters. */
        WARM,
        /** From fresh parameters first fitted on the replay buffer of the last examples. */
        REPLAY
    }

    /** Which side of a threshold is bad. */
    public enum Direction {
        /** The trigger counts windows with the metric strictly above the value. */
        ABOVE,
        /** The trigger counts windows with the metric strictly below the value. */
        BELOW
    }

    /**
     * The absolute trigger: it fires once the metric has been strictly beyond {@code value}, on the
     * {@code direction} side, for {@code consecutiveWindows} windows in a row.
     *
     * @param direction the bad side, e.g. {@link Direction#ABOVE} for a log loss
     * @param value the bound, finite
     * @param consecutiveWindows windows in a row, {@code >= 1}
     */
    public record Threshold(Direction direction, double value, int consecutiveWindows)
            implements Serializable {

        /**
         * Validates the parameters.
         *
         * @throws IllegalArgumentException naming the key, its value and what was expected
         * @throws NullPointerException if the direction is {@code null}
         */
        public Threshold {
            if (direction == null) {
                throw new NullPointerException("threshold.direction");
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("threshold.value: " + value + " must be finite");
            }
            if (consecutiveWindows < 1) {
                throw new IllegalArgumentException(
                        "threshold.consecutiveWindows: " + consecutiveWindows + " must be >= 1");
            }
        }
    }

    /**
     * The relative trigger: it fires once the metric has been strictly worse than the bound {@code
     * baseline * (1 + fraction)} (higher is worse) or {@code baseline * (1 - fraction)} (lower is
     * worse) for {@code consecutiveWindows} windows in a row. The baseline is the champion's metric
     * over its first full window with a finite metric since it became champion.
     *
     * @param fraction the relative worsening, e.g. 0.05 for 5%; finite and {@code > 0}, and {@code
     *     < 1} for a metric where lower is worse
     * @param consecutiveWindows windows in a row, {@code >= 1}
     */
    public record Degradation(double fraction, int consecutiveWindows) implements Serializable {

        /**
         * Validates the parameters (the bound on a lower-is-worse metric is checked by the policy).
         *
         * @throws IllegalArgumentException naming the key, its value and what was expected
         */
        public Degradation {
            if (!(fraction > 0) || Double.isInfinite(fraction)) {
                throw new IllegalArgumentException(
                        "degradation.fraction: " + fraction + " must be finite and > 0");
            }
            if (consecutiveWindows < 1) {
                throw new IllegalArgumentException(
                        "degradation.consecutiveWindows: " + consecutiveWindows + " must be >= 1");
            }
        }
    }

    /**
     * Validates the parameters.
     *
     * @throws IllegalArgumentException if a parameter is out of range, naming it, its value and
     *     what was expected
     * @throws NullPointerException if the metric, the cool-down or the action is {@code null}
     */
    public RetrainPolicy {
        if (metric == null) {
            throw new NullPointerException("metric");
        }
        boolean higherIsWorse = higherIsWorse(metric);
        if (degradation != null && !higherIsWorse && !(degradation.fraction() < 1)) {
            throw new IllegalArgumentException(
                    "degradation.fraction: "
                            + degradation.fraction()
                            + " must be < 1 for "
                            + metric
                            + ", where lower is worse");
        }
        if (schedule != null && (schedule.isNegative() || schedule.isZero())) {
            throw new IllegalArgumentException("schedule: " + schedule + " must be positive");
        }
        if (threshold == null && degradation == null && !drift && schedule == null) {
            throw new IllegalArgumentException(
                    "triggers: none is on; expected at least one of threshold, degradation, drift,"
                            + " schedule");
        }
        if (!(hysteresis >= 0) || Double.isInfinite(hysteresis)) {
            throw new IllegalArgumentException(
                    "hysteresis: " + hysteresis + " must be finite and >= 0");
        }
        if (coolDown == null) {
            throw new NullPointerException("coolDown");
        }
        if (coolDown.isNegative()) {
            throw new IllegalArgumentException("coolDown: " + coolDown + " must be >= 0");
        }
        if (maxRetrainsPerHour < 1 || maxRetrainsPerHour > MAX_RETRAINS_PER_HOUR) {
            throw new IllegalArgumentException(
                    "maxRetrainsPerHour: "
                            + maxRetrainsPerHour
                            + " must be in [1, "
                            + MAX_RETRAINS_PER_HOUR
                            + "]");
        }
        if (action == null) {
            throw new NullPointerException("action");
        }
        if (replayExamples < 1) {
            throw new IllegalArgumentException(
                    "replayExamples: " + replayExamples + " must be >= 1");
        }
    }

    /**
     * The policy with every default: degradation of 10% for 3 windows and drift on log loss, 15
     * minutes of cool-down, at most 2 retrains per hour, warm start.
     */
    public static RetrainPolicy defaults() {
        return new RetrainPolicy(
                DEFAULT_METRIC,
                null,
                DEFAULT_DEGRADATION,
                true,
                null,
                0.0,
                DEFAULT_COOL_DOWN,
                DEFAULT_MAX_RETRAINS_PER_HOUR,
                Action.WARM,
                DEFAULT_REPLAY_EXAMPLES);
    }

    /** Whether a higher value of the policy's metric is worse (log loss, RMSE, MAE). */
    public boolean higherIsWorse() {
        return higherIsWorse(metric);
    }

    private static boolean higherIsWorse(String metric) {
        switch (metric) {
            case "logloss":
            case "rmse":
            case "mae":
                return true;
            case "auc":
            case "accuracy":
                return false;
            default:
                throw new IllegalArgumentException(
                        "metric: \""
                                + metric
                                + "\" must be one of logloss, rmse, mae, auc, accuracy");
        }
    }
}
