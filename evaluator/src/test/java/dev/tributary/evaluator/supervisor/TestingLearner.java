package dev.tributary.evaluator.supervisor;

import dev.tributary.core.config.DriftConfig;
import dev.tributary.core.config.EvaluationConfig;
import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.config.RetrainConfig;
import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.config.RolloutPlan;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.Supervisor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Drives a supervisor the way the training operator does, with synthetic binary models instead of
 * trained ones: per labelled example every active model predicts, observes, then the supervisor
 * decides and the decisions are carried out (a RETRAIN adds a model, a PROMOTE drops the old
 * champion, a ROLLBACK drops a challenger, a PUBLISH bumps a version).
 *
 * <p>A synthetic model is only an error rate, given by {@link Quality} per model and example: on
 * each example it is right with probability {@code 1 - error}, and gives the true class a
 * probability in {@code [0.55, 0.95)} when right, {@code [0.05, 0.45)} when wrong. Labels and each
 * model's draws come from their own seeded streams, so a run is the same every time, and the same
 * whether or not the supervisor was restored in between.
 */
final class TestingLearner {

    static final String EXPERIMENT = "checkout";
    static final String CHAMPION = "champion";
    static final long START = 1_700_000_000_000L;

    /** The error rate of a model on an example. */
    interface Quality {
        /**
         * @param modelId the model
         * @param i the example's index in the stream
         * @param age the examples the model has seen before this one
         */
        double error(String modelId, int i, int age);
    }

    /** Whether a model predicts NaN on an example. */
    interface Poison {
        boolean nan(String modelId, int i);
    }

    final ExperimentConfig config;
    Supervisor supervisor;
    Quality quality;
    Poison poison = (modelId, i) -> false;

    /** Models that observe nothing (say, their predictions are lost): no pairs for them. */
    final List<String> silent = new ArrayList<>();

    /** Every decision so far, in order, as carried out. */
    final List<Decision> log = new ArrayList<>();

    /** The example index at which each decision of {@link #log} was made (-1 for commands). */
    final List<Integer> at = new ArrayList<>();

    private final Map<String, Model> models = new LinkedHashMap<>();
    private final long seed;
    private long eventTimeStep = 1000;
    private long timeOffset;
    private int next;
    private int commands;

    TestingLearner(ExperimentConfig config, Supervisor supervisor, long seed, Quality quality) {
        this.config = config;
        this.supervisor = supervisor;
        this.seed = seed;
        this.quality = quality;
        for (ModelConfig model : config.models()) {
            models.put(model.id(), new Model(model.id(), 0));
        }
    }

    /** An experiment of one champion, plus the given shadows, retraining with the given config. */
    static ExperimentConfig experiment(int window, RetrainConfig retrain, String... shadows) {
        List<ModelConfig> models = new ArrayList<>();
        models.add(model(CHAMPION, 1));
        for (int i = 0; i < shadows.length; i++) {
            models.add(model(shadows[i], 2 + i));
        }
        return new ExperimentConfig(
                EXPERIMENT,
                FeatureSpace.of(4, List.of()),
                models,
                new EvaluationConfig(window),
                10_000,
                retrain);
    }

    static ModelConfig model(String id, long seed) {
        return new ModelConfig(id, ModelFamily.LOGISTIC, FtrlConfig.DEFAULTS, seed);
    }

    /** Defaults, except canary steps judged on {@code minPairs} pairs each. */
    static RetrainConfig retrain(RetrainPolicy policy, long minPairs, ModelConfig... templates) {
        return retrain(policy, minPairs, 1.1, templates);
    }

    /** Defaults, except canary steps judged on {@code minPairs} pairs each and the guardrail. */
    static RetrainConfig retrain(
            RetrainPolicy policy, long minPairs, double maxLossRatio, ModelConfig... templates) {
        return new RetrainConfig(
                policy,
                DriftConfig.DEFAULT,
                new RolloutPlan(
                        List.of(0.05, 0.25, 0.4), minPairs, Duration.ofHours(1), maxLossRatio),
                List.of(templates));
    }

    /** A policy that never fires by itself: retrains come from commands only. */
    static RetrainPolicy manualOnly() {
        return new RetrainPolicy(
                "logloss",
                new RetrainPolicy.Threshold(RetrainPolicy.Direction.ABOVE, 1e9, 1),
                null,
                false,
                null,
                0.0,
                Duration.ofMinutes(15),
                2,
                RetrainPolicy.Action.WARM,
                10_000);
    }

    static long eventTime(int i) {
        return START + 1000L * i;
    }

    /** Runs examples up to {@code to} (exclusive), from where the last run stopped. */
    List<Decision> runTo(int to) {
        int before = log.size();
        while (next < to) {
            step(next++);
        }
        return List.copyOf(log.subList(before, log.size()));
    }

    /** Runs examples until a decision of the kind is made, at most until {@code limit}. */
    Decision runUntil(DecisionKind kind, int limit) {
        while (next < limit) {
            int before = log.size();
            step(next++);
            for (int k = before; k < log.size(); k++) {
                if (log.get(k).kind() == kind) {
                    return log.get(k);
                }
            }
        }
        return null;
    }

    /** Makes every later example come {@code gap} milliseconds of event time later. */
    void jumpEventTime(long gap) {
        timeOffset += gap;
    }

    int next() {
        return next;
    }

    long currentTime() {
        return eventTime(Math.max(0, next - 1)) + timeOffset;
    }

    private void step(int i) {
        SplittableRandom labels = new SplittableRandom(seed * 1_000_003L + i);
        double label = labels.nextDouble() < 0.5 ? 1.0 : 0.0;
        LabelledExample example =
                new LabelledExample(
                        "e" + i,
                        EXPERIMENT,
                        "user" + i % 97,
                        eventTime(i) + timeOffset,
                        new FeatureVector(new int[0], new double[0], new double[0]),
                        label,
                        1.0,
                        LabelledExample.NOT_LABELLED,
                        "segment" + i % 5);
        for (Model model : List.copyOf(models.values())) {
            if (silent.contains(model.id)) {
                continue;
            }
            double[] prediction = {model.predict(i, label)};
            supervisor.observe(
                    new ModelRef(model.id, model.version, arm(model.id)), example, prediction);
        }
        for (Model model : models.values()) {
            model.age++;
        }
        for (Decision decision : supervisor.decide(example)) {
            carryOut(decision, i);
        }
    }

    private Arm arm(String modelId) {
        return supervisor.traffic() == null ? Arm.SHADOW : supervisor.traffic().armOf(modelId);
    }

    /** Sends a command and carries out what it leads to; returns those decisions. */
    List<Decision> command(ControlCommand.Kind kind, String modelId) {
        ControlCommand command =
                new ControlCommand("c" + ++commands, EXPERIMENT, kind, modelId, "alice", 0L);
        List<Decision> made = supervisor.command(command, currentTime(), next);
        for (Decision decision : made) {
            carryOut(decision, -1);
        }
        return made;
    }

    private void carryOut(Decision decision, int i) {
        log.add(decision);
        at.add(i);
        switch (decision.kind()) {
            case PUBLISH:
                publish(decision.modelId());
                break;
            case RETRAIN:
                models.put(decision.modelId(), new Model(decision.modelId(), 0));
                break;
            case PROMOTE:
                models.remove(decision.source());
                publish(decision.modelId());
                break;
            case ROLLBACK:
                if (!decision.modelId().equals(championId())) {
                    models.remove(decision.modelId());
                }
                break;
            default:
                break;
        }
    }

    private String championId() {
        return supervisor.traffic() == null ? CHAMPION : supervisor.traffic().champion();
    }

    private void publish(String modelId) {
        Model model = models.get(modelId);
        model.version++;
        supervisor.published(modelId, model.version);
    }

    /** The active models' ids, as the learner has them. */
    List<String> modelIds() {
        return List.copyOf(models.keySet());
    }

    /** The decisions of {@link #log} of none of the given kinds. */
    List<Decision> decisionsBut(DecisionKind... kinds) {
        List<DecisionKind> excluded = List.of(kinds);
        List<Decision> result = new ArrayList<>();
        for (Decision decision : log) {
            if (!excluded.contains(decision.kind())) {
                result.add(decision);
            }
        }
        return result;
    }

    /** The decisions of {@link #log} of a kind. */
    List<Decision> decisions(DecisionKind kind) {
        List<Decision> result = new ArrayList<>();
        for (Decision decision : log) {
            if (decision.kind() == kind) {
                result.add(decision);
            }
        }
        return result;
    }

    /** The example index at which a decision of {@link #log} was made. */
    int indexOf(Decision decision) {
        for (int k = 0; k < log.size(); k++) {
            if (log.get(k) == decision) {
                return at.get(k);
            }
        }
        throw new IllegalArgumentException("not logged: " + decision);
    }

    ModelEvaluation evaluation(String modelId) {
        for (ModelEvaluation evaluation : supervisor.evaluations()) {
            if (evaluation.model().modelId().equals(modelId)) {
                return evaluation;
            }
        }
        return null;
    }

    /** Writes the supervisor and reads it back through the factory, as a restore does. */
    byte[] restore() throws IOException {
        byte[] written = bytes(supervisor);
        supervisor =
                new PrequentialSupervisorFactory()
                        .read(config, new DataInputStream(new ByteArrayInputStream(written)));
        return written;
    }

    static byte[] bytes(Supervisor supervisor) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            supervisor.writeTo(out);
        }
        return buffer.toByteArray();
    }

    /** A synthetic model: an error rate and its own stream of draws. */
    private final class Model {
        final String id;
        long version;
        int age;

        Model(String id, int age) {
            this.id = id;
            this.age = age;
        }

        double predict(int i, double label) {
            if (poison.nan(id, i)) {
                return Double.NaN;
            }
            SplittableRandom draws =
                    new SplittableRandom(seed ^ (id.hashCode() * 0x9E3779B97F4A7C15L) ^ i);
            boolean right = draws.nextDouble() >= quality.error(id, i, age);
            double truth = (right ? 0.55 : 0.05) + 0.4 * draws.nextDouble();
            return label == 1.0 ? truth : 1.0 - truth;
        }
    }
}
