package dev.tributary.trainer.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.BatchConfig;
import dev.tributary.core.config.DriftConfig;
import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.config.RetrainConfig;
import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.config.RetrainPolicy.Action;
import dev.tributary.core.config.RolloutPlan;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.trainer.experiment.ExperimentLearnerTest.Collected;
import dev.tributary.trainer.model.OnlineModel;
import dev.tributary.trainer.model.OnlineModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The learner carrying out a rollout decided by a scripted supervisor: challengers started cold,
 * warm or from the replay buffer, canary steps, promotion, rollbacks, manual commands, and the
 * state of an experiment mid-rollout.
 */
class ExperimentLearnerRolloutTest {

    private static final LearnerSettings SETTINGS = new LearnerSettings(500, 20, "test");
    private static final int REPLAY = 200;

    /** Same family and optimizer as the champion, another learning rate: can start warm. */
    private static final ModelConfig FAST =
            new ModelConfig("fast", ModelFamily.LOGISTIC, new FtrlConfig(0.3, 1, 1, 1), 0);

    /** Another family: cannot start warm from a logistic champion. */
    private static final ModelConfig DEEP =
            new ModelConfig("deep", ModelFamily.MLP, AdamConfig.DEFAULTS, 3);

    private final ExperimentConfig plain = TestingStreams.experiment("exp", 1000);
    private final ExperimentConfig config = plain.withRetrain(retrain(Action.WARM));
    private final List<LabelledExample> stream = TestingStreams.stream("exp", 1500, 21);

    private static RetrainConfig retrain(Action action) {
        RetrainPolicy policy =
                new RetrainPolicy(
                        "logloss",
                        null,
                        RetrainPolicy.DEFAULT_DEGRADATION,
                        true,
                        null,
                        0,
                        Duration.ofMinutes(15),
                        2,
                        action,
                        REPLAY);
        RolloutPlan plan = new RolloutPlan(List.of(0.1, 0.3), 100, Duration.ofHours(1), 1.1);
        return new RetrainConfig(policy, DriftConfig.DEFAULT, plan, List.of(FAST, DEEP));
    }

    /** A decision made at the {@code n}-th example (event time {@code 1000 * (n - 1)}). */
    private static Decision decided(
            DecisionKind kind, String model, long n, String source, Action action, double traffic) {
        return new Decision(
                "exp",
                kind,
                model,
                0,
                1000L * (n - 1),
                n,
                kind + " " + model,
                source,
                action,
                traffic,
                null);
    }

    private static Decision retrainAt(long n, String model, String template, Action action) {
        return decided(DecisionKind.RETRAIN, model, n, template, action, 0);
    }

    private static TrafficSplit canary(String champion, String canary, double fraction) {
        return new TrafficSplit(champion, new String[] {canary}, new double[] {fraction});
    }

    /** Shadow at 300, canary at 10% at 400 and 30% at 500, promoted at 600. */
    private static TestingSupervisor.Script fullRollout() {
        return new TestingSupervisor.Script()
                .at(0, TrafficSplit.championOnly("champion"))
                .at(
                        300,
                        TrafficSplit.championOnly("champion"),
                        retrainAt(300, "fast-r1", "fast", Action.WARM))
                .at(
                        400,
                        canary("champion", "fast-r1", 0.1),
                        decided(DecisionKind.CANARY, "fast-r1", 400, "", null, 0.1))
                .at(
                        500,
                        canary("champion", "fast-r1", 0.3),
                        decided(DecisionKind.CANARY, "fast-r1", 500, "", null, 0.3))
                .at(
                        600,
                        TrafficSplit.championOnly("fast-r1"),
                        decided(DecisionKind.PROMOTE, "fast-r1", 600, "champion", null, 1));
    }

    @Test
    void carriesAChallengerFromShadowThroughCanaryToChampion() {
        ExperimentLearner learner = learner(config, fullRollout());
        Collected out = new Collected();

        stream.subList(0, 1200).forEach(e -> learner.learn(e, out));
        learner.finish(out);

        assertThat(out.decisions)
                .filteredOn(d -> d.kind() != DecisionKind.PUBLISH)
                .extracting(d -> d.kind() + " " + d.modelId() + " v" + d.version())
                .containsExactly(
                        "RETRAIN fast-r1 v0",
                        "CANARY fast-r1 v0",
                        "CANARY fast-r1 v0",
                        "PROMOTE fast-r1 v1");
        // Each step's models and arms, in the test step of the example after the decision.
        assertThat(armsAt(out, "e350"))
                .containsExactly("champion CHAMPION", "challenger SHADOW", "fast-r1 SHADOW");
        assertThat(armsAt(out, "e450"))
                .containsExactly("champion CHAMPION", "challenger SHADOW", "fast-r1 CANARY");
        assertThat(armsAt(out, "e650")).containsExactly("challenger SHADOW", "fast-r1 CHAMPION");
        assertThat(learner.slot("champion")).isNull();

        // The promotion publishes as champion; so do the promoted model's later versions.
        assertThat(out.artifacts)
                .extracting(
                        a -> a.version().modelId() + "@" + a.version().version() + " " + a.arm())
                .containsExactly(
                        "fast-r1@1 CHAMPION",
                        "challenger@1 SHADOW",
                        "fast-r1@2 CHAMPION",
                        "challenger@2 SHADOW",
                        "fast-r1@3 CHAMPION");
        ModelArtifact promoted = out.artifacts.get(0);
        // Warm: its parameters descend from the champion's 300 examples, then its own 300.
        assertThat(promoted.version().provenance().trainingRange().examples()).isEqualTo(600);
        assertThat(promoted.version().provenance().trainingRange().firstEventTime()).isZero();

        // The scorer gets the serving models with every new split at once, and every
        // publication's snapshot carries the split of its time.
        assertThat(out.serving)
                .extracting(ExperimentLearnerRolloutTest::describe)
                .containsExactly(
                        "champion CHAMPION 400 [champion champion, canary fast-r1 0.1]",
                        "fast-r1 CANARY 400 [champion champion, canary fast-r1 0.1]",
                        "champion CHAMPION 500 [champion champion, canary fast-r1 0.3]",
                        "fast-r1 CANARY 500 [champion champion, canary fast-r1 0.3]",
                        "fast-r1 CHAMPION 600 [champion fast-r1]",
                        "challenger SHADOW 1000 [champion fast-r1]",
                        "fast-r1 CHAMPION 1000 [champion fast-r1]",
                        "challenger SHADOW 1200 [champion fast-r1]",
                        "fast-r1 CHAMPION 1200 [champion fast-r1]");
    }

    private static String describe(ServingSnapshot s) {
        return s.modelId() + " " + s.arm() + " " + s.examplesTrained() + " [" + s.split() + "]";
    }

    private static List<String> armsAt(Collected out, String exampleId) {
        return out.predictions.stream()
                .filter(p -> p.id().equals(exampleId))
                .map(p -> p.modelId() + " " + p.arm())
                .toList();
    }

    @Test
    void aWarmChallengerStartsAsAnExactCopyOfTheChampion() throws IOException {
        ExperimentLearner learner = learner(config, fullRollout());
        Collected out = new Collected();

        stream.subList(0, 300).forEach(e -> learner.learn(e, out));

        ModelSlot champion = learner.slot("champion");
        ModelSlot warm = learner.slot("fast-r1");
        assertThat(warm.config).isEqualTo(FAST.withId("fast-r1"));
        assertThat(warm.arm).isEqualTo(Arm.SHADOW);
        assertThat(state(warm.model)).isEqualTo(state(champion.model));
        assertThat(warm.trainingRange()).isEqualTo(champion.trainingRange());
        assertThat(out.decisions).last().isEqualTo(retrainAt(300, "fast-r1", "fast", Action.WARM));

        // The same state under another learning rate: from now on they learn apart.
        learner.learn(stream.get(300), out);
        assertThat(state(warm.model)).isNotEqualTo(state(champion.model));
    }

    @Test
    void aWarmMiniBatchChallengerCopiesOptimizerStateAndPendingExamples() throws IOException {
        BatchConfig batches = new BatchConfig(9, Duration.ofMinutes(1));
        ModelConfig champion =
                new ModelConfig("champion", ModelFamily.FM, AdamConfig.DEFAULTS, 5)
                        .withBatch(batches);
        ModelConfig slower =
                new ModelConfig(
                                "slower",
                                ModelFamily.FM,
                                new AdamConfig(0.001, 0.9, 0.999, 1e-8),
                                5)
                        .withBatch(batches);
        RetrainConfig retrain = retrain(Action.WARM);
        ExperimentConfig fm =
                TestingStreams.experiment("exp", 1000, List.of(champion))
                        .withRetrain(
                                new RetrainConfig(
                                        retrain.policy(),
                                        retrain.drift(),
                                        retrain.rollout(),
                                        List.of(slower)));
        TestingSupervisor.Script script =
                new TestingSupervisor.Script()
                        .at(301, null, retrainAt(301, "slower-r1", "slower", Action.WARM));
        ExperimentLearner learner = learner(fm, script);

        // 301 examples: 33 steps of 9, and 4 examples pending in the batch.
        stream.subList(0, 301).forEach(e -> learner.learn(e, new Collected()));

        assertThat(state(learner.slot("slower-r1").model))
                .isEqualTo(state(learner.slot("champion").model));
        learner.close();
    }

    @Test
    void aChallengerOfAPromotedChallengerIsBuiltFromItsTemplate() throws IOException {
        TestingSupervisor.Script script =
                fullRollout().at(700, null, retrainAt(700, "fast-r1-r2", "fast-r1", Action.WARM));
        ExperimentLearner learner = learner(config, script);
        stream.subList(0, 700).forEach(e -> learner.learn(e, new Collected()));

        ModelSlot second = learner.slot("fast-r1-r2");
        assertThat(second.template).isEqualTo("fast");
        assertThat(second.config).isEqualTo(FAST.withId("fast-r1-r2"));
        assertThat(state(second.model)).isEqualTo(state(learner.slot("fast-r1").model));
        ExperimentLearner restored = read(config, script, serialize(learner));
        assertThat(restored.slot("fast-r1-r2").config).isEqualTo(second.config);
        assertThat(restored.slot("fast-r1-r2").template).isEqualTo("fast");
    }

    @Test
    void aWarmStartOfAnotherFamilyStartsColdAndSaysSo() throws IOException {
        TestingSupervisor.Script script =
                new TestingSupervisor.Script()
                        .at(0, TrafficSplit.championOnly("champion"))
                        .at(300, null, retrainAt(300, "deep-r1", "deep", Action.WARM));
        ExperimentLearner learner = learner(config, script);
        Collected out = new Collected();

        stream.subList(0, 300).forEach(e -> learner.learn(e, out));

        Decision emitted = out.decisions.get(out.decisions.size() - 1);
        assertThat(emitted.kind()).isEqualTo(DecisionKind.RETRAIN);
        assertThat(emitted.action()).isEqualTo(Action.COLD);
        assertThat(emitted.reason())
                .isEqualTo(
                        "RETRAIN deep-r1; started COLD instead of WARM: template deep differs from"
                                + " champion champion in family (mlp, not logistic), optimizer"
                                + " (adam, not ftrl)");
        ModelConfig deep = DEEP.withId("deep-r1");
        try (OnlineModel fresh = OnlineModels.create(deep, config.featureSpace())) {
            assertThat(state(learner.slot("deep-r1").model)).isEqualTo(state(fresh));
        }
        assertThat(learner.slot("deep-r1").trained).isZero();
        learner.close();
    }

    @Test
    void aReplayChallengerIsFittedOnTheReplayBufferOldestFirst() throws IOException {
        TestingSupervisor.Script script =
                new TestingSupervisor.Script()
                        .at(0, TrafficSplit.championOnly("champion"))
                        .at(300, null, retrainAt(300, "champion-r1", "champion", Action.REPLAY));
        ExperimentLearner learner = learner(config, script);
        Collected out = new Collected();

        stream.subList(0, 300).forEach(e -> learner.learn(e, out));

        ModelConfig template = plain.champion().withId("champion-r1");
        byte[] replayed = state(learner.slot("champion-r1").model);
        try (OnlineModel expected = OnlineModels.create(template, config.featureSpace());
                OnlineModel cold = OnlineModels.create(template, config.featureSpace())) {
            // The buffer holds the last 200 examples, the decision's own included.
            for (LabelledExample e : stream.subList(100, 300)) {
                expected.train(e.features(), e.label(), e.weight(), e.eventTime());
            }
            assertThat(replayed).isEqualTo(state(expected));
            assertThat(replayed).isNotEqualTo(state(cold));
        }
        assertThat(learner.slot("champion-r1").trainingRange().firstEventTime())
                .isEqualTo(100_000L);
        assertThat(learner.slot("champion-r1").trained).isEqualTo(REPLAY);
        assertThat(out.decisions)
                .last()
                .extracting(Decision::reason)
                .isEqualTo("RETRAIN champion-r1; fitted on the last 200 examples");

        ExperimentLearner again = learner(config, script);
        stream.subList(0, 300).forEach(e -> again.learn(e, new Collected()));
        assertThat(state(again.slot("champion-r1").model)).isEqualTo(replayed);
    }

    @Test
    void aRolledBackCanaryIsDroppedAndTheChampionServesAlone() {
        TestingSupervisor.Script script =
                new TestingSupervisor.Script()
                        .at(0, TrafficSplit.championOnly("champion"))
                        .at(300, null, retrainAt(300, "fast-r1", "fast", Action.COLD))
                        .at(
                                400,
                                canary("champion", "fast-r1", 0.1),
                                decided(DecisionKind.CANARY, "fast-r1", 400, "", null, 0.1))
                        .at(
                                500,
                                TrafficSplit.championOnly("champion"),
                                decided(DecisionKind.ROLLBACK, "fast-r1", 500, "", null, 0));
        ExperimentLearner learner = learner(config, script);
        Collected out = new Collected();

        stream.subList(0, 1000).forEach(e -> learner.learn(e, out));

        assertThat(learner.slot("fast-r1")).isNull();
        assertThat(armsAt(out, "e500")).containsExactly("champion CHAMPION", "challenger SHADOW");
        assertThat(out.serving)
                .extracting(ExperimentLearnerRolloutTest::describe)
                .containsExactly(
                        "champion CHAMPION 400 [champion champion, canary fast-r1 0.1]",
                        "fast-r1 CANARY 100 [champion champion, canary fast-r1 0.1]",
                        "champion CHAMPION 500 [champion champion]",
                        "champion CHAMPION 1000 [champion champion]",
                        "challenger SHADOW 1000 [champion champion]");
        assertThat(out.artifacts)
                .extracting(a -> a.version().modelId() + " " + a.arm())
                .containsExactly("champion CHAMPION", "challenger SHADOW");
    }

    @ParameterizedTest
    @ValueSource(strings = {"COLD", "REPLAY"})
    void aChampionRolledBackStartsAgainAndKeepsItsVersions(String actionName) throws IOException {
        Action action = Action.valueOf(actionName);
        TestingSupervisor.Script script =
                new TestingSupervisor.Script()
                        .at(0, TrafficSplit.championOnly("champion"))
                        .at(
                                1200,
                                null,
                                decided(
                                        DecisionKind.ROLLBACK,
                                        "champion",
                                        1200,
                                        "",
                                        action,
                                        Double.NaN));
        ExperimentLearner learner = learner(config, script);
        Collected out = new Collected();

        stream.subList(0, 1200).forEach(e -> learner.learn(e, out));

        ModelSlot champion = learner.slot("champion");
        assertThat(champion.arm).isEqualTo(Arm.CHAMPION);
        assertThat(champion.version).isEqualTo(1);
        try (OnlineModel expected = OnlineModels.create(plain.champion(), config.featureSpace())) {
            if (action == Action.REPLAY) {
                for (LabelledExample e : stream.subList(1000, 1200)) {
                    expected.train(e.features(), e.label(), e.weight(), e.eventTime());
                }
            }
            assertThat(state(champion.model)).isEqualTo(state(expected));
        }
        // The fresh parameters are served at once, as the champion, without a new version.
        ServingSnapshot served = out.serving.get(out.serving.size() - 1);
        assertThat(describe(served))
                .isEqualTo(
                        "champion CHAMPION "
                                + (action == Action.REPLAY ? REPLAY : 0)
                                + " [champion champion]");
        assertThat(served.version()).isEqualTo(1);
        assertThat(out.artifacts).hasSize(2);
    }

    @Test
    void neverPublishesOrServesParametersThatAreNotFinite() {
        TestingSupervisor.Script script =
                new TestingSupervisor.Script()
                        .at(0, TrafficSplit.championOnly("champion"))
                        .at(
                                1001,
                                null,
                                decided(
                                        DecisionKind.ROLLBACK,
                                        "champion",
                                        1001,
                                        "",
                                        Action.REPLAY,
                                        Double.NaN));
        ExperimentLearner learner =
                ExperimentLearner.create(
                        config,
                        new TestingSupervisor.Factory(script),
                        new LearnerSettings(500, 20, "test", 300));
        Collected out = new Collected();
        List<LabelledExample> poisoned = new ArrayList<>(TestingStreams.stream("exp", 2000, 22));
        // FTRL's squared gradient overflows on a huge input: the coordinate's state turns NaN,
        // though no other example touches it and every test-step score stays finite.
        LabelledExample huge = poisoned.get(400);
        poisoned.set(
                400,
                new LabelledExample(
                        huge.id(),
                        "exp",
                        huge.entityKey(),
                        huge.eventTime(),
                        new FeatureVector(
                                new int[] {2}, new double[] {1e200}, huge.features().dense()),
                        1,
                        1));

        poisoned.subList(0, 1000).forEach(e -> learner.learn(e, out));

        assertThat(out.artifacts).isEmpty();
        assertThat(out.decisions)
                .extracting(Decision::reason)
                .containsExactly(
                        "every 1000 (not carried out: its parameters are not finite)",
                        "every 1000 (not carried out: its parameters are not finite)");
        assertThat(out.serving)
                .extracting(s -> s.modelId() + "@" + s.examplesTrained())
                .containsExactly("champion@300", "challenger@300");

        // Rolled back onto the replay buffer, which no longer holds the huge input.
        learner.learn(poisoned.get(1000), out);
        assertThat(learner.slot("champion").model.freeze().isFinite()).isTrue();
        assertThat(out.serving)
                .last()
                .extracting(s -> s.modelId() + "@" + s.examplesTrained())
                .isEqualTo("champion@200");
        poisoned.subList(1001, 2000).forEach(e -> learner.learn(e, out));
        assertThat(out.artifacts)
                .extracting(a -> a.version().modelId() + "@" + a.version().version())
                .containsExactly("champion@1");
    }

    @ParameterizedTest
    @ValueSource(ints = {350, 450, 700})
    void restoresMidRolloutBitForBitAndContinuesAsIfUninterrupted(int cut) throws IOException {
        ExperimentLearner uninterrupted = learner(config, fullRollout());
        Collected expected = new Collected();
        stream.forEach(e -> uninterrupted.learn(e, expected));
        uninterrupted.finish(expected);

        ExperimentLearner first = learner(config, fullRollout());
        Collected actual = new Collected();
        stream.subList(0, cut).forEach(e -> first.learn(e, actual));
        byte[] written = serialize(first);
        assertThat(new DataInputStream(new ByteArrayInputStream(written)).readInt()).isEqualTo(2);
        ExperimentLearner restored = read(config, fullRollout(), written);
        assertThat(serialize(restored)).isEqualTo(written);
        stream.subList(cut, stream.size()).forEach(e -> restored.learn(e, actual));
        restored.finish(actual);

        assertThat(actual.predictions).isEqualTo(expected.predictions);
        assertThat(actual.decisions).isEqualTo(expected.decisions);
        assertThat(actual.artifacts).isEqualTo(expected.artifacts);
        assertThat(actual.serving).isEqualTo(expected.serving);
        assertThat(actual.references).isEqualTo(expected.references);
        assertThat(serialize(restored)).isEqualTo(serialize(uninterrupted));
    }

    @Test
    void anExperimentWithoutRetrainingKeepsWritingFormat1() throws IOException {
        ExperimentLearner learner = learner(plain, new TestingSupervisor.Script());
        stream.subList(0, 10).forEach(e -> learner.learn(e, new Collected()));

        byte[] written = serialize(learner);

        assertThat(new DataInputStream(new ByteArrayInputStream(written)).readInt()).isEqualTo(1);
    }

    @Test
    void readsFormat1IntoAnExperimentThatNowRetrains() throws IOException {
        ExperimentLearner before = learner(plain, new TestingSupervisor.Script());
        stream.subList(0, 500).forEach(e -> before.learn(e, new Collected()));
        TestingSupervisor.Script script =
                new TestingSupervisor.Script()
                        .at(0, TrafficSplit.championOnly("champion"))
                        .at(550, null, retrainAt(550, "fast-r1", "fast", Action.WARM))
                        .at(
                                600,
                                TrafficSplit.championOnly("fast-r1"),
                                decided(DecisionKind.PROMOTE, "fast-r1", 600, "champion", null, 1));

        ExperimentLearner after = read(config, script, serialize(before));

        assertThat(after.examples()).isEqualTo(500);
        assertThat(state(after.slot("champion").model))
                .isEqualTo(state(before.slot("champion").model));
        assertThat(after.slot("champion").arm).isEqualTo(Arm.CHAMPION);
        assertThat(after.slot("challenger").arm).isEqualTo(Arm.SHADOW);
        assertThat(new DataInputStream(new ByteArrayInputStream(serialize(after))).readInt())
                .isEqualTo(2);
        Collected out = new Collected();
        stream.subList(500, 700).forEach(e -> after.learn(e, out));
        assertThat(armsAt(out, "e650")).containsExactly("challenger SHADOW", "fast-r1 CHAMPION");
    }

    @Test
    void refusesAChallengerOnceTheExperimentNoLongerRetrains() throws IOException {
        ExperimentLearner learner = learner(config, fullRollout());
        stream.subList(0, 350).forEach(e -> learner.learn(e, new Collected()));
        byte[] written = serialize(learner);

        assertThatThrownBy(() -> read(plain, fullRollout(), written))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("holds challenger fast-r1")
                .hasMessageContaining("experiments[exp].retrain");
    }

    @Test
    void carriesOutTheDecisionsOfAManualCommand() {
        TestingSupervisor.Script script =
                fullRollout()
                        .onCommand(
                                "c1",
                                TrafficSplit.championOnly("fast-r1"),
                                decided(DecisionKind.PROMOTE, "fast-r1", 350, "champion", null, 1));
        ExperimentLearner learner = learner(config, script);
        Collected out = new Collected();
        stream.subList(0, 350).forEach(e -> learner.learn(e, out));

        learner.command(
                new ControlCommand("c1", "exp", ControlCommand.Kind.PROMOTE, "fast-r1", "ops", 0L),
                out);

        assertThat(out.decisions).last().extracting(Decision::version).isEqualTo(1L);
        assertThat(out.artifacts)
                .extracting(a -> a.version().modelId() + " " + a.arm())
                .containsExactly("fast-r1 CHAMPION");
        assertThat(out.serving)
                .extracting(ExperimentLearnerRolloutTest::describe)
                .containsExactly("fast-r1 CHAMPION 350 [champion fast-r1]");
        assertThat(learner.slot("champion")).isNull();

        // A command the supervisor cannot carry out comes back rejected, stamped with the
        // latest event time and example count.
        learner.command(
                new ControlCommand("c2", "exp", ControlCommand.Kind.RESUME, "", "ops", 0L), out);
        Decision rejected = out.decisions.get(out.decisions.size() - 1);
        assertThat(rejected.kind()).isEqualTo(DecisionKind.REJECT);
        assertThat(rejected.eventTime()).isEqualTo(349_000L);
        assertThat(rejected.examples()).isEqualTo(350);
    }

    @Test
    void logsDecisionsItCannotCarryOutWithWhy() {
        TestingSupervisor.Script script =
                new TestingSupervisor.Script()
                        .at(
                                10,
                                null,
                                decided(DecisionKind.CANARY, "nobody", 10, "", null, 0.1),
                                retrainAt(10, "x-r1", "unknown", Action.COLD),
                                decided(DecisionKind.CANARY, "champion", 10, "", null, 0.1));
        Collected retraining = new Collected();
        ExperimentLearner learner = learner(config, script);
        stream.subList(0, 10).forEach(e -> learner.learn(e, retraining));
        Collected notRetraining = new Collected();
        ExperimentLearner fixed = learner(plain, script);
        stream.subList(0, 10).forEach(e -> fixed.learn(e, notRetraining));

        assertThat(retraining.decisions)
                .extracting(Decision::reason)
                .containsExactly(
                        "CANARY nobody (not carried out: no model nobody)",
                        "RETRAIN x-r1 (not carried out: no model or challenger template unknown)",
                        "CANARY champion (not carried out: champion is the champion)");
        assertThat(notRetraining.decisions)
                .extracting(Decision::reason)
                .allMatch(r -> r.endsWith("(not carried out: experiment does not retrain)"));
        assertThat(retraining.serving).isEmpty();
        assertThat(notRetraining.predictions)
                .extracting(Prediction::arm)
                .doesNotContain(Arm.CANARY);
    }

    private static ExperimentLearner learner(
            ExperimentConfig experiment, TestingSupervisor.Script script) {
        return ExperimentLearner.create(
                experiment, new TestingSupervisor.Factory(script), SETTINGS);
    }

    private static ExperimentLearner read(
            ExperimentConfig experiment, TestingSupervisor.Script script, byte[] bytes)
            throws IOException {
        return ExperimentLearner.read(
                experiment,
                new TestingSupervisor.Factory(script),
                SETTINGS,
                new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    private static byte[] serialize(ExperimentLearner learner) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        learner.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static byte[] state(OnlineModel model) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }
}
