package dev.tributary.evaluator.rollout;

/**
 * One evaluation of a rollout, as the decision log records it.
 *
 * @param kind what was done
 * @param stageBefore the stage before the evaluation
 * @param stepBefore the canary step index before it, {@code -1} outside {@link RolloutStage#CANARY}
 * @param stageAfter the stage after it
 * @param stepAfter the canary step index after it, {@code -1} outside {@link RolloutStage#CANARY}
 * @param trafficFraction the challenger's share of served traffic after it
 * @param reason why, in words
 * @param evidence the comparison's evidence the decision read, {@code null} where there was none
 * @param eventTime the event time of the evaluation, in epoch milliseconds
 */
public record RolloutDecision(
        RolloutDecisionKind kind,
        RolloutStage stageBefore,
        int stepBefore,
        RolloutStage stageAfter,
        int stepAfter,
        double trafficFraction,
        String reason,
        Evidence evidence,
        long eventTime) {

    /** Whether the stage or step changed. */
    public boolean changed() {
        return kind != RolloutDecisionKind.HOLD;
    }
}
