package dev.tributary.evaluator.rollout;

import dev.tributary.core.config.RolloutPlan;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * The rollout of one challenger, as a state machine: {@link RolloutStage#SHADOW}, then each canary
 * step of the {@link RolloutPlan}, then {@link RolloutStage#PROMOTED}; or {@link
 * RolloutStage#ROLLED_BACK} from any of the first two. Both ends are terminal: no input changes
 * them.
 *
 * <p>Each {@link #advance} call is one evaluation. It first counts the new valid pairs into the
 * current stage, then decides, in this order:
 *
 * <ol>
 *   <li>ROLLBACK at once if the challenger's parameters are not finite;
 *   <li>ROLLBACK if the comparison's verdict is {@link Verdict#CHALLENGER_WORSE};
 *   <li>ROLLBACK if the guardrail breaches: the window holds at least {@code minPairsPerStep}
 *       pairs, both windowed losses are finite and {@code >= 0}, and the challenger's exceeds
 *       {@code maxLossRatio} times the champion's;
 *   <li>HOLD if this evaluation brought no new valid pair (reported as stalled once none has come
 *       for {@code stallTimeout} of event time), if there is no evidence, if the verdict is {@link
 *       Verdict#INCONCLUSIVE}, if the evidence holds a NaN, if the stage has judged fewer than
 *       {@code minPairsPerStep} pairs, or if the guardrail cannot be measured (too few pairs in the
 *       window, a NaN, infinite or negative windowed loss);
 *   <li>otherwise, the verdict being {@link Verdict#CHALLENGER_BETTER}: START_CANARY, NEXT_STEP or
 *       PROMOTE, and the new stage counts its pairs from zero.
 * </ol>
 *
 * <p>So absent, NaN or too little evidence and a stalled label stream never advance a rollout: they
 * hold it, with the reason. A stall never rolls back either, however long: a silent label stream
 * says nothing about the challenger. The guardrail applies in shadow too: a challenger too much
 * worse on the window is withdrawn before it serves anyone. Event time that goes backwards is read
 * as the latest event time seen. Deterministic; not thread-safe.
 */
public final class Rollout {

    private static final int FORMAT_VERSION = 1;

    private final RolloutPlan plan;
    private final long stallMillis;

    private RolloutStage stage;
    private int step;
    private long stagePairs;
    private long lastPairTime;
    private long lastEventTime;

    /**
     * A rollout in shadow.
     *
     * @param plan the plan to follow
     * @param startTime the event time the rollout starts at, in epoch milliseconds: the stall
     *     timeout counts from it until the first valid pair
     */
    public Rollout(RolloutPlan plan, long startTime) {
        if (plan == null) {
            throw new NullPointerException("plan");
        }
        this.plan = plan;
        this.stallMillis = plan.stallTimeout().toMillis();
        this.stage = RolloutStage.SHADOW;
        this.step = -1;
        this.stagePairs = 0;
        this.lastPairTime = startTime;
        this.lastEventTime = startTime;
    }

    /**
     * Evaluates the rollout once and applies the decision (see the class comment for the rules).
     *
     * @param evidence the sequential comparison's latest evidence, {@code null} where there is none
     *     yet
     * @param newPairs the valid pairs judged since the previous call, {@code >= 0}
     * @param windowPairs the valid pairs in the guardrail window, {@code >= 0}
     * @param championWindowLoss the champion's mean loss over the guardrail window
     * @param challengerWindowLoss the challenger's mean loss over the same window
     * @param parametersFinite whether every parameter of the challenger is finite
     * @param eventTime the event time of the evaluation, in epoch milliseconds
     * @return the decision, already applied
     * @throws IllegalArgumentException if a count is negative
     */
    public RolloutDecision advance(
            Evidence evidence,
            long newPairs,
            long windowPairs,
            double championWindowLoss,
            double challengerWindowLoss,
            boolean parametersFinite,
            long eventTime) {
        if (newPairs < 0) {
            throw new IllegalArgumentException("newPairs " + newPairs + " must be >= 0");
        }
        if (windowPairs < 0) {
            throw new IllegalArgumentException("windowPairs " + windowPairs + " must be >= 0");
        }
        RolloutStage stageBefore = stage;
        int stepBefore = step;
        if (stage.isTerminal()) {
            return decision(
                    RolloutDecisionKind.HOLD,
                    stageBefore,
                    stepBefore,
                    "rollout is over: " + stageName(),
                    evidence,
                    eventTime);
        }
        lastEventTime = Math.max(lastEventTime, eventTime);
        if (newPairs > 0) {
            stagePairs = saturatedAdd(stagePairs, newPairs);
            lastPairTime = lastEventTime;
        }
        long now = lastEventTime;

        if (!parametersFinite) {
            return rollBack(
                    stageBefore, stepBefore, "challenger parameters are not finite", evidence, now);
        }
        if (evidence != null && evidence.verdict() == Verdict.CHALLENGER_WORSE) {
            return rollBack(
                    stageBefore,
                    stepBefore,
                    "challenger worse after "
                            + evidence.pairs()
                            + " pairs: mean loss difference "
                            + evidence.meanDifference()
                            + " in ["
                            + evidence.lower()
                            + ", "
                            + evidence.upper()
                            + "]",
                    evidence,
                    now);
        }
        boolean guardrailMeasured =
                windowPairs >= plan.minPairsPerStep()
                        && measurable(championWindowLoss)
                        && measurable(challengerWindowLoss);
        if (guardrailMeasured && challengerWindowLoss > plan.maxLossRatio() * championWindowLoss) {
            return rollBack(
                    stageBefore,
                    stepBefore,
                    "guardrail breached: challenger window loss "
                            + challengerWindowLoss
                            + " > "
                            + plan.maxLossRatio()
                            + " x champion's "
                            + championWindowLoss
                            + " over "
                            + windowPairs
                            + " pairs",
                    evidence,
                    now);
        }

        String hold =
                holdReason(
                        evidence,
                        newPairs,
                        windowPairs,
                        championWindowLoss,
                        challengerWindowLoss,
                        guardrailMeasured);
        if (hold != null) {
            return decision(RolloutDecisionKind.HOLD, stageBefore, stepBefore, hold, evidence, now);
        }

        String proof =
                "challenger better after "
                        + evidence.pairs()
                        + " pairs ("
                        + stagePairs
                        + " in this stage): mean loss difference "
                        + evidence.meanDifference()
                        + " in ["
                        + evidence.lower()
                        + ", "
                        + evidence.upper()
                        + "]";
        RolloutDecisionKind kind;
        if (stage == RolloutStage.SHADOW) {
            kind = RolloutDecisionKind.START_CANARY;
            stage = RolloutStage.CANARY;
            step = 0;
        } else if (step + 1 < plan.canarySteps().size()) {
            kind = RolloutDecisionKind.NEXT_STEP;
            step++;
        } else {
            kind = RolloutDecisionKind.PROMOTE;
            stage = RolloutStage.PROMOTED;
            step = -1;
        }
        stagePairs = 0;
        return decision(
                kind, stageBefore, stepBefore, proof + "; now " + stageName(), evidence, now);
    }

    private String holdReason(
            Evidence evidence,
            long newPairs,
            long windowPairs,
            double championWindowLoss,
            double challengerWindowLoss,
            boolean guardrailMeasured) {
        if (newPairs == 0) {
            String since = "no labelled pairs since " + Instant.ofEpochMilli(lastPairTime);
            return stalled() ? "stalled: " + since : since;
        }
        if (evidence == null || evidence.verdict() == null) {
            return "no evidence yet (" + stagePairs + " pairs in this stage)";
        }
        if (evidence.verdict() == Verdict.INCONCLUSIVE) {
            return "inconclusive after " + evidence.pairs() + " pairs";
        }
        if (Double.isNaN(evidence.meanDifference())
                || Double.isNaN(evidence.lower())
                || Double.isNaN(evidence.upper())) {
            return "evidence holds a NaN: mean loss difference "
                    + evidence.meanDifference()
                    + " in ["
                    + evidence.lower()
                    + ", "
                    + evidence.upper()
                    + "]";
        }
        if (stagePairs < plan.minPairsPerStep()) {
            return "only "
                    + stagePairs
                    + " of "
                    + plan.minPairsPerStep()
                    + " pairs judged in this stage";
        }
        if (!guardrailMeasured) {
            if (windowPairs < plan.minPairsPerStep()) {
                return "guardrail window holds only "
                        + windowPairs
                        + " of "
                        + plan.minPairsPerStep()
                        + " pairs";
            }
            if (!measurable(challengerWindowLoss)) {
                return "challenger window loss is " + challengerWindowLoss;
            }
            return "champion window loss is " + championWindowLoss;
        }
        return null;
    }

    private static boolean measurable(double loss) {
        return loss >= 0 && loss < Double.POSITIVE_INFINITY;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private RolloutDecision rollBack(
            RolloutStage stageBefore, int stepBefore, String reason, Evidence evidence, long now) {
        stage = RolloutStage.ROLLED_BACK;
        step = -1;
        stagePairs = 0;
        return decision(
                RolloutDecisionKind.ROLLBACK, stageBefore, stepBefore, reason, evidence, now);
    }

    private RolloutDecision decision(
            RolloutDecisionKind kind,
            RolloutStage stageBefore,
            int stepBefore,
            String reason,
            Evidence evidence,
            long eventTime) {
        return new RolloutDecision(
                kind,
                stageBefore,
                stepBefore,
                stage,
                step,
                trafficFraction(),
                reason,
                evidence,
                eventTime);
    }

    private String stageName() {
        return stage == RolloutStage.CANARY
                ? "canary step " + step + " at " + plan.canarySteps().get(step) + " of traffic"
                : stage.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** The plan this rollout follows. */
    public RolloutPlan plan() {
        return plan;
    }

    /** The current stage. */
    public RolloutStage stage() {
        return stage;
    }

    /** The current canary step's index, {@code -1} outside {@link RolloutStage#CANARY}. */
    public int canaryStep() {
        return step;
    }

    /**
     * The challenger's share of served traffic: 0 in shadow, the step's fraction in canary, 1 when
     * promoted, 0 when rolled back.
     */
    public double trafficFraction() {
        switch (stage) {
            case CANARY:
                return plan.canarySteps().get(step);
            case PROMOTED:
                return 1.0;
            default:
                return 0.0;
        }
    }

    /** The valid pairs judged in the current stage. */
    public long stagePairs() {
        return stagePairs;
    }

    /** The event time of the last valid pair, or the start time before the first. */
    public long lastPairTime() {
        return lastPairTime;
    }

    /**
     * Whether, as of the latest event time seen, no valid pair has come for the plan's stall
     * timeout. Always {@code false} in a terminal stage.
     */
    public boolean stalled() {
        return !stage.isTerminal() && lastEventTime - lastPairTime >= stallMillis;
    }

    /**
     * Writes the format version (int, 1), the stage's code (byte), the canary step (int, {@code -1}
     * outside canary), the stage's pair count, the last pair's and the latest event time (longs).
     * The plan is not written: it comes from the configuration when reading.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeByte(stage.code());
        out.writeInt(step);
        out.writeLong(stagePairs);
        out.writeLong(lastPairTime);
        out.writeLong(lastEventTime);
    }

    /**
     * Reads what {@link #writeTo} wrote into a rollout following the given plan; it continues
     * exactly as the written one would.
     *
     * @throws IOException on an unknown format version, or on data inconsistent with itself or the
     *     plan (a canary step the plan does not have)
     */
    public static Rollout read(DataInput in, RolloutPlan plan) throws IOException {
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "cannot read rollout format version "
                            + version
                            + ": this build reads version "
                            + FORMAT_VERSION);
        }
        int code = in.readUnsignedByte();
        RolloutStage stage = RolloutStage.ofCode(code);
        if (stage == null) {
            throw new IOException("corrupt rollout state: stage code " + code);
        }
        int step = in.readInt();
        long stagePairs = in.readLong();
        long lastPairTime = in.readLong();
        long lastEventTime = in.readLong();
        boolean stepValid =
                stage == RolloutStage.CANARY
                        ? step >= 0 && step < plan.canarySteps().size()
                        : step == -1;
        if (!stepValid) {
            throw new IOException(
                    "corrupt rollout state: canary step "
                            + step
                            + " in stage "
                            + stage
                            + " of a plan with "
                            + plan.canarySteps().size()
                            + " steps");
        }
        if (stagePairs < 0 || lastPairTime > lastEventTime) {
            throw new IOException(
                    "corrupt rollout state: "
                            + stagePairs
                            + " stage pairs, last pair at "
                            + lastPairTime
                            + " after latest event time "
                            + lastEventTime);
        }
        Rollout rollout = new Rollout(plan, lastPairTime);
        rollout.stage = stage;
        rollout.step = step;
        rollout.stagePairs = stagePairs;
        rollout.lastEventTime = lastEventTime;
        return rollout;
    }
}
