package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code features.label} section (a field name, or {@code { field, task, classes, buckets }})
 * and the labels stream's {@code default-label}, which must be a target of that label.
 */
class JobConfigLabelTest {

    /** A job with the given {@code features.label} whose models suit a label of {@code task}. */
    private static String job(String label, String models) {
        return """
                source:
                  path: x.csv
                  event-time: { field: ts }
                features:
                  label: %s
                  fields: [ { name: a, type: category } ]
                experiment:
                  name: e
                  models: %s
                """
                .formatted(label, models);
    }

    private static LabelSpec label(String label) {
        return JobConfigParser.parse(job(label, modelsFor(label))).features().label();
    }

    /** Models that learn the label, whatever its task, so that only the label can fail. */
    private static String modelsFor(String label) {
        if (label.contains("multiclass")) {
            return "[ { id: m, family: softmax } ]";
        }
        if (label.contains("regression")) {
            return "[ { id: m, family: linear } ]";
        }
        return "[ { id: m } ]";
    }

    private static void fails(String label, String message) {
        assertThatThrownBy(() -> JobConfigParser.parse(job(label, modelsFor(label))))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    // --- the label section ---

    @Test
    void aFieldNameIsABinaryLabelAndSoIsASectionWithoutATask() {
        assertThat(label("y")).isEqualTo(LabelSpec.binary("y"));
        assertThat(label("{ field: y }")).isEqualTo(LabelSpec.binary("y"));
        assertThat(label("{ field: y, task: binary }")).isEqualTo(LabelSpec.binary("y"));
        assertThat(LabelSpec.binary("y")).isEqualTo(new LabelSpec("y", Task.BINARY, 2, List.of()));
    }

    @Test
    void aMulticlassLabelHasClassesOrBuckets() {
        assertThat(label("{ field: y, task: multiclass, classes: 4 }"))
                .isEqualTo(new LabelSpec("y", Task.MULTICLASS, 4, List.of()));
        assertThat(label("{ field: y, task: multiclass, classes: 2 }").classes()).isEqualTo(2);
        assertThat(label("{ field: y, task: multiclass, buckets: [0, 15, 60] }"))
                .isEqualTo(new LabelSpec("y", Task.MULTICLASS, 4, List.of(0.0, 15.0, 60.0)));
        assertThat(label("{ field: y, task: multiclass, buckets: [-2.5] }"))
                .isEqualTo(new LabelSpec("y", Task.MULTICLASS, 2, List.of(-2.5)));
    }

    @Test
    void aRegressionLabelIsANumber() {
        assertThat(label("{ field: arr_delay, task: regression }"))
                .isEqualTo(new LabelSpec("arr_delay", Task.REGRESSION, 1, List.of()));
    }

    @Test
    void theExperimentLearnsTheLabelsTask() {
        ExperimentConfig multiclass =
                JobConfigParser.parse(
                                job(
                                        "{ field: y, task: multiclass, buckets: [0, 15, 60] }",
                                        "[ { id: m, family: softmax }, { id: n, family: mlp } ]"))
                        .experiment();
        assertThat(multiclass.task()).isEqualTo(Task.MULTICLASS);
        assertThat(multiclass.classes()).isEqualTo(4);

        ExperimentConfig regression =
                JobConfigParser.parse(
                                job("{ field: y, task: regression }", "[ { id: m, family: fm } ]"))
                        .experiment();
        assertThat(regression.task()).isEqualTo(Task.REGRESSION);
        assertThat(regression.classes()).isEqualTo(1);
    }

    @Test
    void rejectsASectionWithoutAField() {
        fails("{ task: regression }", "features.label.field: is missing; expected a string");
    }

    @Test
    void rejectsAnUnknownTask() {
        fails(
                "{ field: y, task: ordinal }",
                "features.label.task: \"ordinal\" is not known; expected one of [binary,"
                        + " multiclass, regression]");
    }

    @Test
    void rejectsAMulticlassLabelWithoutClassesOrBuckets() {
        fails(
                "{ field: y, task: multiclass }",
                "features.label.classes: is missing; a multiclass label needs classes (labels are"
                        + " class indices 0..classes-1) or buckets");
        fails(
                "{ field: y, task: multiclass, classes: 1 }",
                "features.label.classes: 1 must be in 2..100000");
        fails(
                "{ field: y, task: multiclass, classes: 100001 }",
                "features.label.classes: 100001 must be in 2..100000");
        fails(
                "{ field: y, task: multiclass, classes: 2.5 }",
                "features.label.classes: 2.5 is not an integer; expected an integer");
    }

    @Test
    void rejectsBucketsThatAreNotAscendingNumbers() {
        fails(
                "{ field: y, task: multiclass, buckets: [0, 60, 15] }",
                "features.label.buckets: [0,60,15] is not a list of ascending numbers");
        fails(
                "{ field: y, task: multiclass, buckets: [0, 15, 15] }",
                "features.label.buckets: [0,15,15] is not a list of ascending numbers");
        fails(
                "{ field: y, task: multiclass, buckets: [0, fifteen] }",
                "features.label.buckets: [0,\"fifteen\"] is not a list of ascending numbers");
        fails(
                "{ field: y, task: multiclass, buckets: [0, \"15\"] }",
                "features.label.buckets: [0,\"15\"] is not a list of ascending numbers");
        fails(
                "{ field: y, task: multiclass, buckets: [] }",
                "features.label.buckets: [] is not a list of ascending numbers");
        fails(
                "{ field: y, task: multiclass, buckets: 15 }",
                "features.label.buckets: 15 is not a list of ascending numbers");
    }

    @Test
    void rejectsBucketBoundsThatAreNotFinite() {
        assertThatThrownBy(() -> label("{ field: y, task: multiclass, buckets: [0, 1e999] }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("features.label.buckets: ")
                .hasMessageEndingWith(" is not a list of ascending numbers");
        assertThatThrownBy(() -> label("{ field: y, task: multiclass, buckets: [-1e999] }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("features.label.buckets: ")
                .hasMessageEndingWith(" is not a list of ascending numbers");
    }

    @Test
    void rejectsClassesNextToBuckets() {
        fails(
                "{ field: y, task: multiclass, classes: 4, buckets: [0, 15, 60] }",
                "features.label.classes: follows from the buckets (4 classes)");
    }

    @Test
    void rejectsBucketsAndClassesOnALabelThatIsNotMulticlass() {
        fails(
                "{ field: y, task: regression, buckets: [0, 15] }",
                "features.label.buckets: applies to a multiclass label only");
        fails(
                "{ field: y, buckets: [0.5] }",
                "features.label.buckets: applies to a multiclass label only");
        fails(
                "{ field: y, task: regression, classes: 3 }",
                "features.label.classes: applies to a multiclass label only");
        fails(
                "{ field: y, task: binary, classes: 2 }",
                "features.label.classes: applies to a multiclass label only");
    }

    @Test
    void aTypoInTheLabelListsEveryLabelKey() {
        fails(
                "{ field: y, task: regression, bucket: [1] }",
                "features.label.bucket: is not a known key; expected one of [field, task,"
                        + " buckets, classes]");
    }

    @Test
    void theLabelFieldIsNeverAFeature() {
        assertThatThrownBy(
                        () ->
                                JobConfigParser.parse(
                                        job(
                                                "{ field: a, task: regression }",
                                                "[ { id: m, family: linear } ]")))
                .isInstanceOf(ConfigException.class)
                .hasMessage(
                        "features.fields[0].name: \"a\" is the label; a model must not take its"
                                + " label as a feature");
    }

    // --- the default label of the labels stream ---

    /** A job whose labels come on their own topic, with the given default label line. */
    private static String withLabels(String label, String defaultLabel) {
        return job(label, modelsFor(label))
                + """
                kafka: { bootstrap-servers: localhost:9092 }
                labels: { %s }
                """
                        .formatted(defaultLabel);
    }

    private static double defaultLabel(String label, String defaultLabel) {
        return JobConfigParser.parse(withLabels(label, defaultLabel))
                .labels()
                .join()
                .defaultLabel();
    }

    private static void defaultFails(String label, String defaultLabel, String message) {
        assertThatThrownBy(() -> JobConfigParser.parse(withLabels(label, defaultLabel)))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void theDefaultLabelOfABinaryLabelIsZeroOrOne() {
        assertThat(defaultLabel("y", "id-field: id")).isZero();
        assertThat(defaultLabel("y", "default-label: 1")).isEqualTo(1);
        defaultFails("y", "default-label: 2", "labels.default-label: 2.0 must be 0 or 1");
        defaultFails("y", "default-label: 0.5", "labels.default-label: 0.5 must be 0 or 1");
    }

    @Test
    void theDefaultLabelOfAMulticlassLabelIsAClassIndex() {
        String four = "{ field: y, task: multiclass, classes: 4 }";
        assertThat(defaultLabel(four, "id-field: id")).isZero();
        defaultFails(
                four,
                "default-label: 4",
                "labels.default-label: 4.0 must be a class index in 0..3");
        defaultFails(
                four,
                "default-label: -1",
                "labels.default-label: -1.0 must be a class index in 0..3");
        defaultFails(
                four,
                "default-label: 1.5",
                "labels.default-label: 1.5 must be a class index in 0..3");
        defaultFails(
                "{ field: y, task: multiclass, buckets: [0, 15, 60] }",
                "default-label: 30",
                "labels.default-label: 30.0 must be a class index in 0..3 (a class of"
                        + " features.label, not a value to put in its buckets)");
    }

    @Test
    void theDefaultLabelOfARegressionLabelIsAFiniteNumber() {
        String regression = "{ field: y, task: regression }";
        assertThat(defaultLabel(regression, "id-field: id")).isZero();
        defaultFails(
                regression,
                "default-label: 1e999",
                "labels.default-label: Infinity must be a finite number");
        defaultFails(
                regression,
                "default-label: -1e999",
                "labels.default-label: -Infinity must be a finite number");
        defaultFails(
                regression,
                "default-label: none",
                "labels.default-label: \"none\" is not a number; expected a number");
    }

    @Test
    void acceptsAClassIndexOrANumberAsTheDefaultLabel() {
        assertThat(defaultLabel("{ field: y, task: multiclass, classes: 4 }", "default-label: 3"))
                .isEqualTo(3);
        assertThat(
                        defaultLabel(
                                "{ field: y, task: multiclass, buckets: [0, 15, 60] }",
                                "default-label: 2.0"))
                .isEqualTo(2);
        assertThat(defaultLabel("{ field: y, task: regression }", "default-label: -12.5"))
                .isEqualTo(-12.5);
    }
}
