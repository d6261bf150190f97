package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How a label's text becomes a target ({@link LabelSpec#parse}) and what a target is. */
class LabelSpecTest {

    private static final LabelSpec BINARY = LabelSpec.binary("y");
    private static final LabelSpec FOUR_CLASSES = new LabelSpec("y", Task.MULTICLASS, 4, List.of());
    private static final LabelSpec BUCKETS =
            new LabelSpec("y", Task.MULTICLASS, 4, List.of(0.0, 15.0, 60.0));
    private static final LabelSpec REGRESSION = new LabelSpec("y", Task.REGRESSION, 1, List.of());

    // --- parse ---

    @ParameterizedTest
    @CsvSource({"1, 1", "0, 0", "true, 1", "false, 0", "1.0, 1", "0.0, 0", "TRUE, 1", "' 0 ', 0"})
    void aBinaryLabelIsZeroOrOne(String text, double target) {
        assertThat(BINARY.parse(text)).isEqualTo(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "-1", "0.5", "yes", "", "NaN"})
    void aBinaryLabelIsNothingElse(String text) {
        assertThat(BINARY.parse(text)).isNaN();
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "3, 3", "2.0, 2", "' 1 ', 1", "1e0, 1"})
    void aClassIndexIsItsClass(String text, double target) {
        assertThat(FOUR_CLASSES.parse(text)).isEqualTo(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.5", "-1", "4", "100", "one", "", "NaN", "Infinity"})
    void aClassIndexOutsideTheClassesOrNotWholeIsNoLabel(String text) {
        assertThat(FOUR_CLASSES.parse(text)).isNaN();
    }

    @ParameterizedTest
    @CsvSource({
        "-1000, 0",
        "-0.5, 0",
        "0, 1",
        "0.0, 1",
        "7, 1",
        "14.999, 1",
        "15, 2",
        "59.5, 2",
        "60, 3",
        "1440, 3"
    })
    void aNumberFallsInItsBucketABoundOpeningTheNextBucket(String text, double target) {
        assertThat(BUCKETS.parse(text)).isEqualTo(target);
    }

    @ParameterizedTest
    @CsvSource({"-12.5, -12.5", "0, 0", "42, 42", "1e3, 1000", "' 3.25 ', 3.25"})
    void aRegressionLabelIsTheNumber(String text, double target) {
        assertThat(REGRESSION.parse(text)).isEqualTo(target);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "1e999", "late", "", "15 min"})
    void aNumberThatIsNotFiniteOrNotANumberIsNoLabel(String text) {
        assertThat(REGRESSION.parse(text)).isNaN();
        assertThat(BUCKETS.parse(text)).isNaN();
        assertThat(FOUR_CLASSES.parse(text)).isNaN();
    }

    @Test
    void noTextIsNoLabel() {
        for (LabelSpec label : List.of(BINARY, FOUR_CLASSES, BUCKETS, REGRESSION)) {
            assertThat(label.parse(null)).isNaN();
        }
    }

    // --- isTarget ---

    @Test
    void aBinaryTargetIsZeroOrOne() {
        assertThat(BINARY.isTarget(0)).isTrue();
        assertThat(BINARY.isTarget(1)).isTrue();
        assertThat(BINARY.isTarget(0.5)).isFalse();
        assertThat(BINARY.isTarget(2)).isFalse();
        assertThat(BINARY.isTarget(-1)).isFalse();
        assertThat(BINARY.isTarget(Double.NaN)).isFalse();
    }

    @Test
    void aMulticlassTargetIsAClassIndexWithOrWithoutBuckets() {
        for (LabelSpec label : List.of(FOUR_CLASSES, BUCKETS)) {
            assertThat(label.isTarget(0)).isTrue();
            assertThat(label.isTarget(2.0)).isTrue();
            assertThat(label.isTarget(3)).isTrue();
            assertThat(label.isTarget(4)).isFalse();
            assertThat(label.isTarget(-1)).isFalse();
            assertThat(label.isTarget(2.5)).isFalse();
            assertThat(label.isTarget(Double.NaN)).isFalse();
            assertThat(label.isTarget(Double.POSITIVE_INFINITY)).isFalse();
        }
        // A bucket bound is a value of the label, not a class.
        assertThat(BUCKETS.isTarget(15)).isFalse();
    }

    @Test
    void aRegressionTargetIsAnyFiniteNumber() {
        assertThat(REGRESSION.isTarget(-12.5)).isTrue();
        assertThat(REGRESSION.isTarget(0)).isTrue();
        assertThat(REGRESSION.isTarget(1e9)).isTrue();
        assertThat(REGRESSION.isTarget(Double.NaN)).isFalse();
        assertThat(REGRESSION.isTarget(Double.POSITIVE_INFINITY)).isFalse();
        assertThat(REGRESSION.isTarget(Double.NEGATIVE_INFINITY)).isFalse();
    }

    @Test
    void everyParsedLabelIsATarget() {
        assertThat(BUCKETS.isTarget(BUCKETS.parse("30"))).isTrue();
        assertThat(FOUR_CLASSES.isTarget(FOUR_CLASSES.parse("2.0"))).isTrue();
        assertThat(REGRESSION.isTarget(REGRESSION.parse("-3"))).isTrue();
        assertThat(BINARY.isTarget(BINARY.parse("true"))).isTrue();
    }

    // --- what a label must be ---

    @Test
    void saysWhatTheTextMustBe() {
        assertThat(BINARY.expectation()).isEqualTo("a binary label (0/1, true/false)");
        assertThat(FOUR_CLASSES.expectation()).isEqualTo("a class index in 0..3");
        assertThat(BUCKETS.expectation()).isEqualTo("a number (put in buckets [0.0, 15.0, 60.0])");
        assertThat(REGRESSION.expectation()).isEqualTo("a finite number");
    }

    @Test
    void refusesAnInconsistentLabel() {
        assertThatThrownBy(() -> new LabelSpec("y", Task.MULTICLASS, 3, List.of(0.0, 15.0, 60.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LabelSpec("y", Task.MULTICLASS, 1, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LabelSpec("y", Task.MULTICLASS, 3, List.of(15.0, 0.0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LabelSpec("y", Task.BINARY, 3, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LabelSpec("y", Task.REGRESSION, 2, List.of(0.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
