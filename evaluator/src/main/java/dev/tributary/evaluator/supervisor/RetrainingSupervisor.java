package dev.tributary.evaluator.supervisor;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.RetrainConfig;
import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.config.RolloutPlan;
import dev.tributary.core.config.SliceConfig;
import dev.tributary.core.config.Task;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.core.supervision.FeatureStability;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.Supervisor;
import dev.tributary.evaluator.drift.FeatureDrift;
import dev.tributary.evaluator.prequential.WindowMetrics;
import dev.tributary.evaluator.retrain.RetrainDecision;
import dev.tributary.evaluator.retrain.RetrainTrigger;
import dev.tributary.evaluator.rollout.Evidence;
import dev.tributary.evaluator.rollout.Rollout;
import dev.tributary.evaluator.rollout.RolloutDecision;
import dev.tributary.evaluator.rollout.RolloutDecisionKind;
import dev.tributary.evaluator.rollout.RolloutStage;
import dev.tributary.evaluator.rollout.SequentialComparison;
import dev.tributary.evaluator.rollout.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The supervisor of an experiment with automatic retraining ({@link ExperimentConfig#retrains()}):
 * it judges every model prequentially and publishes on a schedule exactly as {@link
 * PrequentialSupervisor} does, and it also owns the models' roles. It starts challengers when the
 * retraining policy says so, rolls them out step by step on the evidence of the labelled stream,
 * promotes or rolls them back, and answers manual commands.
 *
 * <p>The roles. The <b>champion</b> (at first the configured one) serves all traffic not given to a
 * canary. The other configured models are <b>shadows</b>: judged and published beside it, never
 * rolled out. A retrain starts one <b>challenger</b> per template ({@link
 * RetrainConfig#challengers()}, or the champion's own template when there are none), named {@code
 * <template>-r<n>} with {@code n} the experiment's retrain count; each has its own {@link Rollout}
 * from shadow through the canary steps to promotion, judged by a {@link SequentialComparison} of
 * the per-example losses of champion and challenger on the same examples ({@link ExampleLoss}), and
 * a guardrail over the last {@code minPairsPerStep} of those pairs. Observations of any other model
 * are ignored: the supervisor, not the caller, says which models are active.
 *
 * <p>Per labelled example, {@link #decide} returns, in this order:
 *
 * <ol>
 *   <li>{@code ROLLBACK} of the champion if its prediction was not finite (action {@code REPLAY}
 *       when the policy's action is {@code REPLAY}, else {@code COLD}); its metrics, baseline and
 *       drift detector start over;
 *   <li>what the rollouts decide, evaluated every {@value #EVALUATE_EVERY} examples, at each end of
 *       the champion's evaluation window, and at once for a challenger whose prediction was not
 *       finite: {@code CANARY} (a step, with its traffic), {@code PROMOTE} (the old champion is
 *       dropped, the other challengers rolled back), {@code ROLLBACK} (the challenger is dropped);
 *       a hold is not logged. A stage that has judged {@value #PATIENCE} times {@code
 *       minPairsPerStep} pairs and is still inconclusive is given up with a {@code ROLLBACK}: the
 *       challenger is no better by a margin the comparison can see, and while it is in rollout no
 *       retrain can start (a stage without new pairs is stalled, and is never given up);
 *   <li>{@code DRIFT} when the detector watching the champion's per-example error signals that it
 *       rose ({@link ChampionDrift}), saying whether the {@link RetrainTrigger} started a retrain
 *       or why not;
 *   <li>{@code RETRAIN}, one per template, when the trigger fires (on that drift, or at the end of
 *       the champion's evaluation window, where it reads the policy's windowed metric);
 *   <li>{@code PUBLISH} of every active model on the experiment's schedule, as {@link
 *       PrequentialSupervisor} does, except a model promoted by this call (its promotion publishes
 *       it).
 * </ol>
 *
 * <p>While a challenger is in rollout or the experiment is paused, the trigger is not fed at all:
 * its firing would record a retrain that cannot start, spending the cool-down and the budget. So no
 * retrain starts then, and a suppressed firing appears in the log only as the reason of a {@code
 * DRIFT}. Paused, no rollout advances either; rollbacks for safety (non-finite parameters, a
 * challenger proven worse, a breached guardrail) still happen. A non-finite prediction is never
 * recorded in any metric, and makes the pair invalid evidence, which never advances a rollout.
 *
 * <p>{@link #evaluations()} lists the champion first, then the other models in the order first
 * observed, each with the arm of its role. State is written as format 5 (see {@link #writeTo}); the
 * same calls give the same decisions and the same bytes. Not thread-safe.
 */
public final class RetrainingSupervisor implements Supervisor {

    /**
     * The format version of {@link #writeTo}; formats 1, 3 and 4 are {@link
     * PrequentialSupervisor}'s.
     */
    static final int FORMAT_VERSION = 5;

    /** The format before slices: still read, slices then start afresh. */
    static final int FORMAT_VERSION_WITHOUT_SLICES = 2;

    /** Rollouts are evaluated every this many labelled examples (and at window ends). */
    static final int EVALUATE_EVERY = 100;

    /**
     * An inconclusive stage is given up after this many times {@code minPairsPerStep} pairs. With
     * the defaults (1,000 pairs) that is 10,000 pairs, after which the comparison can no longer see
     * a difference of about 0.02 nats per example: too little to hold every retrain back for.
     */
    static final int PATIENCE = 10;

    private static final String NAME = "RetrainingSupervisor";

    private final ExperimentConfig experiment;
    private final RetrainConfig retrain;
    private final RolloutPlan plan;
    private final Task task;
    private final int classes;
    private final int window;

    /** The active models, champion first, then in the order they became active. */
    private final List<ActiveModel> members = new ArrayList<>();

    private final Map<String, ActiveModel> byId = new HashMap<>();

    /** The challengers in rollout, in the order started: also the canaries' routing order. */
    private final List<Challenger> challengers = new ArrayList<>();

    private ChampionDrift drift;
    // The input's population stability, or null when not watched.
    private FeatureDrift featureDrift;
    private RetrainTrigger trigger;
    private String championId;
    private String championTemplate;
    private long examples;
    private long lastEventTime = Long.MIN_VALUE;
    private long retrains;
    private boolean paused;
    private long championWindowExamples;

    /**
     * The example count decisions carry: {@link #examples} in {@link #decide}, the caller's count
     * in {@link #command}. Not part of the state.
     */
    private long stamp;

    /** The decisions of one call, reused so that a call deciding nothing allocates nothing. */
    private final List<Decision> scratch = new ArrayList<>();

    /**
     * A supervisor for an experiment that has seen nothing yet: the configured champion and
     * shadows, no challenger.
     *
     * @throws IllegalArgumentException if the experiment does not retrain, its evaluation window or
     *     its rollout's {@code min-pairs-per-step} is out of range, or the policy's metric is not
     *     defined for its task
     */
    public RetrainingSupervisor(ExperimentConfig experiment) {
        this.experiment = Objects.requireNonNull(experiment, "experiment");
        if (!experiment.retrains()) {
            throw new IllegalArgumentException(
                    "experiments["
                            + experiment.name()
                            + "].retrain: absent; a RetrainingSupervisor needs it");
        }
        this.retrain = experiment.retrain();
        this.plan = retrain.rollout();
        this.task = experiment.task();
        this.classes = experiment.classes();
        this.window = experiment.evaluation().window();
        this.featureDrift = PrequentialSupervisor.freshFeatureDrift(experiment);
        if (window < 1 || window > WindowMetrics.MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "experiments["
                            + experiment.name()
                            + "].evaluation.window: "
                            + window
                            + " must be in 1.."
                            + WindowMetrics.MAX_CAPACITY);
        }
        if (plan.minPairsPerStep() > GuardrailWindow.MAX_CAPACITY) {
            throw new IllegalArgumentException(
                    "experiments["
                            + experiment.name()
                            + "].retrain.rollout.min-pairs-per-step: "
                            + plan.minPairsPerStep()
                            + " must be <= "
                            + GuardrailWindow.MAX_CAPACITY
                            + " (the guardrail keeps that many pairs per challenger)");
        }
        checkMetric(experiment, retrain.policy().metric(), task);
        this.drift = new ChampionDrift(retrain.drift().detector());
        this.championId = experiment.champion().id();
        this.championTemplate = championId;
        addModel(championId);
        addConfiguredShadows();
    }

    private static void checkMetric(ExperimentConfig experiment, String metric, Task task) {
        List<String> defined;
        switch (task) {
            case BINARY:
                defined = List.of("logloss", "accuracy", "auc");
                break;
            case MULTICLASS:
                defined = List.of("logloss", "accuracy");
                break;
            default:
                defined = List.of("rmse", "mae");
        }
        if (!defined.contains(metric)) {
            throw new IllegalArgumentException(
                    "experiments["
                            + experiment.name()
                            + "].retrain.policy.metric: "
                            + metric
                            + " is not defined for a "
                            + task.yamlName()
                            + " experiment; expected one of "
                            + String.join(", ", defined));
        }
    }

    /** Makes every configured model other than the champion a shadow, unless it is one already. */
    private void addConfiguredShadows() {
        List<ModelConfig> models = experiment.models();
        for (int i = 1; i < models.size(); i++) {
            String id = models.get(i).id();
            if (!byId.containsKey(id)) {
                addModel(id);
            }
        }
    }

    private ActiveModel addModel(String id) {
        ActiveModel member = new ActiveModel(id);
        members.add(member);
        byId.put(id, member);
        return member;
    }

    private void removeModel(ActiveModel member) {
        members.remove(member);
        byId.remove(member.id);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A model that is not active (not the champion, a shadow or a challenger in rollout) is
     * ignored. A prediction holding a non-finite value is recorded nowhere; from the champion or a
     * challenger it leads to a {@code ROLLBACK} of the model at the next {@link #decide} (a
     * shadow's parameters are the learner's business: it is never rolled out).
     *
     * @throws IllegalArgumentException if a finite prediction does not fit the experiment's task
     *     (wrong length, a probability out of {@code [0, 1]}), or the label or weight is invalid;
     *     nothing is recorded then
     */
    @Override
    public void observe(ModelRef model, LabelledExample example, double[] prediction) {
        ActiveModel member = byId.get(model.modelId());
        if (member == null) {
            return;
        }
        if (!ExampleLoss.finite(prediction)) {
            member.observed = true;
            member.nonFinite = true;
            return;
        }
        if (member.metrics == null) {
            ModelMetrics fresh =
                    ModelMetrics.fresh(
                            member.id,
                            model.version(),
                            armOf(member),
                            task,
                            classes,
                            window,
                            experiment.evaluation().slices());
            // Validate before registering, so that a bad first example leaves no trace.
            fresh.observe(example, prediction);
            member.metrics = fresh;
        } else {
            member.metrics.observe(example, prediction);
        }
        member.observed = true;
        member.nonFinite = false;
        member.loss = ExampleLoss.loss(task, prediction, example.label());
        member.error = ExampleLoss.error(task, prediction, example.label());
    }

    @Override
    public List<Decision> decide(LabelledExample example) {
        if (!experiment.name().equals(example.experiment())) {
            throw new IllegalArgumentException(
                    "example "
                            + example.id()
                            + " belongs to experiment "
                            + example.experiment()
                            + ", not "
                            + experiment.name());
        }
        examples++;
        stamp = examples;
        if (featureDrift != null) {
            featureDrift.observe(example.features().dense());
        }
        long eventTime = example.eventTime();
        long now = advanceTime(eventTime);
        List<Decision> decisions = scratch;
        decisions.clear();
        ActiveModel champion = byId.get(championId);

        boolean championReplaced = false;
        boolean windowEnd = false;
        if (champion.nonFinite) {
            decisions.add(rollBackChampion(champion, eventTime, now));
            championReplaced = true;
        } else if (champion.observed && ++championWindowExamples >= window) {
            windowEnd = true;
            championWindowExamples = 0;
        }

        pairUp(champion);
        String promoted = evaluateRollouts(eventTime, now, windowEnd, decisions);

        if (promoted == null && !championReplaced && champion.observed) {
            RetrainDecision fired = null;
            int change = drift.update(champion.error);
            if (change == ChampionDrift.WORSE) {
                fired = onDrift(champion, eventTime, now, decisions);
            } else if (change == ChampionDrift.BETTER) {
                // The error fell: nothing to retrain for, and nothing worth a log entry.
                drift.afterDrift();
            }
            if (fired == null && windowEnd && mayRetrain()) {
                double value = metric(champion.metrics.window.metrics());
                RetrainDecision decision = trigger.onWindow(now, value);
                if (decision.fire()) {
                    fired = decision;
                }
            }
            if (fired != null) {
                startChallengers(
                        eventTime, now, causes(fired) + ": " + fired.reason(), fired, decisions);
            }
        }

        long every = experiment.publishEveryExamples();
        // Indexed loops here and below: an iterator per call would be the hot path's only garbage.
        for (int m = 0; m < members.size(); m++) {
            ActiveModel member = members.get(m);
            if (member.metrics == null) {
                continue;
            }
            long since = ++member.metrics.examplesSinceVersion;
            if (every > 0 && since % every == 0 && !member.id.equals(promoted)) {
                decisions.add(
                        new Decision(
                                experiment.name(),
                                DecisionKind.PUBLISH,
                                member.id,
                                eventTime,
                                stamp,
                                since + " examples since " + member.metrics.versionName()));
            }
        }
        for (int m = 0; m < members.size(); m++) {
            members.get(m).clearRound();
        }
        List<Decision> made = decisions.isEmpty() ? List.of() : List.copyOf(decisions);
        decisions.clear();
        return made;
    }

    /** Feeds every challenger the pair of losses of this example, when both models scored it. */
    private void pairUp(ActiveModel champion) {
        if (!champion.observed) {
            return;
        }
        double championLoss = champion.nonFinite ? Double.NaN : champion.loss;
        for (int c = 0; c < challengers.size(); c++) {
            Challenger challenger = challengers.get(c);
            ActiveModel member = challenger.model;
            if (!member.observed) {
                continue;
            }
            double challengerLoss = member.nonFinite ? Double.NaN : member.loss;
            challenger.pair(championLoss, challengerLoss);
        }
    }

    /**
     * Evaluates the rollouts due now and carries out what they decide.
     *
     * @return the id of a challenger promoted now, {@code null} for none
     */
    private String evaluateRollouts(
            long eventTime, long now, boolean windowEnd, List<Decision> decisions) {
        if (challengers.isEmpty()) {
            return null;
        }
        boolean due = windowEnd || examples % EVALUATE_EVERY == 0;
        for (Challenger challenger : List.copyOf(challengers)) {
            if (!challengers.contains(challenger)) {
                // Rolled back by another's promotion in this loop.
                continue;
            }
            boolean finite = !challenger.model.nonFinite;
            if (finite && !due) {
                continue;
            }
            if (paused && finite && !challenger.provenUnsafe()) {
                continue;
            }
            boolean freshPairs = challenger.pendingPairs() > 0;
            RolloutDecision decision = challenger.advance(finite, now);
            if (decision.kind() == RolloutDecisionKind.HOLD
                    && !paused
                    && freshPairs
                    && challenger.comparison.evidence().verdict() == Verdict.INCONCLUSIVE
                    && challenger.rollout.stagePairs() >= PATIENCE * plan.minPairsPerStep()) {
                rollBack(challenger, eventTime, inconclusive(challenger), decisions);
                continue;
            }
            switch (decision.kind()) {
                case START_CANARY:
                case NEXT_STEP:
                    decisions.add(
                            decision(
                                    DecisionKind.CANARY,
                                    challenger.model,
                                    eventTime,
                                    decision.reason(),
                                    "",
                                    decision.trafficFraction(),
                                    challenger.evidence()));
                    break;
                case PROMOTE:
                    promote(challenger, eventTime, now, decision.reason(), decisions);
                    return challenger.model.id;
                case ROLLBACK:
                    rollBack(challenger, eventTime, decision.reason(), decisions);
                    break;
                default:
                    break;
            }
        }
        return null;
    }

    private static String inconclusive(Challenger challenger) {
        Evidence evidence = challenger.comparison.evidence();
        return "inconclusive after "
                + challenger.rollout.stagePairs()
                + " pairs in this stage ("
                + evidence.pairs()
                + " in all): mean loss difference "
                + evidence.meanDifference()
                + " in ["
                + evidence.lower()
                + ", "
                + evidence.upper()
                + "], no proof the challenger is better";
    }

    /** Answers a drift of the champion; returns the trigger's firing, or {@code null}. */
    private RetrainDecision onDrift(
            ActiveModel champion, long eventTime, long now, List<Decision> decisions) {
        Map<String, Double> evidence = drift.evidence();
        String what =
                drift.name()
                        + " detected a rise of the champion's error, "
                        + evidence.get("observations").longValue()
                        + " examples after its last drift or reset (mean error "
                        + evidence.get("error_mean")
                        + (evidence.containsKey("dropped_mean")
                                ? ", "
                                        + evidence.get("dropped_mean")
                                        + " before the change and "
                                        + evidence.get("window_mean")
                                        + " since"
                                : "")
                        + ")";
        drift.afterDrift();
        RetrainDecision fired = null;
        String outcome;
        if (paused) {
            outcome = "no retrain: the experiment is paused";
        } else if (!challengers.isEmpty()) {
            outcome = "no retrain: " + inRollout() + " in rollout";
        } else {
            RetrainDecision decision = trigger.onDrift(now);
            if (decision.fire()) {
                fired = decision;
                outcome = "retrain started";
            } else {
                outcome = "no retrain: " + decision.reason();
            }
        }
        evidence.put("retrain", fired == null ? 0.0 : 1.0);
        decisions.add(
                decision(
                        DecisionKind.DRIFT,
                        champion,
                        eventTime,
                        what + "; " + outcome,
                        "",
                        Double.NaN,
                        evidence));
        return fired;
    }

    /** Whether the trigger may be fed: no challenger in rollout, not paused. */
    private boolean mayRetrain() {
        return !paused && challengers.isEmpty();
    }

    private String inRollout() {
        List<String> ids = new ArrayList<>(challengers.size());
        for (Challenger challenger : challengers) {
            ids.add(challenger.model.id);
        }
        return (ids.size() == 1 ? "challenger " : "challengers ") + String.join(", ", ids);
    }

    private static String causes(RetrainDecision decision) {
        List<String> names = new ArrayList<>();
        for (RetrainDecision.Cause cause : decision.causes()) {
            names.add(cause.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", names);
    }

    /** Starts one challenger per template, each in shadow with a fresh rollout. */
    private void startChallengers(
            long eventTime,
            long now,
            String reason,
            RetrainDecision fired,
            List<Decision> decisions) {
        List<String> templates = new ArrayList<>();
        if (retrain.challengers().isEmpty()) {
            templates.add(championTemplate);
        } else {
            for (ModelConfig template : retrain.challengers()) {
                templates.add(template.id());
            }
        }
        long n;
        do {
            n = ++retrains;
        } while (taken(templates, n));
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("metric", fired == null ? Double.NaN : fired.metricValue());
        evidence.put("baseline", trigger.baseline());
        evidence.put("degradation_bound", trigger.degradationBound());
        evidence.put("threshold_consecutive_windows", fired == null ? 0.0 : fired.thresholdRun());
        evidence.put(
                "degradation_consecutive_windows", fired == null ? 0.0 : fired.degradationRun());
        for (String template : templates) {
            ActiveModel member = addModel(template + "-r" + n);
            challengers.add(Challenger.start(member, template, plan, now));
            decisions.add(
                    new Decision(
                            experiment.name(),
                            DecisionKind.RETRAIN,
                            member.id,
                            0,
                            eventTime,
                            stamp,
                            reason,
                            template,
                            retrain.policy().action(),
                            0.0,
                            evidence));
        }
    }

    /** Whether a challenger of retrain {@code n} would take the id of a model that exists. */
    private boolean taken(List<String> templates, long n) {
        for (String template : templates) {
            String id = template + "-r" + n;
            if (byId.containsKey(id) || experiment.template(id) != null) {
                return true;
            }
        }
        return false;
    }

    /** Makes a challenger the champion; the old one is dropped, the other challengers too. */
    private void promote(
            Challenger challenger,
            long eventTime,
            long now,
            String reason,
            List<Decision> decisions) {
        ActiveModel old = byId.get(championId);
        decisions.add(
                decision(
                        DecisionKind.PROMOTE,
                        challenger.model,
                        eventTime,
                        reason,
                        old.id,
                        1.0,
                        challenger.evidence()));
        challengers.remove(challenger);
        removeModel(old);
        for (Challenger other : List.copyOf(challengers)) {
            rollBack(
                    other,
                    eventTime,
                    "another challenger was promoted: " + challenger.model.id,
                    decisions);
        }
        championId = challenger.model.id;
        championTemplate = challenger.template;
        // The champion leads the list, as an experiment's status expects.
        members.remove(challenger.model);
        members.add(0, challenger.model);
        championWindowExamples = 0;
        drift.reset();
        trigger.onNewChampion(now);
    }

    private void rollBack(
            Challenger challenger, long eventTime, String reason, List<Decision> decisions) {
        decisions.add(
                decision(
                        DecisionKind.ROLLBACK,
                        challenger.model,
                        eventTime,
                        reason,
                        "",
                        0.0,
                        challenger.evidence()));
        challengers.remove(challenger);
        removeModel(challenger.model);
    }

    /** The champion's parameters are no longer finite: they start again, and so does its record. */
    private Decision rollBackChampion(ActiveModel champion, long eventTime, long now) {
        RetrainPolicy.Action action =
                retrain.policy().action() == RetrainPolicy.Action.REPLAY
                        ? RetrainPolicy.Action.REPLAY
                        : RetrainPolicy.Action.COLD;
        // What the champion's record held when it was given up: its last measurements.
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put(
                "examples_since_start",
                champion.metrics == null ? 0.0 : (double) champion.metrics.sinceStart.examples());
        evidence.put(
                "metric",
                champion.metrics == null ? Double.NaN : metric(champion.metrics.window.metrics()));
        Decision decision =
                new Decision(
                        experiment.name(),
                        DecisionKind.ROLLBACK,
                        champion.id,
                        champion.version(),
                        eventTime,
                        stamp,
                        "champion parameters are not finite",
                        "",
                        action,
                        Double.NaN,
                        evidence);
        if (champion.metrics != null) {
            champion.metrics.resetMeasurements(task, classes);
        }
        championWindowExamples = 0;
        drift.reset();
        trigger.onNewChampion(now);
        return decision;
    }

    private Decision decision(
            DecisionKind kind,
            ActiveModel member,
            long eventTime,
            String reason,
            String source,
            double traffic,
            Map<String, Double> evidence) {
        return new Decision(
                experiment.name(),
                kind,
                member.id,
                member.version(),
                eventTime,
                stamp,
                reason,
                source,
                null,
                traffic,
                evidence);
    }

    private double metric(Metrics metrics) {
        switch (retrain.policy().metric()) {
            case "logloss":
                return metrics.logLoss();
            case "accuracy":
                return metrics.accuracy();
            case "auc":
                return metrics.auc();
            case "rmse":
                return metrics.rmse();
            default:
                return metrics.mae();
        }
    }

    private long advanceTime(long eventTime) {
        lastEventTime = Math.max(lastEventTime, eventTime);
        if (trigger == null) {
            // The schedule counts from the first event time the experiment sees.
            trigger = new RetrainTrigger(retrain.policy(), lastEventTime);
        }
        return lastEventTime;
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code PROMOTE} and {@code ROLLBACK} concern the named challenger, or the only one in
     * rollout when none is named; a promotion skips the remaining canary steps. {@code PAUSE} holds
     * retrains and rollout steps (not safety rollbacks) until {@code RESUME}. {@code RETRAIN}
     * starts challengers now, whatever the cool-down and budget (which it then spends), unless a
     * challenger is in rollout or the experiment is paused. Each command carried out is logged by
     * the decisions it leads to, with the reason {@code manual command <id> by <issuer>}.
     */
    @Override
    public List<Decision> command(ControlCommand command, long eventTime, long examplesSeen) {
        if (!experiment.name().equals(command.experiment())) {
            return List.of(
                    reject(
                            command,
                            eventTime,
                            examplesSeen,
                            "it is for experiment "
                                    + command.experiment()
                                    + ", not "
                                    + experiment.name()));
        }
        long now = advanceTime(eventTime);
        stamp = examplesSeen;
        String reason = "manual command " + command.id() + " by " + command.issuedBy();
        List<Decision> decisions = new ArrayList<>();
        switch (command.kind()) {
            case PAUSE:
                if (paused) {
                    return List.of(reject(command, eventTime, examplesSeen, "already paused"));
                }
                paused = true;
                decisions.add(logged(DecisionKind.PAUSE, command, eventTime, examplesSeen, reason));
                break;
            case RESUME:
                if (!paused) {
                    return List.of(reject(command, eventTime, examplesSeen, "not paused"));
                }
                paused = false;
                decisions.add(
                        logged(DecisionKind.RESUME, command, eventTime, examplesSeen, reason));
                break;
            case RETRAIN:
                if (paused) {
                    return List.of(
                            reject(
                                    command,
                                    eventTime,
                                    examplesSeen,
                                    "the experiment is paused; resume it first"));
                }
                if (!challengers.isEmpty()) {
                    return List.of(
                            reject(
                                    command,
                                    eventTime,
                                    examplesSeen,
                                    inRollout()
                                            + " already in rollout; promote or roll back first"));
                }
                trigger.onRetrainStarted(now);
                startChallengers(eventTime, now, reason, null, decisions);
                break;
            default:
                String why = challengerProblem(command);
                if (why != null) {
                    return List.of(reject(command, eventTime, examplesSeen, why));
                }
                Challenger challenger = challengerOf(command);
                if (command.kind() == ControlCommand.Kind.PROMOTE) {
                    promote(challenger, eventTime, now, reason, decisions);
                } else {
                    rollBack(challenger, eventTime, reason, decisions);
                }
        }
        return List.copyOf(decisions);
    }

    /** Why a promote or rollback command names no challenger it can act on; null if it does. */
    private String challengerProblem(ControlCommand command) {
        Challenger challenger = challengerOf(command);
        if (challenger != null) {
            return command.kind() == ControlCommand.Kind.PROMOTE && challenger.model.metrics == null
                    ? challenger.model.id
                            + " has not predicted anything yet; nothing to promote it on"
                    : null;
        }
        String id = command.modelId();
        if (id.isEmpty()) {
            return challengers.isEmpty()
                    ? "no challenger is in rollout"
                    : inRollout() + " are in rollout; name one";
        }
        if (id.equals(championId)) {
            return id + " is the champion; expected a challenger in rollout";
        }
        if (byId.containsKey(id)) {
            return id + " is a shadow, never rolled out; expected a challenger in rollout";
        }
        return "no model "
                + id
                + " is in rollout"
                + (challengers.isEmpty() ? "" : " (" + inRollout() + " is)");
    }

    private Challenger challengerOf(ControlCommand command) {
        String id = command.modelId();
        if (id.isEmpty()) {
            return challengers.size() == 1 ? challengers.get(0) : null;
        }
        for (Challenger challenger : challengers) {
            if (challenger.model.id.equals(id)) {
                return challenger;
            }
        }
        return null;
    }

    private Decision logged(
            DecisionKind kind,
            ControlCommand command,
            long eventTime,
            long examplesSeen,
            String reason) {
        return new Decision(
                experiment.name(),
                kind,
                command.modelId(),
                0,
                eventTime,
                examplesSeen,
                reason,
                "",
                null,
                Double.NaN,
                null);
    }

    private Decision reject(ControlCommand command, long eventTime, long examplesSeen, String why) {
        return new Decision(
                experiment.name(),
                DecisionKind.REJECT,
                command.modelId(),
                0,
                eventTime,
                examplesSeen,
                command.kind().commandName()
                        + " (command "
                        + command.id()
                        + " by "
                        + command.issuedBy()
                        + ") rejected: "
                        + why,
                "",
                null,
                Double.NaN,
                null);
    }

    /** The champion and every canary with its share, in the order the challengers started. */
    @Override
    public TrafficSplit traffic() {
        List<String> canaries = new ArrayList<>();
        List<Double> fractions = new ArrayList<>();
        for (Challenger challenger : challengers) {
            if (challenger.rollout.stage() == RolloutStage.CANARY) {
                canaries.add(challenger.model.id);
                fractions.add(challenger.rollout.trafficFraction());
            }
        }
        double[] shares = new double[fractions.size()];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = fractions.get(i);
        }
        return new TrafficSplit(championId, canaries.toArray(new String[0]), shares);
    }

    @Override
    public void published(String modelId, long version) {
        ActiveModel member = byId.get(modelId);
        if (member != null && member.metrics != null) {
            member.metrics.published(version, experiment.name());
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The champion first, then the other active models in the order they became active, each
     * with the arm of its role now. Costs as {@link PrequentialSupervisor#evaluations()}.
     */
    @Override
    public FeatureStability[] featureDrift() {
        return featureDrift == null ? new FeatureStability[0] : featureDrift.stabilities();
    }

    @Override
    public List<ModelEvaluation> evaluations() {
        List<ModelEvaluation> evaluations = new ArrayList<>(members.size());
        for (ActiveModel member : members) {
            if (member.metrics != null) {
                member.metrics.arm = armOf(member);
                evaluations.add(member.metrics.evaluation());
            }
        }
        return List.copyOf(evaluations);
    }

    private Arm armOf(ActiveModel member) {
        if (member.id.equals(championId)) {
            return Arm.CHAMPION;
        }
        for (Challenger challenger : challengers) {
            if (challenger.model == member) {
                return challenger.rollout.stage() == RolloutStage.CANARY ? Arm.CANARY : Arm.SHADOW;
            }
        }
        return Arm.SHADOW;
    }

    /** Number of labelled examples of the experiment seen by {@link #decide}. */
    public long examples() {
        return examples;
    }

    /** The current champion's model id. */
    public String championId() {
        return championId;
    }

    /** Whether automatic decisions are paused by a command. */
    public boolean paused() {
        return paused;
    }

    /**
     * Writes format version 5: the experiment name, the example count, the number of active models
     * and each (id, whether it has metrics, then its metrics as in format 1 followed by its faded
     * metrics and its slices; format 2 had no slices), champion first; then the feature drift (not
     * in format 2); then, length-prefixed so that a reader without retraining can skip it, the
     * roles and the decision state: latest event time, champion id and template, retrain count,
     * pause, examples into the champion's window, the drift detector, the retrain trigger (if
     * created), and every challenger (id, template, pairs since its last evaluation, rollout,
     * comparison, guardrail window).
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeUTF(experiment.name());
        out.writeLong(examples);
        out.writeInt(members.size());
        for (ActiveModel member : members) {
            out.writeUTF(member.id);
            out.writeBoolean(member.metrics != null);
            if (member.metrics != null) {
                member.metrics.arm = armOf(member);
                member.metrics.writeTo(out);
                member.metrics.writeFadedTo(out);
                member.metrics.writeSlicesTo(out);
            }
        }
        PrequentialSupervisor.writeFeatureDrift(featureDrift, out);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        DataOutputStream section = new DataOutputStream(bytes);
        section.writeLong(lastEventTime);
        section.writeUTF(championId);
        section.writeUTF(championTemplate);
        section.writeLong(retrains);
        section.writeBoolean(paused);
        section.writeLong(championWindowExamples);
        drift.writeTo(section);
        section.writeBoolean(trigger != null);
        if (trigger != null) {
            trigger.writeTo(section);
        }
        section.writeInt(challengers.size());
        for (Challenger challenger : challengers) {
            challenger.writeTo(section);
        }
        section.flush();
        out.writeInt(bytes.size());
        out.write(bytes.toByteArray());
    }

    /**
     * Reads format 2 or 5 after its version number, which the caller has read, into a supervisor
     * for an experiment that retrains.
     *
     * @throws IOException on state of another experiment or inconsistent data
     */
    static RetrainingSupervisor readBody(ExperimentConfig experiment, DataInput in, int version)
            throws IOException {
        RetrainingSupervisor supervisor = new RetrainingSupervisor(experiment);
        Body body = Body.read(experiment, in, version);
        supervisor.examples = body.examples;
        supervisor.featureDrift = body.featureDrift;
        supervisor.members.clear();
        supervisor.byId.clear();
        for (int i = 0; i < body.ids.size(); i++) {
            ActiveModel member = supervisor.addModel(body.ids.get(i));
            member.metrics = body.metrics.get(i);
        }
        DataInput section = new DataInputStream(new ByteArrayInputStream(body.section));
        supervisor.lastEventTime = section.readLong();
        supervisor.championId = section.readUTF();
        supervisor.championTemplate = section.readUTF();
        supervisor.retrains = section.readLong();
        supervisor.paused = section.readBoolean();
        supervisor.championWindowExamples = section.readLong();
        supervisor.drift = ChampionDrift.read(section, supervisor.retrain.drift().detector());
        if (section.readBoolean()) {
            supervisor.trigger = RetrainTrigger.read(section, supervisor.retrain.policy());
        }
        ActiveModel champion = supervisor.byId.get(supervisor.championId);
        if (champion == null
                || supervisor.members.get(0) != champion
                || supervisor.retrains < 0
                || supervisor.championWindowExamples < 0) {
            throw corrupt(
                    "champion "
                            + supervisor.championId
                            + " among models "
                            + body.ids
                            + ", "
                            + supervisor.retrains
                            + " retrains, "
                            + supervisor.championWindowExamples
                            + " examples into the window");
        }
        int count = section.readInt();
        if (count < 0 || count > body.ids.size()) {
            throw corrupt(count + " challengers among " + body.ids.size() + " models");
        }
        for (int i = 0; i < count; i++) {
            String id = Challenger.readId(section);
            ActiveModel member = supervisor.byId.get(id);
            if (member == null || member == champion || supervisor.challengerOf(member) != null) {
                throw corrupt("challenger " + id + " among models " + body.ids);
            }
            Challenger challenger = Challenger.read(section, member, supervisor.plan);
            supervisor.challengers.add(challenger);
        }
        // Shadows follow the configuration now: one removed since is dropped, one added joins.
        for (ActiveModel member : List.copyOf(supervisor.members)) {
            if (member != champion
                    && supervisor.challengerOf(member) == null
                    && !supervisor.configuredShadow(member.id)) {
                supervisor.removeModel(member);
            }
        }
        supervisor.addConfiguredShadows();
        return supervisor;
    }

    private Challenger challengerOf(ActiveModel member) {
        for (Challenger challenger : challengers) {
            if (challenger.model == member) {
                return challenger;
            }
        }
        return null;
    }

    private boolean configuredShadow(String id) {
        List<ModelConfig> models = experiment.models();
        for (int i = 1; i < models.size(); i++) {
            if (models.get(i).id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads format 2 or 5 after its version number into a {@link PrequentialSupervisor}, for an
     * experiment restored with retraining turned off: the models keep their metrics, the roles and
     * rollouts are dropped.
     */
    static PrequentialSupervisor readAsPrequential(
            ExperimentConfig experiment, DataInput in, int version) throws IOException {
        Body body = Body.read(experiment, in, version);
        List<ModelMetrics> metrics = new ArrayList<>();
        for (ModelMetrics model : body.metrics) {
            if (model != null) {
                metrics.add(model);
            }
        }
        return PrequentialSupervisor.of(experiment, body.examples, metrics, body.featureDrift);
    }

    /**
     * A supervisor continuing from format 1 state (an experiment restored with retraining turned
     * on): the configured models keep their metrics and publication counts, roles start as
     * configured.
     */
    static RetrainingSupervisor upgrade(ExperimentConfig experiment, PrequentialSupervisor old) {
        RetrainingSupervisor supervisor = new RetrainingSupervisor(experiment);
        supervisor.examples = old.examples();
        supervisor.featureDrift = old.featureDriftState();
        for (ModelMetrics metrics : old.models()) {
            ActiveModel member = supervisor.byId.get(metrics.modelId);
            if (member != null) {
                member.metrics = metrics;
                metrics.arm = supervisor.armOf(member);
            }
        }
        return supervisor;
    }

    private static IOException corrupt(String what) {
        return new IOException("corrupt " + NAME + " state: " + what);
    }

    /**
     * The part of formats 2 and 5 any reader reads: the models' metrics, and the section as bytes.
     */
    private static final class Body {
        long examples;
        final List<String> ids = new ArrayList<>();
        final List<ModelMetrics> metrics = new ArrayList<>();
        FeatureDrift featureDrift;
        byte[] section;

        static Body read(ExperimentConfig experiment, DataInput in, int version)
                throws IOException {
            int window = experiment.evaluation().window();
            SliceConfig slices = experiment.evaluation().slices();
            Body body = new Body();
            String name = in.readUTF();
            if (!name.equals(experiment.name())) {
                throw new IOException(
                        "supervisor state of experiment "
                                + name
                                + " cannot be restored into experiment "
                                + experiment.name());
            }
            body.examples = in.readLong();
            int count = in.readInt();
            if (body.examples < 0 || count < 1) {
                throw corrupt(body.examples + " examples, " + count + " models");
            }
            for (int i = 0; i < count; i++) {
                String id = in.readUTF();
                if (body.ids.contains(id)) {
                    throw corrupt("model " + id + " twice");
                }
                ModelMetrics metrics = null;
                if (in.readBoolean()) {
                    metrics =
                            ModelMetrics.read(
                                    in,
                                    experiment.task(),
                                    experiment.classes(),
                                    window,
                                    slices,
                                    experiment.name(),
                                    NAME);
                    if (!metrics.modelId.equals(id)) {
                        throw corrupt("metrics of " + metrics.modelId + " under model " + id);
                    }
                    metrics.readFaded(in, experiment.name());
                    if (version != FORMAT_VERSION_WITHOUT_SLICES) {
                        metrics.readSlices(in, slices, experiment.name());
                    }
                }
                body.ids.add(id);
                body.metrics.add(metrics);
            }
            body.featureDrift =
                    version == FORMAT_VERSION_WITHOUT_SLICES
                            ? PrequentialSupervisor.freshFeatureDrift(experiment)
                            : PrequentialSupervisor.readFeatureDrift(experiment, in);
            int length = in.readInt();
            if (length < 0) {
                throw corrupt("a section of " + length + " bytes");
            }
            body.section = new byte[length];
            in.readFully(body.section);
            return body;
        }
    }
}
