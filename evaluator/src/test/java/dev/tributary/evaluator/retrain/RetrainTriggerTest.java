package dev.tributary.evaluator.retrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.config.RetrainPolicy.Action;
import dev.tributary.core.config.RetrainPolicy.Degradation;
import dev.tributary.core.config.RetrainPolicy.Direction;
import dev.tributary.core.config.RetrainPolicy.Threshold;
import dev.tributary.evaluator.retrain.RetrainDecision.Cause;
import dev.tributary.evaluator.retrain.RetrainDecision.Suppression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetrainTriggerTest {

    private static final long START = 1_700_000_000_000L;
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;

    /** Log loss above {@code value} for {@code n} windows; no cool-down, a large budget. */
    private static RetrainPolicy threshold(double value, int n, double hysteresis) {
        return new RetrainPolicy(
                "logloss",
                new Threshold(Direction.ABOVE, value, n),
                null,
                false,
                null,
                hysteresis,
                Duration.ZERO,
                1000,
                Action.WARM,
                10);
    }

    private static RetrainPolicy degradation(String metric, double fraction, int n) {
        return new RetrainPolicy(
                metric,
                null,
                new Degradation(fraction, n),
                false,
                null,
                0,
                Duration.ZERO,
                1000,
                Action.COLD,
                10);
    }

    private static RetrainPolicy drift(Duration coolDown, int budget) {
        return new RetrainPolicy(
                "logloss", null, null, true, null, 0, coolDown, budget, Action.REPLAY, 500);
    }

    private static RetrainPolicy schedule(Duration every) {
        return new RetrainPolicy(
                "logloss", null, null, false, every, 0, Duration.ZERO, 1000, Action.WARM, 10);
    }

    /** A window each minute from START on. */
    private static long at(int minute) {
        return START + minute * MINUTE;
    }

    private static void assertQuiet(RetrainDecision d) {
        assertThat(d.fire()).isFalse();
        assertThat(d.suppression()).isEqualTo(Suppression.NONE);
        assertThat(d.causes()).isEmpty();
        assertThat(d.action()).isNull();
    }

    @Test
    void thresholdFiresAfterNConsecutiveWindowsAndAGoodWindowEndsTheRun() {
        RetrainTrigger trigger = new RetrainTrigger(threshold(0.5, 3, 0), START);
        assertQuiet(trigger.onWindow(at(1), 0.6));
        assertQuiet(trigger.onWindow(at(2), 0.6));
        RetrainDecision good = trigger.onWindow(at(3), 0.5); // not strictly above: ends the run
        assertQuiet(good);
        assertThat(good.thresholdRun()).isZero();
        assertThat(good.reason()).isEqualTo("no trigger: logloss 0.5");
        assertQuiet(trigger.onWindow(at(4), 0.6));
        RetrainDecision two = trigger.onWindow(at(5), 0.6);
        assertQuiet(two);
        assertThat(two.thresholdRun()).isEqualTo(2);

        RetrainDecision fire = trigger.onWindow(at(6), 0.75);
        assertThat(fire.fire()).isTrue();
        assertThat(fire.causes()).containsExactly(Cause.THRESHOLD);
        assertThat(fire.action()).isEqualTo(Action.WARM);
        assertThat(fire.thresholdRun()).isEqualTo(3);
        assertThat(fire.metricValue()).isEqualTo(0.75);
        assertThat(fire.eventTime()).isEqualTo(at(6));
        assertThat(fire.suppressedUntil()).isEqualTo(Long.MIN_VALUE);
        assertThat(fire.reason())
                .isEqualTo("retrain (warm): logloss 0.75 > 0.5 for 3 consecutive windows");
        assertThat(trigger.lastRetrainTime()).isEqualTo(at(6));
        assertThat(trigger.thresholdArmed()).isFalse();
    }

    @Test
    void belowThresholdCountsWindowsUnderTheValue() {
        RetrainPolicy policy =
                new RetrainPolicy(
                        "auc",
                        new Threshold(Direction.BELOW, 0.75, 2),
                        null,
                        false,
                        null,
                        0,
                        Duration.ZERO,
                        10,
                        Action.WARM,
                        10);
        RetrainTrigger trigger = new RetrainTrigger(policy, START);
        assertQuiet(trigger.onWindow(at(1), 0.7));
        RetrainDecision fire = trigger.onWindow(at(2), 0.5);
        assertThat(fire.fire()).isTrue();
        assertThat(fire.reason())
                .isEqualTo("retrain (warm): auc 0.5 < 0.75 for 2 consecutive windows");
    }

    @Test
    void afterFiringTheThresholdReArmsOnlyPastTheHysteresis() {
        RetrainTrigger trigger = new RetrainTrigger(threshold(0.5, 1, 0.125), START);
        assertThat(trigger.onWindow(at(1), 0.625).fire()).isTrue();

        RetrainDecision held = trigger.onWindow(at(2), 0.625);
        assertThat(held.fire()).isFalse();
        assertThat(held.suppression()).isEqualTo(Suppression.HYSTERESIS);
        assertThat(held.causes()).containsExactly(Cause.THRESHOLD);
        assertThat(held.suppressedUntil()).isEqualTo(Long.MIN_VALUE);
        assertThat(held.reason())
                .isEqualTo(
                        "suppressed by hysteresis: threshold not re-armed: logloss 0.625 > 0.5,"
                                + " re-arms at <= 0.375");

        // Back under the threshold but inside the band: quiet, still disarmed.
        assertQuiet(trigger.onWindow(at(3), 0.4));
        assertThat(trigger.thresholdArmed()).isFalse();
        assertThat(trigger.onWindow(at(4), 0.625).suppression()).isEqualTo(Suppression.HYSTERESIS);
        // Exactly at threshold - hysteresis: re-armed.
        assertQuiet(trigger.onWindow(at(5), 0.375));
        assertThat(trigger.thresholdArmed()).isTrue();
        RetrainDecision again = trigger.onWindow(at(6), 0.625);
        assertThat(again.fire()).isTrue();
        assertThat(again.thresholdRun()).isEqualTo(1);
    }

    @Test
    void withoutHysteresisAnyWindowNotBeyondReArms() {
        RetrainTrigger trigger = new RetrainTrigger(threshold(0.5, 1, 0), START);
        assertThat(trigger.onWindow(at(1), 0.6).fire()).isTrue();
        assertThat(trigger.onWindow(at(2), 0.6).suppression()).isEqualTo(Suppression.HYSTERESIS);
        assertQuiet(trigger.onWindow(at(3), 0.5));
        assertThat(trigger.onWindow(at(4), 0.6).fire()).isTrue();
    }

    @Test
    void degradationComparesWithTheBaselineOfTheFirstFiniteWindow() {
        // AUC: lower is worse; baseline 0.5, bound 0.5 x (1 - 0.25) = 0.375.
        RetrainTrigger trigger = new RetrainTrigger(degradation("auc", 0.25, 2), START);
        RetrainDecision nan = trigger.onWindow(at(1), Double.NaN);
        assertQuiet(nan);
        assertThat(nan.baseline()).isNaN();
        RetrainDecision first = trigger.onWindow(at(2), 0.5);
        assertQuiet(first);
        assertThat(first.baseline()).isEqualTo(0.5);
        assertThat(first.degradationBound()).isEqualTo(0.375);
        assertThat(first.reason()).isEqualTo("no trigger: baseline taken: auc 0.5");

        assertQuiet(trigger.onWindow(at(3), 0.375)); // at the bound: not degraded
        assertThat(trigger.onWindow(at(4), 0.25).degradationRun()).isEqualTo(1);
        RetrainDecision fire = trigger.onWindow(at(5), 0.25);
        assertThat(fire.fire()).isTrue();
        assertThat(fire.causes()).containsExactly(Cause.DEGRADATION);
        assertThat(fire.action()).isEqualTo(Action.COLD);
        assertThat(fire.degradationRun()).isEqualTo(2);
        assertThat(fire.reason())
                .isEqualTo(
                        "retrain (cold): auc 0.25 < 0.375 (baseline 0.5 x (1 - 0.25)) for 2"
                                + " consecutive windows");

        // A new champion: the next finite window is the new baseline, not judged.
        trigger.onNewChampion(at(6));
        assertThat(trigger.baseline()).isNaN();
        assertThat(trigger.degradationArmed()).isTrue();
        RetrainDecision rebased = trigger.onWindow(at(7), 0.25);
        assertQuiet(rebased);
        assertThat(rebased.baseline()).isEqualTo(0.25);
        assertQuiet(trigger.onWindow(at(8), 0.25));
    }

    @Test
    void degradationOnAHigherIsWorseMetric() {
        // Log loss: baseline 0.5, bound 0.5 x 1.5 = 0.75; an infinite window is no baseline.
        RetrainTrigger trigger = new RetrainTrigger(degradation("logloss", 0.5, 1), START);
        assertQuiet(trigger.onWindow(at(1), Double.POSITIVE_INFINITY));
        assertQuiet(trigger.onWindow(at(2), 0.5));
        assertQuiet(trigger.onWindow(at(3), 0.75));
        RetrainDecision fire = trigger.onWindow(at(4), Double.POSITIVE_INFINITY);
        assertThat(fire.fire()).isTrue();
        assertThat(fire.baseline()).isEqualTo(0.5);
        assertThat(fire.degradationBound()).isEqualTo(0.75);
    }

    @Test
    void driftFiresWhenOnAndIsIgnoredWhenOff() {
        RetrainTrigger on = new RetrainTrigger(drift(Duration.ZERO, 10), START);
        RetrainDecision fire = on.onDrift(at(3));
        assertThat(fire.fire()).isTrue();
        assertThat(fire.causes()).containsExactly(Cause.DRIFT);
        assertThat(fire.action()).isEqualTo(Action.REPLAY);
        assertThat(fire.driftTime()).isEqualTo(at(3));
        assertThat(fire.metricValue()).isNaN();
        assertThat(fire.reason())
                .isEqualTo("retrain (replay): drift detected at 2023-11-14T22:16:20Z");

        RetrainTrigger off = new RetrainTrigger(threshold(0.5, 1, 0), START);
        RetrainDecision ignored = off.onDrift(at(3));
        assertQuiet(ignored);
        assertThat(ignored.reason())
                .isEqualTo(
                        "no trigger: drift detected at 2023-11-14T22:16:20Z; the drift trigger"
                                + " is off");
        assertThat(off.lastRetrainTime()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void scheduleFiresAtMostOncePerPeriodCountedFromTheLastRetrain() {
        RetrainTrigger trigger = new RetrainTrigger(schedule(Duration.ofHours(1)), START);
        assertQuiet(trigger.onWindow(START + 59 * MINUTE, 0.3));
        RetrainDecision due = trigger.onWindow(START + HOUR, 0.3);
        assertThat(due.fire()).isTrue();
        assertThat(due.causes()).containsExactly(Cause.SCHEDULE);
        assertThat(due.reason())
                .isEqualTo("retrain (warm): schedule due at 2023-11-14T23:13:20Z (every PT1H)");
        assertQuiet(trigger.onWindow(START + HOUR + MINUTE, 0.3));

        // Windows that skip several periods fire once, and the period restarts there.
        assertThat(trigger.onWindow(START + 5 * HOUR, Double.NaN).fire()).isTrue();
        assertQuiet(trigger.onWindow(START + 5 * HOUR + 30 * MINUTE, 0.3));
        assertThat(trigger.onWindow(START + 6 * HOUR, 0.3).fire()).isTrue();

        // A retrain started otherwise restarts the period too.
        trigger.onRetrainStarted(START + 6 * HOUR + 30 * MINUTE);
        assertQuiet(trigger.onWindow(START + 7 * HOUR, 0.3));
        assertThat(trigger.onWindow(START + 7 * HOUR + 30 * MINUTE, 0.3).fire()).isTrue();
    }

    @Test
    void coolDownSuppressesAndReportsUntilWhen() {
        RetrainTrigger trigger = new RetrainTrigger(drift(Duration.ofMinutes(15), 10), START);
        assertThat(trigger.onDrift(at(0)).fire()).isTrue();
        RetrainDecision cooling = trigger.onDrift(at(5));
        assertThat(cooling.fire()).isFalse();
        assertThat(cooling.suppressed()).isTrue();
        assertThat(cooling.suppression()).isEqualTo(Suppression.COOL_DOWN);
        assertThat(cooling.suppressedUntil()).isEqualTo(at(15));
        assertThat(cooling.causes()).containsExactly(Cause.DRIFT);
        assertThat(cooling.action()).isNull();
        assertThat(cooling.reason())
                .isEqualTo(
                        "suppressed by cool-down until 2023-11-14T22:28:20Z: drift detected at"
                                + " 2023-11-14T22:18:20Z");
        assertThat(trigger.lastRetrainTime()).isEqualTo(at(0));
        assertThat(trigger.onDrift(at(14)).suppression()).isEqualTo(Suppression.COOL_DOWN);
        assertThat(trigger.onDrift(at(15)).fire()).isTrue();
    }

    @Test
    void aLevelTriggerHeldBackByTheCoolDownKeepsItsRunAndFiresAfterIt() {
        RetrainPolicy policy =
                new RetrainPolicy(
                        "logloss",
                        new Threshold(Direction.ABOVE, 0.5, 2),
                        null,
                        true,
                        null,
                        0,
                        Duration.ofMinutes(15),
                        10,
                        Action.WARM,
                        10);
        RetrainTrigger trigger = new RetrainTrigger(policy, START);
        assertThat(trigger.onDrift(at(0)).fire()).isTrue();
        assertQuiet(trigger.onWindow(at(5), 0.75));
        RetrainDecision held = trigger.onWindow(at(10), 0.75);
        assertThat(held.suppression()).isEqualTo(Suppression.COOL_DOWN);
        assertThat(held.causes()).containsExactly(Cause.THRESHOLD);
        assertThat(held.thresholdRun()).isEqualTo(2);
        assertThat(trigger.thresholdArmed()).isTrue();
        RetrainDecision fire = trigger.onWindow(at(15), 0.75);
        assertThat(fire.fire()).isTrue();
        assertThat(fire.thresholdRun()).isEqualTo(3);
    }

    @Test
    void budgetAllowsKRetrainsPerRollingHour() {
        RetrainTrigger trigger = new RetrainTrigger(drift(Duration.ZERO, 2), START);
        assertThat(trigger.onDrift(at(0)).fire()).isTrue();
        assertThat(trigger.onDrift(at(10)).fire()).isTrue();
        RetrainDecision spent = trigger.onDrift(at(20));
        assertThat(spent.fire()).isFalse();
        assertThat(spent.suppression()).isEqualTo(Suppression.BUDGET);
        assertThat(spent.suppressedUntil()).isEqualTo(at(60));
        assertThat(spent.reason())
                .isEqualTo(
                        "suppressed by budget: 2 retrains per hour spent until"
                                + " 2023-11-14T23:13:20Z: drift detected at 2023-11-14T22:33:20Z");
        assertThat(trigger.onDrift(at(59)).suppressedUntil()).isEqualTo(at(60));
        // The retrain at minute 0 leaves the rolling hour at minute 60.
        assertThat(trigger.onDrift(at(60)).fire()).isTrue();
        RetrainDecision next = trigger.onDrift(at(65));
        assertThat(next.suppression()).isEqualTo(Suppression.BUDGET);
        assertThat(next.suppressedUntil()).isEqualTo(at(70));
    }

    @Test
    void aSuppressedScheduleStaysDueAndFiresOnceAllowed() {
        RetrainPolicy policy =
                new RetrainPolicy(
                        "logloss",
                        null,
                        null,
                        true,
                        Duration.ofMinutes(30),
                        0,
                        Duration.ofMinutes(20),
                        1,
                        Action.WARM,
                        10);
        RetrainTrigger trigger = new RetrainTrigger(policy, START);
        assertThat(trigger.onDrift(at(25)).fire()).isTrue();
        assertQuiet(trigger.onWindow(at(50), 0.3)); // due at minute 55 now
        RetrainDecision held = trigger.onWindow(at(60), 0.3);
        assertThat(held.suppression()).isEqualTo(Suppression.BUDGET);
        assertThat(held.causes()).containsExactly(Cause.SCHEDULE);
        assertThat(held.suppressedUntil()).isEqualTo(at(85));
        assertThat(trigger.onWindow(at(85), 0.3).fire()).isTrue();
    }

    @Test
    void nanWindowsNeverFireBreakRunsAndDoNotReArm() {
        RetrainTrigger trigger = new RetrainTrigger(threshold(0.5, 2, 0), START);
        assertQuiet(trigger.onWindow(at(1), 0.75));
        RetrainDecision nan = trigger.onWindow(at(2), Double.NaN);
        assertQuiet(nan);
        assertThat(nan.thresholdRun()).isZero();
        assertThat(nan.reason()).isEqualTo("no trigger: logloss NaN: consecutive runs broken");
        assertQuiet(trigger.onWindow(at(3), 0.75));
        assertThat(trigger.onWindow(at(4), 0.75).fire()).isTrue();

        for (int i = 5; i < 50; i++) {
            assertQuiet(trigger.onWindow(at(i), Double.NaN));
        }
        assertThat(trigger.thresholdArmed()).isFalse();

        RetrainTrigger single = new RetrainTrigger(threshold(0.5, 1, 0), START);
        for (int i = 1; i < 50; i++) {
            assertQuiet(single.onWindow(at(i), Double.NaN));
        }
    }

    @Test
    void eventTimeGoingBackwardsReadsAsTheLatest() {
        RetrainTrigger trigger = new RetrainTrigger(drift(Duration.ofMinutes(15), 10), START);
        assertThat(trigger.onDrift(at(10)).fire()).isTrue();
        RetrainDecision late = trigger.onDrift(at(2));
        assertThat(late.eventTime()).isEqualTo(at(10));
        assertThat(late.suppressedUntil()).isEqualTo(at(25));
    }

    @Test
    void aRestoredTriggerContinuesIdentically() throws IOException {
        RetrainPolicy policy =
                new RetrainPolicy(
                        "logloss",
                        new Threshold(Direction.ABOVE, 0.6, 2),
                        new Degradation(0.2, 2),
                        true,
                        Duration.ofMinutes(45),
                        0.05,
                        Duration.ofMinutes(5),
                        3,
                        Action.WARM,
                        10);
        Random random = new Random(42);
        RetrainTrigger original = new RetrainTrigger(policy, START);
        for (int i = 1; i <= 200; i++) {
            step(original, random, i);
        }
        RetrainTrigger restored = RetrainTrigger.read(input(bytes(original)), policy);
        EnumSet<Cause> fired = EnumSet.noneOf(Cause.class);
        EnumSet<Suppression> suppressions = EnumSet.noneOf(Suppression.class);
        assertThat(bytes(restored)).isEqualTo(bytes(original));
        for (int i = 201; i <= 600; i++) {
            long seed = random.nextLong();
            RetrainDecision a = step(original, new Random(seed), i);
            RetrainDecision b = step(restored, new Random(seed), i);
            assertThat(b).isEqualTo(a);
            if (a.fire()) {
                fired.addAll(a.causes());
            }
            suppressions.add(a.suppression());
        }
        // The continuation went through every rule, so the comparison covers them all.
        assertThat(fired).containsExactlyInAnyOrder(Cause.values());
        assertThat(suppressions).containsExactlyInAnyOrder(Suppression.values());
        assertThat(bytes(restored)).isEqualTo(bytes(original));
    }

    /** One minute of a noisy stream: a window, sometimes NaN, a drift or a new champion. */
    private static RetrainDecision step(RetrainTrigger trigger, Random random, int minute) {
        int dice = random.nextInt(40);
        if (dice == 0) {
            return trigger.onDrift(at(minute));
        }
        if (dice == 1) {
            trigger.onNewChampion(at(minute));
        }
        double value = dice == 2 ? Double.NaN : 0.4 + 0.4 * random.nextDouble();
        return trigger.onWindow(at(minute), value);
    }

    @Test
    void readRejectsAnotherVersionAndCorruptState() throws IOException {
        RetrainPolicy policy = drift(Duration.ZERO, 2);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        new DataOutputStream(buffer).writeInt(2);
        assertThatThrownBy(() -> RetrainTrigger.read(input(buffer.toByteArray()), policy))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "cannot read retrain trigger format version 2: this build reads version"
                                + " 1");

        RetrainTrigger trigger = new RetrainTrigger(policy, START);
        trigger.onDrift(at(5));
        byte[] good = bytes(trigger);
        byte[] retrainAfterLatest = good.clone();
        // The retrain time is the last long: make it later than the latest event time.
        retrainAfterLatest[retrainAfterLatest.length - 1]++;
        assertThatThrownBy(() -> RetrainTrigger.read(input(retrainAfterLatest), policy))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("corrupt retrain trigger state: retrain at ");
    }

    @Test
    void aSmallerBudgetKeepsTheLatestRetrains() throws IOException {
        RetrainTrigger wide = new RetrainTrigger(drift(Duration.ZERO, 3), START);
        wide.onDrift(at(0));
        wide.onDrift(at(10));
        wide.onDrift(at(20));
        RetrainTrigger narrow = RetrainTrigger.read(input(bytes(wide)), drift(Duration.ZERO, 1));
        RetrainDecision d = narrow.onDrift(at(30));
        assertThat(d.suppression()).isEqualTo(Suppression.BUDGET);
        assertThat(d.suppressedUntil()).isEqualTo(at(80));
        assertThat(d.causes()).isEqualTo(Set.of(Cause.DRIFT));
    }

    private static byte[] bytes(RetrainTrigger trigger) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        trigger.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
