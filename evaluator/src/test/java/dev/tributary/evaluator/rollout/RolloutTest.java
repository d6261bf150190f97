package dev.tributary.evaluator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.RolloutPlan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RolloutTest {

    private static final RolloutPlan PLAN = RolloutPlan.defaults();
    private static final long MIN = PLAN.minPairsPerStep();
    private static final long START = 1_700_000_000_000L;
    private static final long MINUTE = 60_000L;

    private static Evidence evidence(Verdict verdict, long pairs) {
        switch (verdict) {
            case CHALLENGER_BETTER:
                return new Evidence(verdict, pairs, 0, 0.05, 0.01, 0.09, 4.2);
            case CHALLENGER_WORSE:
                return new Evidence(verdict, pairs, 0, -0.05, -0.09, -0.01, 4.2);
            default:
                return new Evidence(verdict, pairs, 0, 0.01, -0.03, 0.05, 0.3);
        }
    }

    /** One evaluation with a full, passing guardrail window: only the evidence and pairs vary. */
    private static RolloutDecision step(Rollout rollout, Evidence evidence, long newPairs, long t) {
        return rollout.advance(evidence, newPairs, MIN, 0.40, 0.38, true, t);
    }

    /** A rollout moved through {@code advances} stages with CHALLENGER_BETTER evidence. */
    private static Rollout advancedBy(int advances) {
        Rollout rollout = new Rollout(PLAN, START);
        for (int i = 0; i < advances; i++) {
            RolloutDecision d =
                    step(
                            rollout,
                            evidence(Verdict.CHALLENGER_BETTER, (i + 1) * MIN),
                            MIN,
                            START + (i + 1) * MINUTE);
            assertThat(d.changed()).isTrue();
        }
        return rollout;
    }

    @Test
    void happyPathGoesFromShadowThroughEachCanaryStepToPromotion() {
        Rollout rollout = new Rollout(PLAN, START);
        assertThat(rollout.stage()).isEqualTo(RolloutStage.SHADOW);
        assertThat(rollout.trafficFraction()).isZero();

        List<RolloutDecision> decisions = new ArrayList<>();
        long t = START;
        for (int stage = 0; stage < 4; stage++) {
            // Pairs arrive in chunks: the stage advances on the chunk that reaches MIN.
            for (long judged = 0; judged < MIN; judged += 250) {
                t += MINUTE;
                Evidence better = evidence(Verdict.CHALLENGER_BETTER, stage * MIN + judged + 250);
                RolloutDecision d = step(rollout, better, 250, t);
                assertThat(d.evidence()).isSameAs(better);
                if (judged + 250 < MIN) {
                    assertThat(d.kind()).isEqualTo(RolloutDecisionKind.HOLD);
                    assertThat(d.reason()).contains("pairs judged in this stage");
                } else {
                    decisions.add(d);
                }
            }
        }

        assertThat(decisions)
                .extracting(RolloutDecision::kind)
                .containsExactly(
                        RolloutDecisionKind.START_CANARY,
                        RolloutDecisionKind.NEXT_STEP,
                        RolloutDecisionKind.NEXT_STEP,
                        RolloutDecisionKind.PROMOTE);
        assertThat(decisions)
                .extracting(RolloutDecision::trafficFraction)
                .containsExactly(0.05, 0.25, 0.5, 1.0);
        assertThat(decisions)
                .extracting(RolloutDecision::stageAfter)
                .containsExactly(
                        RolloutStage.CANARY,
                        RolloutStage.CANARY,
                        RolloutStage.CANARY,
                        RolloutStage.PROMOTED);
        assertThat(decisions).extracting(RolloutDecision::stepAfter).containsExactly(0, 1, 2, -1);
        assertThat(decisions.get(0).stageBefore()).isEqualTo(RolloutStage.SHADOW);
        assertThat(decisions.get(0).stepBefore()).isEqualTo(-1);
        assertThat(decisions.get(0).reason()).startsWith("challenger better after 1000 pairs");
        assertThat(decisions.get(3).stepBefore()).isEqualTo(2);
        assertThat(rollout.stage()).isEqualTo(RolloutStage.PROMOTED);
        assertThat(rollout.trafficFraction()).isEqualTo(1.0);
    }

    @Test
    void worseChallengerIsRolledBackAtTheFirstWorseVerdictAndNeverPromoted() {
        Rollout rollout = new Rollout(PLAN, START);
        for (int i = 1; i <= 5; i++) {
            assertThat(
                            step(rollout, evidence(Verdict.INCONCLUSIVE, i * MIN), MIN, START + i)
                                    .kind())
                    .isEqualTo(RolloutDecisionKind.HOLD);
        }

        // Worse needs no minimum of pairs and no new pairs: the test is always valid.
        RolloutDecision d =
                step(rollout, evidence(Verdict.CHALLENGER_WORSE, 5 * MIN), 0, START + 6);

        assertThat(d.kind()).isEqualTo(RolloutDecisionKind.ROLLBACK);
        assertThat(d.stageBefore()).isEqualTo(RolloutStage.SHADOW);
        assertThat(d.stageAfter()).isEqualTo(RolloutStage.ROLLED_BACK);
        assertThat(d.reason()).startsWith("challenger worse after 5000 pairs");
        for (int i = 0; i < 10_000; i++) {
            RolloutDecision later =
                    step(
                            rollout,
                            evidence(Verdict.CHALLENGER_BETTER, 10 * MIN + i),
                            MIN,
                            START + 7 + i);
            assertThat(later.kind()).isEqualTo(RolloutDecisionKind.HOLD);
        }
        assertThat(rollout.stage()).isEqualTo(RolloutStage.ROLLED_BACK);
        assertThat(rollout.trafficFraction()).isZero();
    }

    @Test
    void worseVerdictInCanaryRollsBackWithinOneEvaluation() {
        Rollout rollout = advancedBy(2);

        RolloutDecision d =
                step(rollout, evidence(Verdict.CHALLENGER_WORSE, 3 * MIN), 1, START + MINUTE * 10);

        assertThat(d.kind()).isEqualTo(RolloutDecisionKind.ROLLBACK);
        assertThat(d.stageBefore()).isEqualTo(RolloutStage.CANARY);
        assertThat(d.stepBefore()).isEqualTo(1);
        assertThat(d.trafficFraction()).isZero();
    }

    @Test
    void guardrailBreachInCanaryRollsBackEvenWithABetterVerdict() {
        Rollout rollout = advancedBy(2);
        Evidence better = evidence(Verdict.CHALLENGER_BETTER, 3 * MIN);
        long t = START + MINUTE * 10;

        // At exactly the ratio: no breach.
        assertThat(rollout.advance(better, 1, MIN, 1.0, 1.1, true, t).kind())
                .isEqualTo(RolloutDecisionKind.HOLD);
        // Too few pairs in the window: not measured, so neither a breach nor a pass.
        RolloutDecision thin = rollout.advance(better, MIN, MIN - 1, 0.40, 0.90, true, t + 1);
        assertThat(thin.kind()).isEqualTo(RolloutDecisionKind.HOLD);
        assertThat(thin.reason()).isEqualTo("guardrail window holds only 999 of 1000 pairs");
        assertThat(rollout.canaryStep()).isEqualTo(1);

        RolloutDecision d = rollout.advance(better, 1, MIN, 0.40, 0.45, true, t + 2);

        assertThat(d.kind()).isEqualTo(RolloutDecisionKind.ROLLBACK);
        assertThat(d.stepBefore()).isEqualTo(1);
        assertThat(d.reason()).startsWith("guardrail breached: challenger window loss 0.45");
        assertThat(rollout.stage()).isEqualTo(RolloutStage.ROLLED_BACK);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void nonFiniteParametersRollBackAtOnceFromAnyStage(int advances) {
        Rollout rollout = advancedBy(advances);
        RolloutStage before = rollout.stage();

        RolloutDecision d =
                rollout.advance(
                        evidence(Verdict.CHALLENGER_BETTER, 10 * MIN),
                        MIN,
                        MIN,
                        0.4,
                        0.3,
                        false,
                        START + MINUTE * 10);

        assertThat(d.kind()).isEqualTo(RolloutDecisionKind.ROLLBACK);
        assertThat(d.stageBefore()).isEqualTo(before);
        assertThat(d.reason()).isEqualTo("challenger parameters are not finite");
        assertThat(rollout.stage()).isEqualTo(RolloutStage.ROLLED_BACK);
        assertThat(rollout.trafficFraction()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void noDataNeverAdvances(int advances) {
        Rollout rollout = advancedBy(advances);
        RolloutStage stage = rollout.stage();
        int canaryStep = rollout.canaryStep();
        Random random = new Random(42);
        long t = START + MINUTE * 10;
        for (int i = 0; i < 10_000; i++) {
            t += random.nextInt(1_000);
            // No evidence, with or without pairs; or evidence but no new pairs.
            RolloutDecision d;
            switch (i % 3) {
                case 0:
                    d = step(rollout, null, 0, t);
                    break;
                case 1:
                    d = step(rollout, null, random.nextInt(2 * (int) MIN), t);
                    break;
                default:
                    d = step(rollout, evidence(Verdict.CHALLENGER_BETTER, 10 * MIN), 0, t);
                    break;
            }
            assertThat(d.kind()).isEqualTo(RolloutDecisionKind.HOLD);
        }
        assertThat(rollout.stage()).isEqualTo(stage);
        assertThat(rollout.canaryStep()).isEqualTo(canaryStep);
        assertThat(step(rollout, null, 5, t + 1).reason()).startsWith("no evidence yet");
        assertThat(step(rollout, evidence(Verdict.CHALLENGER_BETTER, MIN), 0, t + 2).reason())
                .startsWith("no labelled pairs since ");
    }

    @Test
    void nanMetricsNeverAdvance() {
        Rollout rollout = advancedBy(1);
        Random random = new Random(7);
        double nan = Double.NaN;
        long t = START + MINUTE * 10;
        for (int i = 0; i < 10_000; i++) {
            t += 1;
            long pairs = 1 + random.nextInt(2 * (int) MIN);
            RolloutDecision d;
            switch (i % 4) {
                case 0:
                    d =
                            rollout.advance(
                                    evidence(Verdict.CHALLENGER_BETTER, t),
                                    pairs,
                                    MIN,
                                    0.4,
                                    nan,
                                    true,
                                    t);
                    break;
                case 1:
                    d =
                            rollout.advance(
                                    evidence(Verdict.CHALLENGER_BETTER, t),
                                    pairs,
                                    MIN,
                                    nan,
                                    0.3,
                                    true,
                                    t);
                    break;
                case 2:
                    d =
                            rollout.advance(
                                    evidence(Verdict.CHALLENGER_BETTER, t),
                                    pairs,
                                    MIN,
                                    nan,
                                    nan,
                                    true,
                                    t);
                    break;
                default:
                    Evidence nanEvidence =
                            new Evidence(Verdict.CHALLENGER_BETTER, t, 0, nan, nan, nan, nan);
                    d = rollout.advance(nanEvidence, pairs, MIN, 0.4, 0.3, true, t);
                    break;
            }
            assertThat(d.kind()).isEqualTo(RolloutDecisionKind.HOLD);
        }
        assertThat(rollout.stage()).isEqualTo(RolloutStage.CANARY);
        assertThat(rollout.canaryStep()).isZero();
        assertThat(
                        rollout.advance(
                                        evidence(Verdict.CHALLENGER_BETTER, MIN),
                                        1,
                                        MIN,
                                        0.4,
                                        nan,
                                        true,
                                        t + 1)
                                .reason())
                .isEqualTo("challenger window loss is NaN");
        // Infinite or negative losses are no measurement either.
        assertThat(
                        rollout.advance(
                                        evidence(Verdict.CHALLENGER_BETTER, MIN),
                                        1,
                                        MIN,
                                        Double.POSITIVE_INFINITY,
                                        0.3,
                                        true,
                                        t + 2)
                                .kind())
                .isEqualTo(RolloutDecisionKind.HOLD);
        assertThat(
                        rollout.advance(
                                        evidence(Verdict.CHALLENGER_BETTER, MIN),
                                        1,
                                        MIN,
                                        0.4,
                                        -0.1,
                                        true,
                                        t + 3)
                                .kind())
                .isEqualTo(RolloutDecisionKind.HOLD);
    }

    @Test
    void inconclusiveVerdictsNeverAdvance() {
        Rollout rollout = new Rollout(PLAN, START);
        for (int i = 1; i <= 10_000; i++) {
            RolloutDecision d =
                    step(rollout, evidence(Verdict.INCONCLUSIVE, i * MIN), MIN, START + i);
            assertThat(d.kind()).isEqualTo(RolloutDecisionKind.HOLD);
        }
        assertThat(rollout.stage()).isEqualTo(RolloutStage.SHADOW);
        assertThat(step(rollout, evidence(Verdict.INCONCLUSIVE, 312), 1, START + 20_000).reason())
                .isEqualTo("inconclusive after 312 pairs");
    }

    @Test
    void stalledLabelStreamHoldsWithoutAdvancingOrRollingBack() {
        Rollout rollout = advancedBy(1);
        long lastPair = START + MINUTE;
        Evidence better = evidence(Verdict.CHALLENGER_BETTER, 10 * MIN);
        // The stage has all the pairs it needs, but the last one is from the previous stage.
        assertThat(step(rollout, better, MIN - 1, lastPair + 1).kind())
                .isEqualTo(RolloutDecisionKind.HOLD);
        lastPair += 1;

        long stall = PLAN.stallTimeout().toMillis();
        RolloutDecision before = step(rollout, better, 0, lastPair + stall - 1);
        assertThat(rollout.stalled()).isFalse();
        assertThat(before.reason()).startsWith("no labelled pairs since ");

        long t = lastPair + stall;
        for (int i = 0; i < 10_000; i++) {
            RolloutDecision d = step(rollout, better, 0, t);
            assertThat(d.kind()).isEqualTo(RolloutDecisionKind.HOLD);
            assertThat(d.reason()).startsWith("stalled: no labelled pairs since 2023-11-14T");
            assertThat(rollout.stalled()).isTrue();
            t += MINUTE; // about a week in all
        }
        assertThat(rollout.stage()).isEqualTo(RolloutStage.CANARY);
        assertThat(rollout.canaryStep()).isZero();

        // Labels resume: the next valid pair unstalls it and the stage may advance.
        RolloutDecision resumed = step(rollout, better, 1, t);
        assertThat(rollout.stalled()).isFalse();
        assertThat(resumed.kind()).isEqualTo(RolloutDecisionKind.NEXT_STEP);
    }

    @Test
    void tooFewPairsInAStageHoldEvenWithABetterVerdict() {
        Rollout rollout = new Rollout(PLAN, START);
        Evidence better = evidence(Verdict.CHALLENGER_BETTER, 50 * MIN);

        RolloutDecision d = step(rollout, better, MIN - 1, START + 1);

        assertThat(d.kind()).isEqualTo(RolloutDecisionKind.HOLD);
        assertThat(d.reason()).isEqualTo("only 999 of 1000 pairs judged in this stage");
        assertThat(rollout.stagePairs()).isEqualTo(MIN - 1);
        assertThat(step(rollout, better, 1, START + 2).kind())
                .isEqualTo(RolloutDecisionKind.START_CANARY);
        // The new stage counts from zero.
        assertThat(rollout.stagePairs()).isZero();
        assertThat(step(rollout, better, MIN - 1, START + 3).kind())
                .isEqualTo(RolloutDecisionKind.HOLD);
    }

    @Test
    void terminalStagesNeverChange() {
        Rollout promoted = advancedBy(4);
        Rollout rolledBack = new Rollout(PLAN, START);
        step(rolledBack, evidence(Verdict.CHALLENGER_WORSE, 10), 10, START + 1);

        for (Rollout rollout : List.of(promoted, rolledBack)) {
            RolloutStage stage = rollout.stage();
            double fraction = rollout.trafficFraction();
            for (Verdict verdict : Verdict.values()) {
                for (boolean finite : new boolean[] {true, false}) {
                    RolloutDecision d =
                            rollout.advance(
                                    evidence(verdict, 10 * MIN),
                                    MIN,
                                    MIN,
                                    0.4,
                                    0.9,
                                    finite,
                                    START + MINUTE * 100);
                    assertThat(d.kind()).isEqualTo(RolloutDecisionKind.HOLD);
                    assertThat(d.stageAfter()).isEqualTo(stage);
                    assertThat(d.reason()).startsWith("rollout is over");
                }
            }
            assertThat(rollout.stage()).isEqualTo(stage);
            assertThat(rollout.trafficFraction()).isEqualTo(fraction);
            assertThat(rollout.stalled()).isFalse();
        }
        assertThat(promoted.trafficFraction()).isEqualTo(1.0);
        assertThat(rolledBack.trafficFraction()).isZero();
    }

    @Test
    void planValidationNamesTheKeyValueAndExpectation() {
        Duration hour = Duration.ofHours(1);
        assertThatThrownBy(() -> new RolloutPlan(List.of(), 1, hour, 1.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("canarySteps: [] must hold at least one step");
        assertThatThrownBy(() -> new RolloutPlan(List.of(0.0, 0.5), 1, hour, 1.1))
                .hasMessage("canarySteps[0]: 0.0 must be in (0, 1)");
        assertThatThrownBy(() -> new RolloutPlan(List.of(0.5, 1.0), 1, hour, 1.1))
                .hasMessage("canarySteps[1]: 1.0 must be in (0, 1)");
        assertThatThrownBy(() -> new RolloutPlan(List.of(Double.NaN), 1, hour, 1.1))
                .hasMessage("canarySteps[0]: NaN must be in (0, 1)");
        assertThatThrownBy(() -> new RolloutPlan(List.of(0.25, 0.25), 1, hour, 1.1))
                .hasMessage("canarySteps[1]: 0.25 must be > canarySteps[0] 0.25");
        assertThatThrownBy(() -> new RolloutPlan(List.of(0.5, 0.25), 1, hour, 1.1))
                .hasMessage("canarySteps[1]: 0.25 must be > canarySteps[0] 0.5");
        assertThatThrownBy(() -> new RolloutPlan(List.of(0.5), 0, hour, 1.1))
                .hasMessage("minPairsPerStep: 0 must be >= 1");
        assertThatThrownBy(() -> new RolloutPlan(List.of(0.5), 1, Duration.ZERO, 1.1))
                .hasMessage("stallTimeout: PT0S must be positive");
        assertThatThrownBy(() -> new RolloutPlan(List.of(0.5), 1, hour.negated(), 1.1))
                .hasMessage("stallTimeout: PT-1H must be positive");
        assertThatThrownBy(() -> new RolloutPlan(List.of(0.5), 1, hour, 0.9))
                .hasMessage("maxLossRatio: 0.9 must be finite and >= 1");
        assertThatThrownBy(() -> new RolloutPlan(List.of(0.5), 1, hour, Double.NaN))
                .hasMessage("maxLossRatio: NaN must be finite and >= 1");
        assertThatThrownBy(() -> new RolloutPlan(List.of(0.5), 1, hour, Double.POSITIVE_INFINITY))
                .hasMessage("maxLossRatio: Infinity must be finite and >= 1");
        assertThatThrownBy(() -> new RolloutPlan(List.of(0.5), 1, null, 1.1))
                .isInstanceOf(NullPointerException.class);

        RolloutPlan plan = RolloutPlan.defaults();
        assertThat(plan.canarySteps()).containsExactly(0.05, 0.25, 0.5);
        assertThat(plan.minPairsPerStep()).isEqualTo(1_000);
        assertThat(plan.stallTimeout()).isEqualTo(hour);
        assertThat(plan.maxLossRatio()).isEqualTo(1.1);
        assertThatThrownBy(() -> new Rollout(PLAN, START).advance(null, -1, 0, 0, 0, true, 0))
                .hasMessage("newPairs -1 must be >= 0");
    }

    @Test
    void restoredMidCanaryContinuesIdentically() throws IOException {
        Rollout original = advancedBy(2);
        step(original, evidence(Verdict.INCONCLUSIVE, 2 * MIN + 400), 400, START + MINUTE * 3);
        Rollout restored = Rollout.read(input(bytes(original)), PLAN);

        assertThat(restored.stage()).isEqualTo(RolloutStage.CANARY);
        assertThat(restored.canaryStep()).isEqualTo(1);
        assertThat(restored.stagePairs()).isEqualTo(400);
        assertThat(restored.trafficFraction()).isEqualTo(0.25);
        assertThat(bytes(restored)).isEqualTo(bytes(original));

        Random random = new Random(11);
        long t = START + MINUTE * 4;
        Verdict[] verdicts = {Verdict.INCONCLUSIVE, Verdict.CHALLENGER_BETTER};
        for (int i = 0; i < 200; i++) {
            t += random.nextInt(2) == 0 ? 1 : PLAN.stallTimeout().toMillis();
            Evidence e = evidence(verdicts[random.nextInt(2)], 3 * MIN + i);
            long pairs = random.nextInt(3) == 0 ? 0 : random.nextInt(300);
            assertThat(step(restored, e, pairs, t)).isEqualTo(step(original, e, pairs, t));
            assertThat(restored.stalled()).isEqualTo(original.stalled());
        }
        assertThat(original.stage()).isEqualTo(RolloutStage.PROMOTED);
        assertThat(restored.stage()).isEqualTo(RolloutStage.PROMOTED);
    }

    @Test
    void readRejectsUnknownVersionsAndStepsThePlanLacks() throws IOException {
        byte[] canary = bytes(advancedBy(3));
        byte[] wrongVersion = canary.clone();
        wrongVersion[3] = 9;
        assertThatThrownBy(() -> Rollout.read(input(wrongVersion), PLAN))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format version 9");
        RolloutPlan shorter = new RolloutPlan(List.of(0.1, 0.5), MIN, Duration.ofHours(1), 1.1);
        assertThatThrownBy(() -> Rollout.read(input(canary), shorter))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("canary step 2");
    }

    private static byte[] bytes(Rollout rollout) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        rollout.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
