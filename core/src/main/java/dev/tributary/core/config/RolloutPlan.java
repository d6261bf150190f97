package dev.tributary.core.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * How a challenger is rolled out: shadow, then canary steps of served traffic, then promotion. A
 * validated, immutable configuration record; the evaluator's {@code Rollout} applies it.
 *
 * @param canarySteps the challenger's traffic fraction at each canary step, each in {@code (0, 1)}
 *     and strictly increasing, at least one; default {@code [0.05, 0.25, 0.5]}
 * @param minPairsPerStep new valid pairs (both models scored the example, both losses finite) that
 *     a stage must judge before it may advance, and the pairs the guardrail window must hold before
 *     the guardrail is measured, {@code >= 1}; default 1,000
 * @param stallTimeout event time without a new valid pair after which the rollout is reported
 *     stalled, positive; default 1 hour. A stalled rollout holds: it neither advances nor rolls
 *     back by itself (a stalled label stream says nothing about the challenger), so alerting on a
 *     long stall is the operator's business
 * @param maxLossRatio the guardrail: the rollout rolls back when the challenger's windowed loss
 *     exceeds this multiple of the champion's, once the window holds {@code minPairsPerStep} pairs;
 *     finite and {@code >= 1}; default 1.1 (10% worse)
 */
public record RolloutPlan(
        List<Double> canarySteps, long minPairsPerStep, Duration stallTimeout, double maxLossRatio)
        implements Serializable {

    /** The default canary steps: 5%, 25%, 50% of served traffic. */
    public static final List<Double> DEFAULT_CANARY_STEPS = List.of(0.05, 0.25, 0.5);

    /** The default number of new valid pairs a stage judges before it may advance. */
    public static final long DEFAULT_MIN_PAIRS_PER_STEP = 1_000;

    /** The default event time without a new valid pair before a rollout is stalled. */
    public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofHours(1);

    /** The default guardrail: the challenger's windowed loss at most 10% above the champion's. */
    public static final double DEFAULT_MAX_LOSS_RATIO = 1.1;

    /**
     * Validates and copies the parameters.
     *
     * @throws IllegalArgumentException if a parameter is out of range, naming it, its value and
     *     what was expected
     * @throws NullPointerException if a list, a step or the timeout is {@code null}
     */
    public RolloutPlan {
        canarySteps = List.copyOf(canarySteps);
        if (canarySteps.isEmpty()) {
            throw new IllegalArgumentException("canarySteps: [] must hold at least one step");
        }
        double previous = 0;
        for (int i = 0; i < canarySteps.size(); i++) {
            double step = canarySteps.get(i);
            if (!(step > 0 && step < 1)) {
                throw new IllegalArgumentException(
                        "canarySteps[" + i + "]: " + step + " must be in (0, 1)");
            }
            if (i > 0 && !(step > previous)) {
                throw new IllegalArgumentException(
                        "canarySteps["
                                + i
                                + "]: "
                                + step
                                + " must be > canarySteps["
                                + (i - 1)
                                + "] "
                                + previous);
            }
            previous = step;
        }
        if (minPairsPerStep < 1) {
            throw new IllegalArgumentException(
                    "minPairsPerStep: " + minPairsPerStep + " must be >= 1");
        }
        if (stallTimeout == null) {
            throw new NullPointerException("stallTimeout");
        }
        if (stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "stallTimeout: " + stallTimeout + " must be positive");
        }
        if (!(maxLossRatio >= 1) || Double.isInfinite(maxLossRatio)) {
            throw new IllegalArgumentException(
                    "maxLossRatio: " + maxLossRatio + " must be finite and >= 1");
        }
    }

    /** The plan with every default. */
    public static RolloutPlan defaults() {
        return new RolloutPlan(
                DEFAULT_CANARY_STEPS,
                DEFAULT_MIN_PAIRS_PER_STEP,
                DEFAULT_STALL_TIMEOUT,
                DEFAULT_MAX_LOSS_RATIO);
    }
}
