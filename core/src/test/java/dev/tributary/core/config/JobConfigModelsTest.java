package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The {@code experiment.models} section: families, objectives, optimizers, devices, batches, and
 * how every model learns the experiment's one label ({@code features.label}).
 */
class JobConfigModelsTest {

    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    /** The labels of the tests, as {@code features.label} sections. */
    static final String BINARY = "{ field: y, task: binary }";

    static final String FOUR_CLASSES = "{ field: y, task: multiclass, classes: 4 }";
    static final String REGRESSION = "{ field: y, task: regression }";

    /** A minimal job with the given label whose models are the given YAML flow mappings. */
    static String job(String label, String... models) {
        return """
                source:
                  path: x.csv
                  event-time: { field: ts }
                features:
                  label: %s
                  fields: [ { name: a, type: category } ]
                experiment:
                  name: e
                  models:
                """
                        .formatted(label)
                + Arrays.stream(models).map(m -> "    - " + m + "\n").collect(Collectors.joining());
    }

    /** The one model of a job with a binary label. */
    private static ModelConfig model(String yaml) {
        return model(BINARY, yaml);
    }

    private static ModelConfig model(String label, String yaml) {
        return JobConfigParser.parse(job(label, yaml)).experiment().champion();
    }

    private static List<ModelConfig> models(String label, String... models) {
        return JobConfigParser.parse(job(label, models)).experiment().models();
    }

    private static void fails(String model, String message) {
        fails(BINARY, model, message);
    }

    private static void fails(String label, String model, String message) {
        assertThatThrownBy(() -> JobConfigParser.parse(job(label, model)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    // --- happy paths: each family with its defaults, under a label it learns ---

    @Test
    void aModelWithOnlyAnIdIsLogisticFtrlOnTheCpuOneExampleAtATime() {
        ModelConfig m = model("{ id: m }");

        assertThat(m.family()).isEqualTo(ModelFamily.LOGISTIC);
        assertThat(m.optimizer()).isEqualTo(FtrlConfig.DEFAULTS);
        assertThat(m.shape()).isEqualTo(ModelShape.defaultsFor(ModelFamily.LOGISTIC));
        assertThat(m.shape().objective()).isEqualTo(Objective.BINARY);
        assertThat(m.device()).isEqualTo(Device.CPU);
        assertThat(m.batch()).isEqualTo(BatchConfig.SINGLE);
        assertThat(m.seed()).isZero();
        assertThat(model("y", "{ id: m }")).isEqualTo(m);
    }

    @Test
    void eachFamilyHasItsDefaultObjectiveAndOptimizerUnderABinaryLabel() {
        ModelConfig fm = model("{ id: m, family: fm }");
        assertThat(fm.family()).isEqualTo(ModelFamily.FM);
        assertThat(fm.shape()).isEqualTo(ModelShape.defaultsFor(ModelFamily.FM));
        assertThat(fm.shape().objective()).isEqualTo(Objective.BINARY);
        assertThat(fm.shape().factors()).isEqualTo(8);
        assertThat(fm.shape().initScale()).isEqualTo(0.01);
        assertThat(fm.optimizer()).isEqualTo(AdamConfig.DEFAULTS);

        ModelConfig mlp = model("{ id: m, family: mlp }");
        assertThat(mlp.family()).isEqualTo(ModelFamily.MLP);
        assertThat(mlp.shape()).isEqualTo(ModelShape.defaultsFor(ModelFamily.MLP));
        assertThat(mlp.shape().objective()).isEqualTo(Objective.BINARY);
        assertThat(mlp.shape().hidden()).containsExactly(32);
        assertThat(mlp.shape().embeddingDim()).isEqualTo(8);
        assertThat(mlp.optimizer()).isEqualTo(AdamConfig.DEFAULTS);
    }

    @Test
    void eachFamilyHasItsDefaultObjectiveAndOptimizerUnderAMulticlassLabel() {
        ModelConfig softmax = model(FOUR_CLASSES, "{ id: m, family: softmax }");
        assertThat(softmax.family()).isEqualTo(ModelFamily.SOFTMAX);
        assertThat(softmax.shape())
                .isEqualTo(
                        ModelShape.defaultsFor(ModelFamily.SOFTMAX)
                                .withObjective(Objective.MULTICLASS, 4));
        assertThat(softmax.shape().outputs()).isEqualTo(4);
        assertThat(softmax.optimizer()).isEqualTo(FtrlConfig.DEFAULTS);

        ModelConfig mlp = model(FOUR_CLASSES, "{ id: m, family: mlp }");
        assertThat(mlp.shape())
                .isEqualTo(
                        ModelShape.defaultsFor(ModelFamily.MLP)
                                .withObjective(Objective.MULTICLASS, 4));
        assertThat(mlp.shape().outputs()).isEqualTo(4);
        assertThat(mlp.optimizer()).isEqualTo(AdamConfig.DEFAULTS);
    }

    @Test
    void eachFamilyHasItsDefaultObjectiveAndOptimizerUnderARegressionLabel() {
        ModelConfig linear = model(REGRESSION, "{ id: m, family: linear }");
        assertThat(linear.family()).isEqualTo(ModelFamily.LINEAR);
        assertThat(linear.shape()).isEqualTo(ModelShape.defaultsFor(ModelFamily.LINEAR));
        assertThat(linear.shape().objective()).isEqualTo(Objective.SQUARED);
        assertThat(linear.optimizer()).isEqualTo(FtrlConfig.DEFAULTS);

        ModelConfig fm = model(REGRESSION, "{ id: m, family: fm }");
        assertThat(fm.shape())
                .isEqualTo(
                        ModelShape.defaultsFor(ModelFamily.FM).withObjective(Objective.SQUARED, 1));
        assertThat(fm.shape().outputs()).isEqualTo(1);
        assertThat(fm.optimizer()).isEqualTo(AdamConfig.DEFAULTS);

        ModelConfig mlp = model(REGRESSION, "{ id: m, family: mlp }");
        assertThat(mlp.shape())
                .isEqualTo(
                        ModelShape.defaultsFor(ModelFamily.MLP)
                                .withObjective(Objective.SQUARED, 1));
        assertThat(mlp.optimizer()).isEqualTo(AdamConfig.DEFAULTS);
    }

    @Test
    void anOptimizerSectionWithoutATypeTakesTheFamilysDefaultType() {
        assertThat(model("{ id: m, family: fm, optimizer: { learning-rate: 0.01 } }").optimizer())
                .isEqualTo(new AdamConfig(0.01, 0.9, 0.999, 1e-8));
        assertThat(
                        model(REGRESSION, "{ id: m, family: linear, optimizer: { alpha: 0.5 } }")
                                .optimizer())
                .isEqualTo(new FtrlConfig(0.5, 1.0, 1.0, 1.0));
    }

    // --- happy paths: explicit shapes ---

    @Test
    void theFamilysOwnKeysAreRead() {
        assertThat(
                        model(
                                        REGRESSION,
                                        "{ id: m, family: linear, objective: huber, huber-delta:"
                                                + " 2.5 }")
                                .shape())
                .isEqualTo(new ModelShape(Objective.HUBER, 1, 2.5, 8, List.of(32), 8, 0.01));
        assertThat(
                        model(REGRESSION, "{ id: m, family: linear, objective: huber }")
                                .shape()
                                .huberDelta())
                .isEqualTo(ModelShape.DEFAULT_HUBER_DELTA);
        assertThat(model("{ id: m, family: logistic, objective: binary }").shape())
                .isEqualTo(ModelShape.defaultsFor(ModelFamily.LOGISTIC));
        assertThat(
                        model(
                                        FOUR_CLASSES,
                                        "{ id: m, family: softmax, objective: multiclass, classes:"
                                                + " 4 }")
                                .shape()
                                .classes())
                .isEqualTo(4);
        assertThat(
                        model(
                                        REGRESSION,
                                        "{ id: m, family: fm, objective: squared, factors: 16,"
                                                + " init-scale: 0.1 }")
                                .shape())
                .isEqualTo(new ModelShape(Objective.SQUARED, 1, 1.0, 16, List.of(32), 8, 0.1));
        assertThat(
                        model(
                                        "{ id: m, family: fm, objective: binary, factors: 4,"
                                                + " init-scale: 0 }")
                                .shape())
                .isEqualTo(new ModelShape(Objective.BINARY, 1, 1.0, 4, List.of(32), 8, 0));
        assertThat(
                        model(
                                        FOUR_CLASSES,
                                        "{ id: m, family: mlp, objective: multiclass, classes: 4,"
                                                + " hidden: [64, 32], embedding-dim: 16,"
                                                + " init-scale: 0 }")
                                .shape())
                .isEqualTo(new ModelShape(Objective.MULTICLASS, 4, 1.0, 8, List.of(64, 32), 16, 0));
        assertThat(
                        model(
                                        REGRESSION,
                                        "{ id: m, family: mlp, objective: huber, huber-delta: 0.5 }")
                                .shape())
                .isEqualTo(new ModelShape(Objective.HUBER, 1, 0.5, 8, List.of(32), 8, 0.01));
        assertThat(model("{ id: m, family: mlp, hidden: [4096] }").shape().hidden())
                .containsExactly(4096);
    }

    // --- happy paths: each optimizer, defaults and explicit values ---

    @Test
    void eachOptimizerTypeParsesWithItsDefaults() {
        assertThat(model("{ id: m, optimizer: { type: ftrl } }").optimizer())
                .isEqualTo(FtrlConfig.DEFAULTS);
        assertThat(model("{ id: m, optimizer: { type: sgd } }").optimizer())
                .isEqualTo(SgdConfig.DEFAULTS);
        assertThat(model("{ id: m, optimizer: { type: adagrad } }").optimizer())
                .isEqualTo(AdaGradConfig.DEFAULTS);
        assertThat(model("{ id: m, optimizer: { type: adam } }").optimizer())
                .isEqualTo(AdamConfig.DEFAULTS);
        assertThat(model("{ id: m, optimizer: { type: normalized } }").optimizer())
                .isEqualTo(NormalizedConfig.DEFAULTS);
        assertThat(model("{ id: m, family: mlp, optimizer: { type: sgd } }").optimizer())
                .isEqualTo(SgdConfig.DEFAULTS);
        assertThat(model("{ id: m, family: fm, optimizer: { type: adagrad } }").optimizer())
                .isEqualTo(AdaGradConfig.DEFAULTS);
    }

    @Test
    void eachOptimizerTypeParsesExplicitValues() {
        assertThat(
                        model(
                                        "{ id: m, optimizer: { type: ftrl, alpha: 0.3, beta: 0.5,"
                                                + " l1: 0, l2: 2 } }")
                                .optimizer())
                .isEqualTo(new FtrlConfig(0.3, 0.5, 0, 2));
        assertThat(
                        model(
                                        "{ id: m, family: fm, optimizer: { type: sgd,"
                                                + " learning-rate: 0.2, schedule: inverse-time,"
                                                + " decay-steps: 500 } }")
                                .optimizer())
                .isEqualTo(new SgdConfig(0.2, SgdConfig.Schedule.INVERSE_TIME, 500));
        assertThat(model("{ id: m, optimizer: { type: sgd, schedule: inverse-sqrt } }").optimizer())
                .isEqualTo(new SgdConfig(0.05, SgdConfig.Schedule.INVERSE_SQRT, 1000));
        assertThat(
                        model(
                                        FOUR_CLASSES,
                                        "{ id: m, family: softmax, optimizer: { type: adagrad,"
                                                + " learning-rate: 0.3, epsilon: 1.0e-6 } }")
                                .optimizer())
                .isEqualTo(new AdaGradConfig(0.3, 1e-6));
        assertThat(
                        model(
                                        "{ id: m, family: mlp, optimizer: { type: adam,"
                                                + " learning-rate: 0.01, beta1: 0.8, beta2: 0.99,"
                                                + " epsilon: 1.0e-6 } }")
                                .optimizer())
                .isEqualTo(new AdamConfig(0.01, 0.8, 0.99, 1e-6));
        assertThat(
                        model(
                                        REGRESSION,
                                        "{ id: m, family: linear, optimizer: { type: normalized,"
                                                + " learning-rate: 1.5 } }")
                                .optimizer())
                .isEqualTo(new NormalizedConfig(1.5));
    }

    // --- happy paths: device and batch ---

    @Test
    void readsTheDeviceByItsYamlNameAndTheBatch() {
        for (Device d : Device.values()) {
            assertThat(model("{ id: m, device: " + d.yamlName() + " }").device()).isEqualTo(d);
        }
        assertThat(model("{ id: m, batch: { size: 256, max-latency: 500ms } }").batch())
                .isEqualTo(new BatchConfig(256, Duration.ofMillis(500)));
        assertThat(model("{ id: m, batch: { size: 1000000 } }").batch())
                .isEqualTo(new BatchConfig(1_000_000, BatchConfig.DEFAULT_MAX_LATENCY));
        assertThat(model("{ id: m, batch: { max-latency: 1m } }").batch())
                .isEqualTo(new BatchConfig(1, Duration.ofMinutes(1)));
        ModelConfig m = model("{ id: m, family: fm, seed: 42, device: cuda, batch: { size: 64 } }");
        assertThat(m)
                .isEqualTo(
                        new ModelConfig(
                                "m",
                                ModelFamily.FM,
                                AdamConfig.DEFAULTS,
                                42,
                                ModelShape.defaultsFor(ModelFamily.FM),
                                Device.CUDA,
                                new BatchConfig(64, BatchConfig.DEFAULT_MAX_LATENCY)));
    }

    @Test
    void theModelsOfEachTaskRunSideBySide() {
        ExperimentConfig binary =
                JobConfigParser.parse(
                                job(
                                        BINARY,
                                        "{ id: a }",
                                        "{ id: b, family: fm }",
                                        "{ id: c, family: mlp }"))
                        .experiment();
        assertThat(binary.models())
                .extracting(ModelConfig::family)
                .containsExactly(ModelFamily.LOGISTIC, ModelFamily.FM, ModelFamily.MLP);
        assertThat(binary.models())
                .extracting(m -> m.shape().objective())
                .containsOnly(Objective.BINARY);
        assertThat(binary.task()).isEqualTo(Task.BINARY);
        assertThat(binary.classes()).isEqualTo(1);

        ExperimentConfig multiclass =
                JobConfigParser.parse(
                                job(
                                        FOUR_CLASSES,
                                        "{ id: a, family: softmax }",
                                        "{ id: b, family: mlp }"))
                        .experiment();
        assertThat(multiclass.models())
                .extracting(ModelConfig::family)
                .containsExactly(ModelFamily.SOFTMAX, ModelFamily.MLP);
        assertThat(multiclass.models()).extracting(m -> m.shape().outputs()).containsExactly(4, 4);
        assertThat(multiclass.task()).isEqualTo(Task.MULTICLASS);
        assertThat(multiclass.classes()).isEqualTo(4);

        ExperimentConfig regression =
                JobConfigParser.parse(
                                job(
                                        REGRESSION,
                                        "{ id: a, family: linear }",
                                        "{ id: b, family: linear, objective: huber }",
                                        "{ id: c, family: fm }",
                                        "{ id: d, family: mlp, objective: huber }"))
                        .experiment();
        assertThat(regression.models())
                .extracting(m -> m.shape().objective())
                .containsExactly(
                        Objective.SQUARED, Objective.HUBER, Objective.SQUARED, Objective.HUBER);
        assertThat(regression.task()).isEqualTo(Task.REGRESSION);
        assertThat(regression.classes()).isEqualTo(1);
    }

    @Test
    void anExperimentBuiltInCodeRefusesModelsOfTwoTasks() {
        FeatureSpace space = FeatureSpace.of(4, List.of());
        ModelConfig logistic = new ModelConfig("a", ModelFamily.LOGISTIC, FtrlConfig.DEFAULTS, 0);
        ModelConfig linear = new ModelConfig("b", ModelFamily.LINEAR, FtrlConfig.DEFAULTS, 0);
        ModelConfig softmax3 =
                new ModelConfig("c", ModelFamily.SOFTMAX, FtrlConfig.DEFAULTS, 0)
                        .withShape(
                                ModelShape.defaultsFor(ModelFamily.SOFTMAX)
                                        .withObjective(Objective.MULTICLASS, 3));
        ModelConfig softmax4 =
                softmax3.withShape(softmax3.shape().withObjective(Objective.MULTICLASS, 4));
        EvaluationConfig evaluation = new EvaluationConfig(10);

        assertThatThrownBy(
                        () ->
                                new ExperimentConfig(
                                        "e", space, List.of(logistic, linear), evaluation, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must learn the same label");
        assertThatThrownBy(
                        () ->
                                new ExperimentConfig(
                                        "e", space, List.of(softmax3, softmax4), evaluation, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must learn the same label");
    }

    // --- mistakes ---

    @Test
    void rejectsAnUnknownFamily() {
        fails(
                "{ id: m, family: tree }",
                "experiment.models[0].family: \"tree\" is not known; expected one of"
                        + " [logistic, softmax, linear, fm, mlp]");
    }

    @Test
    void rejectsAKeyOfAnotherFamilyNamingTheFamiliesThatTakeIt() {
        fails(
                "{ id: m, factors: 16 }",
                "experiment.models[0].factors: applies to family fm only, not logistic");
        fails(
                "{ id: m, family: fm, hidden: [64] }",
                "experiment.models[0].hidden: applies to family mlp only, not fm");
        fails(
                FOUR_CLASSES,
                "{ id: m, family: softmax, embedding-dim: 4 }",
                "experiment.models[0].embedding-dim: applies to family mlp only, not softmax");
        fails(
                REGRESSION,
                "{ id: m, family: linear, init-scale: 0.1 }",
                "experiment.models[0].init-scale: applies to families fm and mlp only, not"
                        + " linear");
        fails(
                "{ id: m, family: mlp, factors: 4 }",
                "experiment.models[0].factors: applies to family fm only, not mlp");
    }

    @Test
    void aTypoInAModelListsEveryModelKey() {
        fails(
                "{ id: m, family: fm, factor: 16 }",
                "experiment.models[0].factor: is not a known key; expected one of [id, family,"
                        + " objective, classes, huber-delta, factors, hidden, embedding-dim,"
                        + " init-scale, optimizer, seed, device, batch]");
    }

    @Test
    void anExplicitNullReadsAsAbsent() {
        assertThat(model("{ id: m, factors: null, hidden: null, classes: null }").shape())
                .isEqualTo(ModelShape.defaultsFor(ModelFamily.LOGISTIC));
    }

    @Test
    void rejectsAnObjectiveTheFamilyFixes() {
        fails(
                "{ id: m, objective: squared }",
                "experiment.models[0].objective: \"squared\" does not apply to family logistic,"
                        + " which is always binary");
        fails(
                FOUR_CLASSES,
                "{ id: m, family: softmax, objective: binary }",
                "experiment.models[0].objective: \"binary\" does not apply to family softmax,"
                        + " which is always multiclass");
    }

    @Test
    void rejectsAnObjectiveTheFamilyDoesNotTake() {
        fails(
                FOUR_CLASSES,
                "{ id: m, family: fm, objective: multiclass }",
                "experiment.models[0].objective: \"multiclass\" is not an objective of family fm;"
                        + " expected one of [binary, squared, huber]");
        fails(
                "{ id: m, family: linear, objective: binary }",
                "experiment.models[0].objective: \"binary\" is not an objective of family"
                        + " linear; expected one of [squared, huber]");
        fails(
                "{ id: m, family: mlp, objective: poisson }",
                "experiment.models[0].objective: \"poisson\" is not known; expected one of"
                        + " [binary, multiclass, squared, huber]");
    }

    // --- every model learns the label ---

    @Test
    void rejectsAFamilyThatDoesNotLearnABinaryLabel() {
        fails(
                "{ id: m, family: softmax }",
                "experiment.models[0].family: family softmax learns a multiclass label, but"
                        + " features.label (y) is binary; a binary label is learned by logistic,"
                        + " fm and mlp");
        fails(
                "{ id: m, family: linear }",
                "experiment.models[0].family: family linear learns a regression label, but"
                        + " features.label (y) is binary; a binary label is learned by logistic,"
                        + " fm and mlp");
        fails(
                "y",
                "{ id: m, family: softmax, classes: 2 }",
                "experiment.models[0].family: family softmax learns a multiclass label, but"
                        + " features.label (y) is binary; a binary label is learned by logistic,"
                        + " fm and mlp");
    }

    @Test
    void rejectsAFamilyThatDoesNotLearnAMulticlassLabel() {
        fails(
                FOUR_CLASSES,
                "{ id: m }",
                "experiment.models[0].family: family logistic learns a binary label, but"
                        + " features.label (y) is multiclass; a multiclass label is learned by"
                        + " softmax and mlp");
        fails(
                FOUR_CLASSES,
                "{ id: m, family: linear }",
                "experiment.models[0].family: family linear learns a regression label, but"
                        + " features.label (y) is multiclass; a multiclass label is learned by"
                        + " softmax and mlp");
        fails(
                FOUR_CLASSES,
                "{ id: m, family: fm }",
                "experiment.models[0].family: family fm learns a binary label, but"
                        + " features.label (y) is multiclass; a multiclass label is learned by"
                        + " softmax and mlp");
    }

    @Test
    void rejectsAFamilyThatDoesNotLearnARegressionLabel() {
        fails(
                REGRESSION,
                "{ id: m, family: logistic }",
                "experiment.models[0].family: family logistic learns a binary label, but"
                        + " features.label (y) is regression; a regression label is learned by"
                        + " linear, fm and mlp");
        fails(
                REGRESSION,
                "{ id: m, family: softmax }",
                "experiment.models[0].family: family softmax learns a multiclass label, but"
                        + " features.label (y) is regression; a regression label is learned by"
                        + " linear, fm and mlp");
    }

    @Test
    void rejectsAnObjectiveOfAnotherTaskThanTheLabels() {
        fails(
                "{ id: m, family: fm, objective: squared }",
                "experiment.models[0].objective: \"squared\" learns a regression label, but"
                        + " features.label (y) is binary; a binary label is learned by logistic,"
                        + " fm and mlp");
        fails(
                "{ id: m, family: mlp, objective: multiclass, classes: 2 }",
                "experiment.models[0].objective: \"multiclass\" learns a multiclass label, but"
                        + " features.label (y) is binary; a binary label is learned by logistic,"
                        + " fm and mlp");
        fails(
                FOUR_CLASSES,
                "{ id: m, family: mlp, objective: huber }",
                "experiment.models[0].objective: \"huber\" learns a regression label, but"
                        + " features.label (y) is multiclass; a multiclass label is learned by"
                        + " softmax and mlp");
        fails(
                REGRESSION,
                "{ id: m, family: fm, objective: binary }",
                "experiment.models[0].objective: \"binary\" learns a binary label, but"
                        + " features.label (y) is regression; a regression label is learned by"
                        + " linear, fm and mlp");
        fails(
                REGRESSION,
                "{ id: m, family: mlp, objective: multiclass }",
                "experiment.models[0].objective: \"multiclass\" learns a multiclass label, but"
                        + " features.label (y) is regression; a regression label is learned by"
                        + " linear, fm and mlp");
    }

    @Test
    void aShadowOfAnotherTaskFailsAtItsOwnPath() {
        assertThatThrownBy(
                        () ->
                                JobConfigParser.parse(
                                        job(
                                                REGRESSION,
                                                "{ id: a, family: linear }",
                                                "{ id: b, family: fm }",
                                                "{ id: c }")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "experiment.models[2].family: family logistic learns a binary label, but"
                                + " features.label (y) is regression; a regression label is"
                                + " learned by linear, fm and mlp");
    }

    // --- classes: the label's ---

    @Test
    void aMulticlassModelTakesTheLabelsClasses() {
        assertThat(model(FOUR_CLASSES, "{ id: m, family: softmax }").shape().classes())
                .isEqualTo(4);
        assertThat(model(FOUR_CLASSES, "{ id: m, family: softmax, classes: 4 }").shape())
                .isEqualTo(model(FOUR_CLASSES, "{ id: m, family: softmax }").shape());
        assertThat(model(FOUR_CLASSES, "{ id: m, family: mlp, classes: 4 }").shape().classes())
                .isEqualTo(4);
        String buckets = "{ field: y, task: multiclass, buckets: [0, 15, 60] }";
        assertThat(model(buckets, "{ id: m, family: softmax }").shape().outputs()).isEqualTo(4);
        assertThat(model(buckets, "{ id: m, family: mlp, classes: 4 }").shape().outputs())
                .isEqualTo(4);
        String two = "{ field: y, task: multiclass, classes: 2 }";
        assertThat(model(two, "{ id: m, family: softmax }").shape().outputs()).isEqualTo(2);
    }

    @Test
    void rejectsClassesThatContradictTheLabels() {
        fails(
                FOUR_CLASSES,
                "{ id: m, family: softmax, classes: 3 }",
                "experiment.models[0].classes: 3 must equal the label's 4 classes");
        fails(
                FOUR_CLASSES,
                "{ id: m, family: mlp, classes: 5 }",
                "experiment.models[0].classes: 5 must equal the label's 4 classes");
        fails(
                "{ field: y, task: multiclass, buckets: [0, 15, 60] }",
                "{ id: m, family: softmax, classes: 3 }",
                "experiment.models[0].classes: 3 must equal the label's 4 classes");
        fails(
                FOUR_CLASSES,
                "{ id: m, family: softmax, classes: 2.5 }",
                "experiment.models[0].classes: 2.5 is not an integer; expected an integer");
    }

    @Test
    void takesClassesOnlyForAMulticlassObjective() {
        fails(
                "{ id: m, classes: 2 }",
                "experiment.models[0].classes: applies to a multiclass objective only (family"
                        + " softmax, or mlp with objective multiclass), not logistic with"
                        + " objective binary");
        fails(
                "{ id: m, family: mlp, classes: 3 }",
                "experiment.models[0].classes: applies to a multiclass objective only (family"
                        + " softmax, or mlp with objective multiclass), not mlp with objective"
                        + " binary");
        fails(
                REGRESSION,
                "{ id: m, family: linear, classes: 1 }",
                "experiment.models[0].classes: applies to a multiclass objective only (family"
                        + " softmax, or mlp with objective multiclass), not linear with"
                        + " objective squared");
    }

    @Test
    void takesAHuberDeltaOnlyWithTheHuberObjective() {
        fails(
                REGRESSION,
                "{ id: m, family: linear, huber-delta: 2 }",
                "experiment.models[0].huber-delta: applies to objective huber only, not"
                        + " objective squared");
        fails(
                REGRESSION,
                "{ id: m, family: linear, objective: huber, huber-delta: 0 }",
                "experiment.models[0].huber-delta: 0.0 must be > 0");
        fails(
                "{ id: m, family: fm, huber-delta: 2 }",
                "experiment.models[0].huber-delta: applies to objective huber only, not"
                        + " objective binary");
    }

    @Test
    void checksTheRangesOfTheShape() {
        fails(
                "{ id: m, family: fm, factors: 0 }",
                "experiment.models[0].factors: 0 must be in 1..256");
        fails(
                "{ id: m, family: fm, factors: 257 }",
                "experiment.models[0].factors: 257 must be in 1..256");
        fails(
                "{ id: m, family: mlp, embedding-dim: 513 }",
                "experiment.models[0].embedding-dim: 513 must be in 1..512");
        fails(
                "{ id: m, family: fm, init-scale: -0.1 }",
                "experiment.models[0].init-scale: -0.1 must be >= 0");
        fails(
                "{ id: m, family: mlp, hidden: [64, 32, 16] }",
                "experiment.models[0].hidden: [64,32,16] is not one or two layer widths;"
                        + " expected e.g. [64] or [64, 32]");
        fails(
                "{ id: m, family: mlp, hidden: [] }",
                "experiment.models[0].hidden: [] is not one or two layer widths; expected e.g."
                        + " [64] or [64, 32]");
        fails(
                "{ id: m, family: mlp, hidden: 32 }",
                "experiment.models[0].hidden: 32 is not one or two layer widths; expected e.g."
                        + " [64] or [64, 32]");
        fails(
                "{ id: m, family: mlp, hidden: [64, 0] }",
                "experiment.models[0].hidden[1]: 0 must be an integer in 1..4096");
        fails(
                "{ id: m, family: mlp, hidden: [5000] }",
                "experiment.models[0].hidden[0]: 5000 must be an integer in 1..4096");
    }

    @Test
    void refusesLinearOnlyOptimizersForFmAndMlp() {
        fails(
                "{ id: m, family: fm, optimizer: { type: ftrl } }",
                "experiment.models[0].optimizer.type: \"ftrl\" trains linear families only"
                        + " (logistic, softmax, linear); fm takes one of [sgd, adagrad, adam]");
        fails(
                "{ id: m, family: mlp, optimizer: { type: normalized, learning-rate: 0.5 } }",
                "experiment.models[0].optimizer.type: \"normalized\" trains linear families"
                        + " only (logistic, softmax, linear); mlp takes one of [sgd, adagrad,"
                        + " adam]");
        fails(
                "{ id: m, family: fm, optimizer: { alpha: 0.1 } }",
                "experiment.models[0].optimizer.alpha: is not a known key; expected one of"
                        + " [type, learning-rate, beta1, beta2, epsilon]");
    }

    @Test
    void rejectsAnUnknownOptimizerAndKeysOfAnotherOptimizer() {
        fails(
                "{ id: m, optimizer: { type: rmsprop } }",
                "experiment.models[0].optimizer.type: \"rmsprop\" is not known; expected one of"
                        + " [ftrl, sgd, adagrad, adam, normalized]");
        fails(
                "{ id: m, optimizer: { type: adam, alpha: 0.1 } }",
                "experiment.models[0].optimizer.alpha: is not a known key; expected one of"
                        + " [type, learning-rate, beta1, beta2, epsilon]");
        fails(
                "{ id: m, optimizer: { learning-rate: 0.1 } }",
                "experiment.models[0].optimizer.learning-rate: is not a known key; expected one"
                        + " of [type, alpha, beta, l1, l2]");
        fails(
                "{ id: m, optimizer: { type: normalized, epsilon: 0.1 } }",
                "experiment.models[0].optimizer.epsilon: is not a known key; expected one of"
                        + " [type, learning-rate]");
    }

    @Test
    void checksTheOptimizersHyperparameters() {
        assertThatThrownBy(
                        () ->
                                JobConfigParser.parse(
                                        job(
                                                BINARY,
                                                "{ id: a }",
                                                "{ id: b, optimizer: { type: sgd, learning-rate:"
                                                        + " -0.1 } }")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("experiment.models[1].optimizer.learning-rate: -0.1 must be > 0");
        fails(
                "{ id: m, optimizer: { type: adam, beta1: 1.0 } }",
                "experiment.models[0].optimizer.beta1: 1.0 must be in [0, 1)");
        fails(
                "{ id: m, optimizer: { type: adam, beta2: -0.5 } }",
                "experiment.models[0].optimizer.beta2: -0.5 must be in [0, 1)");
        fails(
                "{ id: m, optimizer: { type: adagrad, epsilon: 0 } }",
                "experiment.models[0].optimizer.epsilon: 0.0 must be > 0");
        fails(
                "{ id: m, optimizer: { type: normalized, learning-rate: fast } }",
                "experiment.models[0].optimizer.learning-rate: \"fast\" is not a number;"
                        + " expected a number");
        fails(
                "{ id: m, optimizer: { type: ftrl, l2: -1 } }",
                "experiment.models[0].optimizer.l2: -1.0 must be >= 0");
    }

    @Test
    void checksTheSgdSchedule() {
        fails(
                "{ id: m, optimizer: { type: sgd, schedule: exponential } }",
                "experiment.models[0].optimizer.schedule: \"exponential\" is not known; expected"
                        + " one of [constant, inverse-time, inverse-sqrt]");
        fails(
                "{ id: m, optimizer: { type: sgd, decay-steps: 100 } }",
                "experiment.models[0].optimizer.decay-steps: applies to schedules inverse-time"
                        + " and inverse-sqrt only, not constant");
        fails(
                "{ id: m, optimizer: { type: sgd, schedule: inverse-time, decay-steps: 0 } }",
                "experiment.models[0].optimizer.decay-steps: 0.0 must be > 0");
    }

    @Test
    void checksTheDeviceAndTheBatch() {
        fails(
                "{ id: m, device: gpu }",
                "experiment.models[0].device: \"gpu\" is not known; expected one of"
                        + " [cpu, onnx-cpu, cuda, auto]");
        fails(
                "{ id: m, device: onnx_cpu }",
                "experiment.models[0].device: \"onnx_cpu\" is not known; expected one of"
                        + " [cpu, onnx-cpu, cuda, auto]");
        fails(
                "{ id: m, batch: { size: 0 } }",
                "experiment.models[0].batch.size: 0 must be in 1..1000000");
        fails(
                "{ id: m, batch: { size: 1000001 } }",
                "experiment.models[0].batch.size: 1000001 must be in 1..1000000");
        fails(
                "{ id: m, batch: { max-latency: 0s } }",
                "experiment.models[0].batch.max-latency: \"0s\" must be longer than 0");
        fails(
                "{ id: m, batch: { max-latency: soon } }",
                "experiment.models[0].batch.max-latency: \"soon\" is not a duration; expected"
                        + " e.g. \"500ms\", \"30s\", \"5m\", \"1h\"");
        fails(
                "{ id: m, batch: { size: 8, latency: 1s } }",
                "experiment.models[0].batch.latency: is not a known key; expected one of"
                        + " [size, max-latency]");
        fails(
                "{ id: m, batch: 8 }",
                "experiment.models[0].batch: 8 is not a mapping; expected a mapping");
    }

    // --- the reference in docs/configuration.md ---

    @Test
    void everyYamlBlockOfTheReferenceIsAJobFileThatParses() throws Exception {
        List<String> blocks = yamlBlocks();

        assertThat(blocks).hasSizeGreaterThanOrEqualTo(3);
        for (String block : blocks) {
            assertThat(JobConfigParser.parse(block)).isNotNull();
        }
    }

    @Test
    void theCompleteExampleHasABinaryLabelThatEveryModelLearns() throws Exception {
        JobConfig job = JobConfigParser.parse(yamlBlocks().get(0));

        assertThat(job.features().label()).isEqualTo(LabelSpec.binary("delayed"));
        assertThat(job.experiment().models())
                .extracting(ModelConfig::family)
                .contains(ModelFamily.LOGISTIC, ModelFamily.FM, ModelFamily.MLP);
        assertThat(job.experiment().models())
                .extracting(m -> m.shape().objective())
                .containsOnly(Objective.BINARY);
        assertThat(job.experiment().models())
                .extracting(m -> m.optimizer().yamlName())
                .contains("ftrl", "normalized");
    }

    @Test
    void theMulticlassExampleBucketsTheArrivalDelay() throws Exception {
        JobConfig job = JobConfigParser.parse(yamlBlockWith("task: multiclass"));

        assertThat(job.features().label())
                .isEqualTo(
                        new LabelSpec("arr_delay", Task.MULTICLASS, 4, List.of(0.0, 15.0, 60.0)));
        assertThat(job.experiment().models())
                .extracting(ModelConfig::family)
                .containsExactly(ModelFamily.SOFTMAX, ModelFamily.MLP);
        assertThat(job.experiment().task()).isEqualTo(Task.MULTICLASS);
        assertThat(job.experiment().classes()).isEqualTo(4);
    }

    @Test
    void theRegressionExampleLearnsTheArrivalDelay() throws Exception {
        JobConfig job = JobConfigParser.parse(yamlBlockWith("task: regression"));

        assertThat(job.features().label())
                .isEqualTo(new LabelSpec("arr_delay", Task.REGRESSION, 1, List.of()));
        assertThat(job.experiment().models())
                .extracting(m -> m.family().yamlName() + " " + m.shape().objective().yamlName())
                .containsExactly("linear squared", "linear huber", "fm squared");
        assertThat(job.experiment().task()).isEqualTo(Task.REGRESSION);
    }

    @Test
    void theReferenceShowsEveryFamilyOptimizerAndObjective() throws Exception {
        List<ModelConfig> models = new ArrayList<>();
        for (String block : yamlBlocks()) {
            models.addAll(JobConfigParser.parse(block).experiment().models());
        }

        assertThat(models).extracting(ModelConfig::family).contains(ModelFamily.values());
        assertThat(models)
                .extracting(m -> m.optimizer().yamlName())
                .contains("ftrl", "sgd", "adagrad", "adam", "normalized");
        assertThat(models).extracting(m -> m.shape().objective()).contains(Objective.values());
    }

    @Test
    void theReferencesMismatchMessageIsTheParsers() throws Exception {
        String doc = Files.readString(REFERENCE);

        assertThatThrownBy(
                        () ->
                                JobConfigParser.parse(
                                        job("delayed", "{ id: a }", "{ id: b, family: linear }")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(doc).contains(e.getMessage()));
    }

    @Test
    void theDocumentedModelDefaultsAreTheParsersDefaults() throws Exception {
        ModelConfig m = model("{ id: m }");
        ModelShape fm = model("{ id: m, family: fm }").shape();
        ModelShape mlp = model("{ id: m, family: mlp }").shape();

        assertThat(defaultAfter("- id: logreg-ftrl", "family:")).isEqualTo(m.family().yamlName());
        assertThat(defaultAfter("- id: logreg-ftrl", "device:")).isEqualTo(m.device().yamlName());
        assertThat(defaultAfter("- id: logreg-ftrl", "type:")).isEqualTo(m.optimizer().yamlName());
        assertThat(defaultAfter("- id: logreg-ftrl", "size:"))
                .isEqualTo(String.valueOf(m.batch().size()));
        assertThat(defaultAfter("- id: logreg-ftrl", "max-latency:"))
                .isEqualTo(m.batch().maxLatency().toSeconds() + "s");
        assertThat(defaultAfter("- id: linear-huber", "objective:"))
                .isEqualTo(
                        model(REGRESSION, "{ id: m, family: linear }")
                                .shape()
                                .objective()
                                .yamlName());
        assertThat(number(defaultAfter("- id: linear-huber", "huber-delta:")))
                .isEqualTo(ModelShape.DEFAULT_HUBER_DELTA);
        assertThat(defaultAfter("- id: fm-sgd", "objective:")).isEqualTo(fm.objective().yamlName());
        assertThat(defaultAfter("- id: fm-sgd", "factors:"))
                .isEqualTo(String.valueOf(fm.factors()));
        assertThat(number(defaultAfter("- id: fm-sgd", "init-scale:"))).isEqualTo(fm.initScale());
        assertThat(defaultAfter("- id: mlp-adam", "objective:"))
                .isEqualTo(mlp.objective().yamlName());
        assertThat(defaultAfter("- id: mlp-adam", "hidden:"))
                .isEqualTo(mlp.hidden().toString().replace(" ", ""));
        assertThat(defaultAfter("- id: mlp-adam", "embedding-dim:"))
                .isEqualTo(String.valueOf(mlp.embeddingDim()));

        NormalizedConfig normalized = NormalizedConfig.DEFAULTS;
        assertThat(number(defaultAfter("type: normalized", "learning-rate:")))
                .isEqualTo(normalized.learningRate());
        SgdConfig sgd = (SgdConfig) model("{ id: m, optimizer: { type: sgd } }").optimizer();
        assertThat(number(defaultAfter("type: sgd", "learning-rate:")))
                .isEqualTo(sgd.learningRate());
        assertThat(defaultAfter("type: sgd", "schedule:")).isEqualTo(sgd.schedule().yamlName());
        assertThat(number(defaultAfter("type: sgd", "decay-steps:"))).isEqualTo(sgd.decaySteps());
        AdaGradConfig adagrad =
                (AdaGradConfig) model("{ id: m, optimizer: { type: adagrad } }").optimizer();
        assertThat(number(defaultAfter("type: adagrad", "learning-rate:")))
                .isEqualTo(adagrad.learningRate());
        assertThat(number(defaultAfter("type: adagrad", "epsilon:"))).isEqualTo(adagrad.epsilon());
        AdamConfig adam = (AdamConfig) model("{ id: m, family: fm }").optimizer();
        assertThat(number(defaultAfter("type: adam", "learning-rate:")))
                .isEqualTo(adam.learningRate());
        assertThat(number(defaultAfter("type: adam", "beta1:"))).isEqualTo(adam.beta1());
        assertThat(number(defaultAfter("type: adam", "beta2:"))).isEqualTo(adam.beta2());
        assertThat(number(defaultAfter("type: adam", "epsilon:"))).isEqualTo(adam.epsilon());
    }

    private static double number(String text) {
        return Double.parseDouble(text);
    }

    /** The {@code ```yaml} blocks of the reference, in order: the complete example first. */
    static List<String> yamlBlocks() throws Exception {
        Matcher m =
                Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL)
                        .matcher(Files.readString(REFERENCE));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).as("yaml blocks in " + REFERENCE).isNotEmpty();
        return blocks;
    }

    /** The one yaml block of the reference that contains {@code text}. */
    private static String yamlBlockWith(String text) throws Exception {
        List<String> found = yamlBlocks().stream().filter(b -> b.contains(text)).toList();
        assertThat(found).as("yaml blocks containing " + text).hasSize(1);
        return found.get(0);
    }

    /**
     * The "(default: X)" stated on the first line that starts with {@code key} after the first line
     * that contains {@code anchor}, in the yaml blocks of the reference.
     */
    private static String defaultAfter(String anchor, String key) throws Exception {
        boolean seen = false;
        for (String line : String.join("\n", yamlBlocks()).split("\n")) {
            seen |= line.contains(anchor);
            if (seen && line.trim().startsWith(key)) {
                Matcher m = Pattern.compile("\\(default: ([^;,)]+)").matcher(line);
                assertThat(m.find()).as("a default on: " + line).isTrue();
                return m.group(1).trim();
            }
        }
        throw new AssertionError("no line for " + key + " after " + anchor);
    }
}
