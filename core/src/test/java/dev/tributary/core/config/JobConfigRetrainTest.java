package dev.tributary.core.config;

import static dev.tributary.core.config.JobConfigModelsTest.BINARY;
import static dev.tributary.core.config.JobConfigModelsTest.FOUR_CLASSES;
import static dev.tributary.core.config.JobConfigModelsTest.REGRESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@code experiment.retrain} section: automatic retraining and the rollout of challengers.
 * Every mistake is checked by its exact message, which must name the key path, the value and what
 * was expected.
 */
class JobConfigRetrainTest {

    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");
    private static final Path EXAMPLES = Path.of("..", "examples");

    /** The champion of each label, one that learns it with every default. */
    private static String champion(String label) {
        if (label.equals(FOUR_CLASSES)) {
            return "{ id: m, family: softmax }";
        }
        return label.equals(REGRESSION) ? "{ id: m, family: linear }" : "{ id: m }";
    }

    /** A job with the label's champion and {@code retrain} as the experiment's retrain value. */
    private static String job(String label, String retrain) {
        return JobConfigModelsTest.job(label, champion(label)) + "  retrain: " + retrain + "\n";
    }

    private static RetrainConfig retrain(String label, String retrain) {
        return JobConfigParser.parse(job(label, retrain)).experiment().retrain();
    }

    private static RetrainConfig retrain(String retrain) {
        return retrain(BINARY, retrain);
    }

    private static void fails(String retrain, String message) {
        fails(BINARY, retrain, message);
    }

    private static void fails(String label, String retrain, String message) {
        failsParsing(job(label, retrain), message);
    }

    private static void failsParsing(String yaml, String message) {
        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    // --- what a section becomes ---

    @Test
    void aFullSectionBecomesTheRecordsItSpells() {
        String yaml =
                JobConfigModelsTest.job(BINARY, "{ id: champ }")
                        + """
                          retrain:
                            metric: auc
                            threshold: { below: 0.7, windows: 4 }
                            degradation: { fraction: 0.05, windows: 2 }
                            drift: page-hinkley
                            schedule: 24h
                            hysteresis: 0.01
                            cool-down: 30m
                            max-per-hour: 3
                            action: replay
                            replay-examples: 5000
                            challengers:
                              - id: ftrl-fast
                                family: logistic
                                optimizer: { type: ftrl, alpha: 0.3 }
                              - id: fm-adam
                                family: fm
                                factors: 4
                                seed: 7
                            rollout:
                              canary: [0.05, 0.2, 0.4]
                              min-pairs: 2000
                              stall-timeout: 2h
                              max-loss-ratio: 1.25
                        """;

        ExperimentConfig experiment = JobConfigParser.parse(yaml).experiment();

        RetrainConfig retrain = experiment.retrain();
        assertThat(experiment.retrains()).isTrue();
        assertThat(retrain.policy())
                .isEqualTo(
                        new RetrainPolicy(
                                "auc",
                                new RetrainPolicy.Threshold(RetrainPolicy.Direction.BELOW, 0.7, 4),
                                new RetrainPolicy.Degradation(0.05, 2),
                                true,
                                Duration.ofHours(24),
                                0.01,
                                Duration.ofMinutes(30),
                                3,
                                RetrainPolicy.Action.REPLAY,
                                5000));
        assertThat(retrain.drift()).isEqualTo(new DriftConfig(DriftConfig.Detector.PAGE_HINKLEY));
        assertThat(retrain.rollout())
                .isEqualTo(
                        new RolloutPlan(List.of(0.05, 0.2, 0.4), 2000, Duration.ofHours(2), 1.25));
        // The templates are model definitions, parsed exactly as experiment.models parses them.
        List<ModelConfig> asModels =
                JobConfigParser.parse(
                                JobConfigModelsTest.job(
                                        BINARY,
                                        "{ id: ftrl-fast, family: logistic,"
                                                + " optimizer: { type: ftrl, alpha: 0.3 } }",
                                        "{ id: fm-adam, family: fm, factors: 4, seed: 7 }"))
                        .experiment()
                        .models();
        assertThat(retrain.challengers()).isEqualTo(asModels);
        assertThat(((FtrlConfig) retrain.challengers().get(0).optimizer()).alpha()).isEqualTo(0.3);
        assertThat(retrain.challengers().get(1).shape().factors()).isEqualTo(4);
        assertThat(experiment.template("fm-adam")).isEqualTo(asModels.get(1));
        assertThat(experiment.models()).extracting(ModelConfig::id).containsExactly("champ");
    }

    @Test
    void anEmptySectionIsEveryDefault() {
        assertThat(retrain("{}")).isEqualTo(RetrainConfig.defaults());
        assertThat(retrain(FOUR_CLASSES, "{}")).isEqualTo(RetrainConfig.defaults());
    }

    @Test
    void aRegressionDefaultsToRmse() {
        RetrainConfig retrain = retrain(REGRESSION, "{}");

        assertThat(retrain.policy().metric()).isEqualTo("rmse");
        assertThat(retrain.policy().higherIsWorse()).isTrue();
        RetrainPolicy d = RetrainPolicy.defaults();
        assertThat(retrain.policy())
                .isEqualTo(
                        new RetrainPolicy(
                                "rmse",
                                d.threshold(),
                                d.degradation(),
                                d.drift(),
                                d.schedule(),
                                d.hysteresis(),
                                d.coolDown(),
                                d.maxRetrainsPerHour(),
                                d.action(),
                                d.replayExamples()));
        assertThat(retrain.drift()).isEqualTo(DriftConfig.DEFAULT);
        assertThat(retrain.rollout()).isEqualTo(RolloutPlan.defaults());
        assertThat(retrain.challengers()).isEmpty();
    }

    @Test
    void withoutTheSectionThereIsNoRetraining() {
        ExperimentConfig experiment =
                JobConfigParser.parse(JobConfigModelsTest.job(BINARY, "{ id: m }")).experiment();

        assertThat(experiment.retrain()).isNull();
        assertThat(experiment.retrains()).isFalse();
        assertThat(retrain("null")).isNull();
        assertThat(retrain("off")).isNull();
        assertThat(retrain("false")).isNull();
    }

    @Test
    void offSwitchesATriggerOff() {
        RetrainPolicy policy =
                retrain("{ degradation: off, drift: off, schedule: 6h, threshold: off }").policy();

        assertThat(policy.degradation()).isNull();
        assertThat(policy.drift()).isFalse();
        assertThat(policy.threshold()).isNull();
        assertThat(policy.schedule()).isEqualTo(Duration.ofHours(6));
        assertThat(retrain("{ degradation: false, drift: false, schedule: 6h }").policy())
                .isEqualTo(policy);
        // Only the threshold on: the degradation and drift defaults switched off.
        RetrainPolicy thresholdOnly =
                retrain("{ threshold: { above: 0.55 }, degradation: off, drift: off }").policy();
        assertThat(thresholdOnly.threshold())
                .isEqualTo(
                        new RetrainPolicy.Threshold(
                                RetrainPolicy.Direction.ABOVE,
                                0.55,
                                RetrainPolicy.DEFAULT_CONSECUTIVE_WINDOWS));
        assertThat(thresholdOnly.schedule()).isNull();
    }

    @Test
    void eachTaskTakesItsOwnMetrics() {
        assertThat(retrain("{ metric: accuracy }").policy().higherIsWorse()).isFalse();
        assertThat(
                        retrain(
                                        FOUR_CLASSES,
                                        "{ metric: accuracy, degradation: { fraction: 0.2 } }")
                                .policy()
                                .degradation())
                .isEqualTo(new RetrainPolicy.Degradation(0.2, 3));
        RetrainPolicy mae =
                retrain(REGRESSION, "{ metric: mae, drift: adwin, threshold: { above: 12 } }")
                        .policy();
        assertThat(mae.metric()).isEqualTo("mae");
        assertThat(mae.threshold().value()).isEqualTo(12.0);
    }

    @Test
    void aChallengerMayBeAnyModelThatLearnsTheLabel() {
        RetrainConfig retrain =
                retrain(
                        REGRESSION,
                        "{ challengers: [ { id: huber, family: linear, objective: huber },"
                                + " { id: mlp, family: mlp, hidden: [16] } ],"
                                + " rollout: { canary: [0.1, 0.3] } }");

        assertThat(retrain.challengers())
                .extracting(ModelConfig::id)
                .containsExactly("huber", "mlp");
        assertThat(retrain.challengers().get(0).shape().objective()).isEqualTo(Objective.HUBER);
        assertThat(retrain.challengers().get(1).shape().objective()).isEqualTo(Objective.SQUARED);
        assertThat(retrain.challengers().get(1).optimizer()).isEqualTo(AdamConfig.DEFAULTS);
    }

    // --- mistakes, each with its key path, value and expectation ---

    @Test
    void theMetricMustBeKnownAndJudgeTheLabel() {
        fails(
                "{ metric: f1 }",
                "experiment.retrain.metric: \"f1\" is not known; expected one of [logloss,"
                        + " accuracy, auc, rmse, mae]");
        fails(
                FOUR_CLASSES,
                "{ metric: auc }",
                "experiment.retrain.metric: \"auc\" does not judge a multiclass label"
                        + " (features.label y); expected one of [logloss, accuracy]");
        fails(
                REGRESSION,
                "{ metric: logloss }",
                "experiment.retrain.metric: \"logloss\" does not judge a regression label"
                        + " (features.label y); expected one of [rmse, mae]");
        fails(
                "{ metric: rmse }",
                "experiment.retrain.metric: \"rmse\" does not judge a binary label"
                        + " (features.label y); expected one of [logloss, accuracy, auc]");
    }

    @Test
    void aThresholdHasOneBoundOnTheBadSide() {
        fails(
                "{ threshold: { above: 0.5, below: 0.4 } }",
                "experiment.retrain.threshold: has both above and below; expected above, the"
                        + " bound logloss must not cross");
        fails(
                "{ metric: auc, threshold: { windows: 2 } }",
                "experiment.retrain.threshold: has neither above nor below; expected below, the"
                        + " bound auc must not cross");
        fails(
                "{ threshold: { below: 0.3 } }",
                "experiment.retrain.threshold.below: 0.3 would fire on a good logloss, which is"
                        + " worse when higher; expected above");
        fails(
                "{ metric: accuracy, threshold: { above: 0.9 } }",
                "experiment.retrain.threshold.above: 0.9 would fire on a good accuracy, which is"
                        + " worse when lower; expected below");
        fails(
                "{ threshold: { above: 1e999 } }",
                "experiment.retrain.threshold.above: Infinity must be finite");
        fails(
                "{ threshold: { above: 0.5, windows: 0 } }",
                "experiment.retrain.threshold.windows: 0 must be in 1..1000");
        fails(
                "{ threshold: 0.5 }",
                "experiment.retrain.threshold: 0.5 is not a mapping; expected e.g. { above:"
                        + " 0.55, windows: 3 }, or off");
        fails(
                "{ threshold: { above: 0.5, window: 3 } }",
                "experiment.retrain.threshold.window: is not a known key; expected one of"
                        + " [above, below, windows]");
    }

    @Test
    void theDegradationFractionMustBeAWorsening() {
        fails(
                "{ degradation: { fraction: 0 } }",
                "experiment.retrain.degradation.fraction: 0.0 must be > 0");
        fails(
                "{ metric: accuracy, degradation: { fraction: 1.5 } }",
                "experiment.retrain.degradation.fraction: 1.5 must be < 1 for accuracy, where"
                        + " lower is worse");
        fails(
                "{ degradation: on }",
                "experiment.retrain.degradation: true is not a mapping; expected e.g. {"
                        + " fraction: 0.1, windows: 3 }, or off");
    }

    @Test
    void theDriftDetectorMustBeKnownAndReadTheLabelsErrors() {
        fails(
                "{ drift: kswin }",
                "experiment.retrain.drift: \"kswin\" is not known; expected one of [adwin, ddm,"
                        + " eddm, page-hinkley, hddm-a, off]");
        fails(
                REGRESSION,
                "{ drift: ddm }",
                "experiment.retrain.drift: \"ddm\" reads 0/1 errors and cannot watch a regression"
                        + " label; expected one of [adwin, page-hinkley, off]");
        assertThat(retrain("{ drift: hddm-a }").drift().detector())
                .isEqualTo(DriftConfig.Detector.HDDM_A);
    }

    @Test
    void atLeastOneTriggerMustBeOn() {
        fails(
                "{ degradation: off, drift: off }",
                "experiment.retrain: every trigger is off; expected at least one of threshold,"
                        + " degradation, drift, schedule");
    }

    @Test
    void theScheduleAndTimesAreDurations() {
        fails(
                "{ schedule: 0s }",
                "experiment.retrain.schedule: \"0s\" must be longer than 0 (off, or leave it out,"
                        + " for no schedule)");
        fails(
                "{ schedule: daily }",
                "experiment.retrain.schedule: \"daily\" is not a duration; expected e.g. \"500ms\","
                        + " \"30s\", \"5m\", \"1h\"");
        fails(
                "{ cool-down: 15 }",
                "experiment.retrain.cool-down: 15 is not a duration; expected e.g. \"500ms\","
                        + " \"30s\", \"5m\", \"1h\"");
        assertThat(retrain("{ cool-down: 0s }").policy().coolDown()).isZero();
    }

    @Test
    void theLimitsAreChecked() {
        fails("{ hysteresis: -0.1 }", "experiment.retrain.hysteresis: -0.1 must be >= 0");
        fails("{ max-per-hour: 0 }", "experiment.retrain.max-per-hour: 0 must be in 1..1000");
        fails("{ max-per-hour: 1001 }", "experiment.retrain.max-per-hour: 1001 must be in 1..1000");
    }

    @Test
    void theActionAndItsReplayBuffer() {
        fails(
                "{ action: hot }",
                "experiment.retrain.action: \"hot\" is not known; expected one of [cold, warm,"
                        + " replay]");
        fails(
                "{ replay-examples: 100 }",
                "experiment.retrain.replay-examples: applies to action replay only, not warm");
        fails(
                "{ action: replay, replay-examples: 0 }",
                "experiment.retrain.replay-examples: 0 must be in 1..10000000");
        assertThat(retrain("{ action: cold }").policy().action())
                .isEqualTo(RetrainPolicy.Action.COLD);
    }

    @Test
    void challengersAreModelsOfTheirOwnIdsThatLearnTheLabel() {
        fails(
                "{ challengers: [ { id: m } ] }",
                "experiment.retrain.challengers[0].id: \"m\" is used by another model");
        fails(
                "{ challengers: [ { id: c }, { id: c } ] }",
                "experiment.retrain.challengers[1].id: \"c\" is used by another model");
        fails(
                "{ challengers: [ { id: c, family: linear } ] }",
                "experiment.retrain.challengers[0].family: family linear learns a regression"
                        + " label, but features.label (y) is binary; a binary label is learned by"
                        + " logistic, fm and mlp");
        fails(
                "{ challengers: [ { id: c, optimizer: { type: sgd, lerning-rate: 0.1 } } ] }",
                "experiment.retrain.challengers[0].optimizer.lerning-rate: is not a known key;"
                        + " expected one of [type, learning-rate, schedule, decay-steps]");
        fails(
                "{ challengers: { id: c } }",
                "experiment.retrain.challengers: {\"id\":\"c\"} is not a list; expected a list of"
                        + " mappings");
    }

    @Test
    void noModelMayBearTheNameARetrainGivesAChallenger() {
        failsParsing(
                JobConfigModelsTest.job(BINARY, "{ id: m }", "{ id: m-r1 }") + "  retrain: {}\n",
                "experiment.models[1].id: \"m-r1\" is the name a retrain gives a challenger of m;"
                        + " expected another id");
        fails(
                "{ challengers: [ { id: c }, { id: c-r12 } ] }",
                "experiment.retrain.challengers[1].id: \"c-r12\" is the name a retrain gives a"
                        + " challenger of c; expected another id");
        // Without retraining the name is free, and m-r1b is never a challenger's name.
        assertThat(
                        JobConfigParser.parse(
                                        JobConfigModelsTest.job(
                                                BINARY, "{ id: m }", "{ id: m-r1 }"))
                                .experiment()
                                .models())
                .hasSize(2);
        assertThat(
                        JobConfigParser.parse(
                                        JobConfigModelsTest.job(
                                                        BINARY, "{ id: m }", "{ id: m-r1b }")
                                                + "  retrain: {}\n")
                                .experiment()
                                .models())
                .hasSize(2);
    }

    @Test
    void canaryStepsAreIncreasingFractionsThatLeaveTheChampionTraffic() {
        fails(
                "{ rollout: { canary: [0.05, 0.05] } }",
                "experiment.retrain.rollout.canary[1]: 0.05 must be > 0.05, the step before it:"
                        + " the steps increase");
        fails(
                "{ rollout: { canary: [1.5] } }",
                "experiment.retrain.rollout.canary[0]: 1.5 must be in (0, 1)");
        fails(
                "{ rollout: { canary: [0.1, half] } }",
                "experiment.retrain.rollout.canary[1]: \"half\" is not a number; expected a"
                        + " fraction of traffic in (0, 1)");
        fails(
                "{ rollout: { canary: [] } }",
                "experiment.retrain.rollout.canary: [] is empty; expected at least one step");
        fails(
                "{ rollout: { canary: 0.5 } }",
                "experiment.retrain.rollout.canary: 0.5 is not a list; expected fractions of"
                        + " traffic, e.g. [0.05, 0.25, 0.5]");
        // Two challengers at the default 50% each would leave the champion nothing.
        fails(
                "{ challengers: [ { id: a }, { id: b } ] }",
                "experiment.retrain.rollout.canary: 2 challengers at up to 0.5 of traffic each"
                        + " leave the champion nothing; expected the challengers times the"
                        + " largest step to be < 1");
        assertThat(
                        retrain(
                                        "{ challengers: [ { id: a }, { id: b } ], rollout: { canary: [0.1,"
                                                + " 0.4] } }")
                                .rollout()
                                .canarySteps())
                .containsExactly(0.1, 0.4);
    }

    @Test
    void theRolloutLimitsAreChecked() {
        fails(
                "{ rollout: { min-pairs: 0 } }",
                "experiment.retrain.rollout.min-pairs: 0 must be >= 1");
        fails(
                "{ rollout: { stall-timeout: 0m } }",
                "experiment.retrain.rollout.stall-timeout: \"0m\" must be longer than 0");
        fails(
                "{ rollout: { max-loss-ratio: 0.9 } }",
                "experiment.retrain.rollout.max-loss-ratio: 0.9 must be finite and >= 1");
        fails(
                "{ rollout: { max-loss-ratio: 1e999 } }",
                "experiment.retrain.rollout.max-loss-ratio: Infinity must be finite and >= 1");
    }

    @Test
    void unknownKeysAreTypos() {
        fails(
                "{ cooldown: 5m }",
                "experiment.retrain.cooldown: is not a known key; expected one of [metric,"
                        + " threshold, degradation, drift, schedule, hysteresis, cool-down,"
                        + " max-per-hour, action, replay-examples, challengers, rollout]");
        fails(
                "{ rollout: { min-pair: 10 } }",
                "experiment.retrain.rollout.min-pair: is not a known key; expected one of"
                        + " [canary, min-pairs, stall-timeout, max-loss-ratio]");
        fails(
                "{ degradation: { fraction: 0.1, consecutive: 2 } }",
                "experiment.retrain.degradation.consecutive: is not a known key; expected one of"
                        + " [fraction, windows]");
        fails("on", "experiment.retrain: true is not a mapping; expected a mapping");
    }

    // --- the reference and the examples ---

    @Test
    void theReferencesRetrainExampleParsesWithItsStatedDefaults() throws Exception {
        List<String> blocks =
                JobConfigModelsTest.yamlBlocks().stream()
                        .filter(b -> b.contains("retrain:"))
                        .toList();
        assertThat(blocks).as("yaml blocks with a retrain section").hasSize(1);
        String block = blocks.get(0);
        RetrainConfig retrain = JobConfigParser.parse(block).experiment().retrain();

        assertThat(retrain).isNotNull();
        assertThat(retrain.challengers()).extracting(ModelConfig::id).containsExactly("ftrl-fast");
        RetrainConfig d = RetrainConfig.defaults();
        assertThat(defaultOf(block, "metric:")).isEqualTo(d.policy().metric());
        assertThat(defaultOf(block, "drift:")).isEqualTo(d.drift().detector().yamlName());
        assertThat(number(defaultOf(block, "hysteresis:"))).isEqualTo(d.policy().hysteresis());
        assertThat(defaultOf(block, "cool-down:"))
                .isEqualTo(d.policy().coolDown().toMinutes() + "m");
        assertThat(number(defaultOf(block, "max-per-hour:")))
                .isEqualTo(d.policy().maxRetrainsPerHour());
        assertThat(defaultOf(block, "action:")).isEqualTo("warm");
        assertThat(number(defaultOf(block, "replay-examples:")))
                .isEqualTo(d.policy().replayExamples());
        assertThat(defaultOf(block, "canary:")).isEqualTo(d.rollout().canarySteps().toString());
        assertThat(number(defaultOf(block, "min-pairs:"))).isEqualTo(d.rollout().minPairsPerStep());
        assertThat(defaultOf(block, "stall-timeout:"))
                .isEqualTo(d.rollout().stallTimeout().toHours() + "h");
        assertThat(number(defaultOf(block, "max-loss-ratio:")))
                .isEqualTo(d.rollout().maxLossRatio());
    }

    @Test
    void theReferencesMessagesAreTheParsers() throws Exception {
        String doc = Files.readString(REFERENCE);

        assertThatThrownBy(() -> retrain("{ rollout: { canary: [0.05, 0.05] } }"))
                .satisfies(e -> assertThat(doc).contains(e.getMessage()));
        assertThatThrownBy(() -> retrain(FOUR_CLASSES, "{ metric: auc }"))
                .satisfies(e -> assertThat(doc).contains(e.getMessage()));
    }

    @Test
    void everyExampleJobStillParses() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            listing.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        assertThat(files).as("job files in " + EXAMPLES).isNotEmpty();
        for (Path file : files) {
            assertThat(JobConfigParser.parse(file).experiment().models())
                    .as(file.toString())
                    .isNotEmpty();
        }
    }

    private static double number(String text) {
        return Double.parseDouble(text);
    }

    /** The "(default: X)" on the first line of {@code block} that starts with {@code key}. */
    private static String defaultOf(String block, String key) {
        for (String line : block.split("\n")) {
            if (line.trim().startsWith(key)) {
                Matcher m = Pattern.compile("\\(default: ([^;)]+)").matcher(line);
                assertThat(m.find()).as("a default on: " + line).isTrue();
                return m.group(1).trim();
            }
        }
        throw new AssertionError("no line for " + key + " in " + REFERENCE);
    }
}
