package dev.tributary.evaluator.retrain;

import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.evaluator.retrain.RetrainDecision.Cause;
import dev.tributary.evaluator.retrain.RetrainDecision.Suppression;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Applies a {@link RetrainPolicy} to one champion, in event time: fed once per full evaluation
 * window with the champion's windowed metric ({@link #onWindow}) and with each drift a detector
 * signals ({@link #onDrift}), it says each time whether to start a challenger, and why.
 *
 * <p>The rules:
 *
 * <ul>
 *   <li>A level trigger (threshold, degradation) wants to fire once its consecutive run of windows
 *       strictly beyond its bound reaches the policy's {@code consecutiveWindows}. A window not
 *       beyond the bound ends the run. A NaN window counts toward nothing and ends the run too (a
 *       window that cannot be judged breaks "consecutive"), and it neither re-arms a trigger nor
 *       becomes the baseline. An infinite metric is a value like any other, beyond every finite
 *       bound on its side, but never a baseline.
 *   <li>The baseline of the degradation trigger is the metric of the first window with a finite
 *       metric after the trigger's creation or {@link #onNewChampion}; that window is not judged.
 *   <li>After it fires, a level trigger is disarmed until a window's metric comes back past its
 *       bound by the policy's hysteresis; meanwhile its windows beyond the bound are reported as
 *       suppressed by {@link Suppression#HYSTERESIS} and count toward no run.
 *   <li>The schedule is due once the policy's period has passed since the start or the last retrain
 *       of any cause, so it fires at most once per period; a drift fires on the call that reports
 *       it; both only when their trigger is on.
 *   <li>Whatever wants to fire is held back, and reported as suppressed, while the last retrain is
 *       less than the cool-down ago ({@link Suppression#COOL_DOWN}, checked first), or while the
 *       rolling hour before now already holds the budget's retrains ({@link Suppression#BUDGET}),
 *       with the event time until which the rule holds. A held-back level trigger keeps its run and
 *       a held-back schedule stays due, so they fire on the first allowed window where their
 *       condition still holds; a held-back drift is dropped.
 *   <li>A firing is recorded as a retrain at its event time: it starts the cool-down, spends the
 *       budget, restarts the schedule and disarms the level triggers that fired.
 * </ul>
 *
 * <p>Only event times count, never the wall clock; an event time earlier than the latest seen is
 * read as the latest. Whether a challenger may start at all (one already in rollout, say) is the
 * caller's business. Deterministic; not thread-safe.
 */
public final class RetrainTrigger {

    private static final int FORMAT_VERSION = 1;
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final int MAX_STORED_RETRAINS = 1 << 20;

    private final RetrainPolicy policy;
    private final long coolDownMillis;
    private final long scheduleMillis;
    private final Level threshold = new Level();
    private final Level degradation = new Level();

    /** The event times of the last retrains, oldest first, at most the hourly budget of them. */
    private final ArrayDeque<Long> retrains = new ArrayDeque<>();

    private long lastEventTime;
    private long scheduleFrom;
    private double baseline = Double.NaN;

    /**
     * A trigger with no retrain so far and no baseline.
     *
     * @param policy the policy to apply
     * @param startTime the event time it starts at, in epoch milliseconds: the schedule counts from
     *     it until the first retrain
     */
    public RetrainTrigger(RetrainPolicy policy, long startTime) {
        if (policy == null) {
            throw new NullPointerException("policy");
        }
        this.policy = policy;
        this.coolDownMillis = policy.coolDown().toMillis();
        this.scheduleMillis = policy.schedule() == null ? 0 : policy.schedule().toMillis();
        this.lastEventTime = startTime;
        this.scheduleFrom = startTime;
    }

    /**
     * Judges one full evaluation window of the champion (see the class comment for the rules).
     *
     * @param eventTime the event time at the window's end, in epoch milliseconds
     * @param metricValue the champion's metric named by the policy over the window, NaN where it
     *     could not be computed
     * @return the decision, already applied
     */
    public RetrainDecision onWindow(long eventTime, double metricValue) {
        long now = advance(eventTime);
        EnumSet<Cause> wanting = EnumSet.noneOf(Cause.class);
        List<String> facts = new ArrayList<>();
        EnumSet<Cause> heldCauses = EnumSet.noneOf(Cause.class);
        List<String> held = new ArrayList<>();
        String metric = policy.metric();
        if (Double.isNaN(metricValue)) {
            facts.add(metric + " NaN: consecutive runs broken");
        }

        RetrainPolicy.Threshold t = policy.threshold();
        int thresholdRun = 0;
        if (t != null) {
            boolean higherIsWorse = t.direction() == RetrainPolicy.Direction.ABOVE;
            int state =
                    threshold.observe(
                            metricValue,
                            t.value(),
                            higherIsWorse,
                            policy.hysteresis(),
                            t.consecutiveWindows());
            thresholdRun = threshold.run;
            String beyond = metric + " " + metricValue + sign(higherIsWorse) + t.value();
            if (state == Level.WANTS) {
                wanting.add(Cause.THRESHOLD);
                facts.add(beyond + " for " + thresholdRun + " consecutive windows");
            } else if (state == Level.HELD) {
                heldCauses.add(Cause.THRESHOLD);
                held.add("threshold not re-armed: " + beyond + rearm(t.value(), higherIsWorse));
            }
        }

        RetrainPolicy.Degradation d = policy.degradation();
        int degradationRun = 0;
        if (d != null) {
            boolean higherIsWorse = policy.higherIsWorse();
            if (Double.isNaN(baseline)) {
                if (Double.isFinite(metricValue)) {
                    baseline = metricValue;
                    facts.add("baseline taken: " + metric + " " + baseline);
                }
            } else {
                double bound = degradationBound();
                int state =
                        degradation.observe(
                                metricValue,
                                bound,
                                higherIsWorse,
                                policy.hysteresis(),
                                d.consecutiveWindows());
                degradationRun = degradation.run;
                String beyond =
                        metric
                                + " "
                                + metricValue
                                + sign(higherIsWorse)
                                + bound
                                + " (baseline "
                                + baseline
                                + (higherIsWorse ? " x (1 + " : " x (1 - ")
                                + d.fraction()
                                + "))";
                if (state == Level.WANTS) {
                    wanting.add(Cause.DEGRADATION);
                    facts.add(beyond + " for " + degradationRun + " consecutive windows");
                } else if (state == Level.HELD) {
                    heldCauses.add(Cause.DEGRADATION);
                    held.add("degradation not re-armed: " + beyond + rearm(bound, higherIsWorse));
                }
            }
        }

        if (scheduleMillis > 0) {
            long due = saturatedAdd(scheduleFrom, scheduleMillis);
            if (now >= due) {
                wanting.add(Cause.SCHEDULE);
                facts.add("schedule due at " + instant(due) + " (every " + policy.schedule() + ")");
            }
        }

        if (wanting.isEmpty() && !held.isEmpty()) {
            facts.addAll(held);
            return decision(
                    now,
                    false,
                    heldCauses,
                    Suppression.HYSTERESIS,
                    Long.MIN_VALUE,
                    metricValue,
                    thresholdRun,
                    degradationRun,
                    Long.MIN_VALUE,
                    "suppressed by hysteresis",
                    facts);
        }
        if (wanting.isEmpty() && facts.isEmpty()) {
            facts.add(metric + " " + metricValue);
        }
        return resolve(
                now, wanting, metricValue, thresholdRun, degradationRun, Long.MIN_VALUE, facts);
    }

    /**
     * Reports a drift detected on the champion: it fires when the policy's drift trigger is on and
     * neither the cool-down nor the budget holds it back; a held-back drift is not remembered.
     *
     * @param eventTime the event time of the detection, in epoch milliseconds
     * @return the decision, already applied
     */
    public RetrainDecision onDrift(long eventTime) {
        long now = advance(eventTime);
        int thresholdRun = policy.threshold() == null ? 0 : threshold.run;
        int degradationRun = policy.degradation() == null ? 0 : degradation.run;
        List<String> facts = new ArrayList<>();
        facts.add("drift detected at " + instant(now));
        if (!policy.drift()) {
            facts.add("the drift trigger is off");
            return resolve(
                    now,
                    EnumSet.noneOf(Cause.class),
                    Double.NaN,
                    thresholdRun,
                    degradationRun,
                    now,
                    facts);
        }
        return resolve(
                now, EnumSet.of(Cause.DRIFT), Double.NaN, thresholdRun, degradationRun, now, facts);
    }

    /**
     * Records a retrain started other than by this trigger's firing (by an operator's command,
     * say): it starts the cool-down, spends the budget and restarts the schedule. Not to be called
     * for a firing decision, which is already recorded.
     *
     * @param eventTime the event time it started at, in epoch milliseconds
     */
    public void onRetrainStarted(long eventTime) {
        record(advance(eventTime));
    }

    /**
     * Starts judging a new champion: forgets the baseline (the next finite window's metric becomes
     * it) and the level triggers' runs, and re-arms them. The cool-down, budget and schedule carry
     * on.
     *
     * @param eventTime the event time of the promotion, in epoch milliseconds
     */
    public void onNewChampion(long eventTime) {
        advance(eventTime);
        baseline = Double.NaN;
        threshold.reset();
        degradation.reset();
    }

    private RetrainDecision resolve(
            long now,
            EnumSet<Cause> wanting,
            double metricValue,
            int thresholdRun,
            int degradationRun,
            long driftTime,
            List<String> facts) {
        if (wanting.isEmpty()) {
            return decision(
                    now,
                    false,
                    wanting,
                    Suppression.NONE,
                    Long.MIN_VALUE,
                    metricValue,
                    thresholdRun,
                    degradationRun,
                    driftTime,
                    "no trigger",
                    facts);
        }
        if (!retrains.isEmpty()) {
            long coolUntil = saturatedAdd(retrains.peekLast(), coolDownMillis);
            if (now < coolUntil) {
                return decision(
                        now,
                        false,
                        wanting,
                        Suppression.COOL_DOWN,
                        coolUntil,
                        metricValue,
                        thresholdRun,
                        degradationRun,
                        driftTime,
                        "suppressed by cool-down until " + instant(coolUntil),
                        facts);
            }
            if (retrains.size() >= policy.maxRetrainsPerHour()) {
                long budgetUntil = saturatedAdd(retrains.peekFirst(), HOUR_MILLIS);
                if (now < budgetUntil) {
                    return decision(
                            now,
                            false,
                            wanting,
                            Suppression.BUDGET,
                            budgetUntil,
                            metricValue,
                            thresholdRun,
                            degradationRun,
                            driftTime,
                            "suppressed by budget: "
                                    + policy.maxRetrainsPerHour()
                                    + " retrains per hour spent until "
                                    + instant(budgetUntil),
                            facts);
                }
            }
        }
        record(now);
        if (wanting.contains(Cause.THRESHOLD)) {
            threshold.disarm();
        }
        if (wanting.contains(Cause.DEGRADATION)) {
            degradation.disarm();
        }
        return decision(
                now,
                true,
                wanting,
                Suppression.NONE,
                Long.MIN_VALUE,
                metricValue,
                thresholdRun,
                degradationRun,
                driftTime,
                "retrain (" + policy.action().name().toLowerCase(Locale.ROOT) + ")",
                facts);
    }

    private RetrainDecision decision(
            long now,
            boolean fire,
            EnumSet<Cause> causes,
            Suppression suppression,
            long suppressedUntil,
            double metricValue,
            int thresholdRun,
            int degradationRun,
            long driftTime,
            String verdict,
            List<String> facts) {
        return new RetrainDecision(
                now,
                fire,
                causes,
                suppression,
                suppressedUntil,
                fire ? policy.action() : null,
                metricValue,
                thresholdRun,
                baseline(),
                degradationBound(),
                degradationRun,
                driftTime,
                facts.isEmpty() ? verdict : verdict + ": " + String.join("; ", facts));
    }

    private void record(long now) {
        retrains.addLast(now);
        while (retrains.size() > policy.maxRetrainsPerHour()) {
            retrains.removeFirst();
        }
        scheduleFrom = now;
    }

    private long advance(long eventTime) {
        lastEventTime = Math.max(lastEventTime, eventTime);
        return lastEventTime;
    }

    private String rearm(double bound, boolean higherIsWorse) {
        double h = policy.hysteresis();
        return higherIsWorse ? ", re-arms at <= " + (bound - h) : ", re-arms at >= " + (bound + h);
    }

    private static String sign(boolean higherIsWorse) {
        return higherIsWorse ? " > " : " < ";
    }

    private static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }

    /** The policy this trigger applies. */
    public RetrainPolicy policy() {
        return policy;
    }

    /** The champion's baseline, {@code NaN} before it is taken or when degradation is off. */
    public double baseline() {
        return policy.degradation() == null ? Double.NaN : baseline;
    }

    /**
     * The metric value beyond which a window is degraded, {@code NaN} before the baseline or when
     * degradation is off.
     */
    public double degradationBound() {
        RetrainPolicy.Degradation d = policy.degradation();
        if (d == null || Double.isNaN(baseline)) {
            return Double.NaN;
        }
        return policy.higherIsWorse()
                ? baseline * (1 + d.fraction())
                : baseline * (1 - d.fraction());
    }

    /** Whether the threshold trigger is armed (always, when it is off). */
    public boolean thresholdArmed() {
        return threshold.armed;
    }

    /** Whether the degradation trigger is armed (always, when it is off). */
    public boolean degradationArmed() {
        return degradation.armed;
    }

    /** The event time of the last retrain, {@link Long#MIN_VALUE} before any. */
    public long lastRetrainTime() {
        return retrains.isEmpty() ? Long.MIN_VALUE : retrains.peekLast();
    }

    /**
     * Writes the format version (int, 1), the latest event time and the schedule's start (longs),
     * the baseline (double, NaN while unset), the threshold's and the degradation's run (int) and
     * armed flag (boolean), then the number of retrain times kept (int) and each (long), oldest
     * first. The policy is not written: it comes from the configuration when reading.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(lastEventTime);
        out.writeLong(scheduleFrom);
        out.writeDouble(baseline);
        out.writeInt(threshold.run);
        out.writeBoolean(threshold.armed);
        out.writeInt(degradation.run);
        out.writeBoolean(degradation.armed);
        out.writeInt(retrains.size());
        for (long time : retrains) {
            out.writeLong(time);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote into a trigger applying the given policy; with the same
     * policy it continues exactly as the written one would. State of a trigger the policy has since
     * turned off is dropped, and if its budget is now smaller only the latest retrains are kept.
     *
     * @throws IOException on an unknown format version or inconsistent data
     */
    public static RetrainTrigger read(DataInput in, RetrainPolicy policy) throws IOException {
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "cannot read retrain trigger format version "
                            + version
                            + ": this build reads version "
                            + FORMAT_VERSION);
        }
        long lastEventTime = in.readLong();
        long scheduleFrom = in.readLong();
        double baseline = in.readDouble();
        int thresholdRun = in.readInt();
        boolean thresholdArmed = in.readBoolean();
        int degradationRun = in.readInt();
        boolean degradationArmed = in.readBoolean();
        int count = in.readInt();
        if (scheduleFrom > lastEventTime
                || thresholdRun < 0
                || degradationRun < 0
                || Double.isInfinite(baseline)
                || count < 0
                || count > MAX_STORED_RETRAINS) {
            throw new IOException(
                    "corrupt retrain trigger state: schedule from "
                            + scheduleFrom
                            + ", latest event time "
                            + lastEventTime
                            + ", runs "
                            + thresholdRun
                            + " and "
                            + degradationRun
                            + ", baseline "
                            + baseline
                            + ", "
                            + count
                            + " retrains");
        }
        RetrainTrigger trigger = new RetrainTrigger(policy, scheduleFrom);
        trigger.lastEventTime = lastEventTime;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < count; i++) {
            long time = in.readLong();
            if (time < previous || time > lastEventTime) {
                throw new IOException(
                        "corrupt retrain trigger state: retrain at "
                                + time
                                + " after "
                                + previous
                                + " or after the latest event time "
                                + lastEventTime);
            }
            previous = time;
            trigger.retrains.addLast(time);
        }
        while (trigger.retrains.size() > policy.maxRetrainsPerHour()) {
            trigger.retrains.removeFirst();
        }
        if (policy.threshold() != null) {
            trigger.threshold.run = thresholdRun;
            trigger.threshold.armed = thresholdArmed;
        }
        if (policy.degradation() != null) {
            trigger.baseline = baseline;
            trigger.degradation.run = degradationRun;
            trigger.degradation.armed = degradationArmed;
        }
        return trigger;
    }

    /**
     * The state of a level trigger: its run of windows beyond the bound, and whether it is armed.
     */
    private static final class Level {
        static final int QUIET = 0;
        static final int WANTS = 1;
        static final int HELD = 2;

        int run;
        boolean armed = true;

        /** Judges one window; returns QUIET, WANTS (armed, run long enough) or HELD (disarmed). */
        int observe(
                double value, double bound, boolean higherIsWorse, double hysteresis, int needed) {
            if (Double.isNaN(value)) {
                run = 0;
                return QUIET;
            }
            boolean beyond = higherIsWorse ? value > bound : value < bound;
            if (!armed) {
                run = 0;
                if (higherIsWorse ? value <= bound - hysteresis : value >= bound + hysteresis) {
                    armed = true;
                    return QUIET;
                }
                return beyond ? HELD : QUIET;
            }
            run = beyond ? (run == Integer.MAX_VALUE ? run : run + 1) : 0;
            return run >= needed ? WANTS : QUIET;
        }

        void disarm() {
            armed = false;
            run = 0;
        }

        void reset() {
            armed = true;
            run = 0;
        }
    }
}
