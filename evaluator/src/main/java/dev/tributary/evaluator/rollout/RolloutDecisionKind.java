package dev.tributary.evaluator.rollout;

/** What a rollout did with one evaluation. */
public enum RolloutDecisionKind {
    /** Nothing changed: not enough valid evidence, a stall, or a terminal stage. */
    HOLD,
    /** From shadow to the first canary step. */
    START_CANARY,
    /** From one canary step to the next. */
    NEXT_STEP,
    /** From the last canary step to all traffic. */
    PROMOTE,
    /** Withdrawn: the challenger is worse, breached a guardrail or has non-finite parameters. */
    ROLLBACK
}
