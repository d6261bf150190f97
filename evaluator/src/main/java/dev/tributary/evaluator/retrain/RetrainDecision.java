package dev.tributary.evaluator.retrain;

import dev.tributary.core.config.RetrainPolicy;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * One call of a {@link RetrainTrigger}, as the decision log records it: whether a retrain starts,
 * which triggers wanted one, the evidence they read, or why they were held back.
 *
 * @param eventTime the event time of the call, in epoch milliseconds (the latest seen, if time went
 *     backwards)
 * @param fire whether a retrain starts now; it is already recorded by the trigger
 * @param causes the triggers whose condition held: the ones that fired when {@code fire}, the ones
 *     held back when suppressed, empty otherwise
 * @param suppression what held the causes back, {@link Suppression#NONE} when firing or when none
 *     held
 * @param suppressedUntil for {@link Suppression#COOL_DOWN} and {@link Suppression#BUDGET}, the
 *     event time from which that rule no longer holds a retrain back; {@link Long#MIN_VALUE}
 *     otherwise
 * @param action the action to start the challenger with when {@code fire}, {@code null} otherwise
 * @param metricValue the window's metric, {@code NaN} for a drift call or a NaN window
 * @param thresholdRun consecutive windows beyond the threshold so far, 0 when the trigger is off
 * @param baseline the champion's baseline, {@code NaN} before it is taken or when degradation is
 *     off
 * @param degradationBound the metric value beyond which a window is degraded, {@code NaN} before
 *     the baseline or when degradation is off
 * @param degradationRun consecutive degraded windows so far, 0 when the trigger is off
 * @param driftTime the event time of the drift for a drift call, {@link Long#MIN_VALUE} otherwise
 * @param reason the decision in words
 */
public record RetrainDecision(
        long eventTime,
        boolean fire,
        Set<Cause> causes,
        Suppression suppression,
        long suppressedUntil,
        RetrainPolicy.Action action,
        double metricValue,
        int thresholdRun,
        double baseline,
        double degradationBound,
        int degradationRun,
        long driftTime,
        String reason) {

    /** A trigger of the policy. */
    public enum Cause {
        /** The metric beyond the policy's threshold for its consecutive windows. */
        THRESHOLD,
        /** The metric worse than the champion's baseline by the policy's fraction. */
        DEGRADATION,
        /** A drift detected on the champion. */
        DRIFT,
        /** The policy's schedule came due. */
        SCHEDULE
    }

    /** What held a trigger back. */
    public enum Suppression {
        /** Nothing. */
        NONE,
        /** A retrain started less than the cool-down ago. */
        COOL_DOWN,
        /** The rolling hour's budget of retrains is spent. */
        BUDGET,
        /** A level trigger fired before and the metric has not yet come back past its bound. */
        HYSTERESIS
    }

    /** Copies the causes into an unmodifiable set iterated in the order of {@link Cause}. */
    public RetrainDecision {
        EnumSet<Cause> copy = EnumSet.noneOf(Cause.class);
        copy.addAll(causes);
        causes = Collections.unmodifiableSet(copy);
    }

    /** Whether a trigger's condition held but a rule held it back. */
    public boolean suppressed() {
        return suppression != Suppression.NONE;
    }
}
