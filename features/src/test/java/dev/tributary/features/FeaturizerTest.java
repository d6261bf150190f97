package dev.tributary.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.config.FieldSpec;
import dev.tributary.core.config.FieldType;
import dev.tributary.core.config.LabelSpec;
import dev.tributary.core.config.NumberTransforms;
import dev.tributary.core.config.SliceConfig;
import dev.tributary.core.config.Task;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeaturizerTest {

    private static final NumberTransforms LOG1P =
            new NumberTransforms(
                    true,
                    NumberTransforms.NONE.clip(),
                    NumberTransforms.NONE.impute(),
                    false,
                    java.util.List.of(),
                    true);

    private static final FeatureSpec SPEC =
            new FeatureSpec(
                    List.of(
                            FieldSpec.of("dow", FieldType.CATEGORY, true),
                            FieldSpec.of("distance", FieldType.NUMBER, true).withNumber(LOG1P),
                            FieldSpec.of("origin", FieldType.CATEGORY, true),
                            FieldSpec.of("dest", FieldType.CATEGORY, true),
                            FieldSpec.of("seats", FieldType.INTEGER, false),
                            FieldSpec.of("hub", FieldType.CATEGORY, false)),
                    List.of(List.of("origin", "dest")),
                    18,
                    "delayed",
                    "origin");

    private final Featurizer featurizer = new Featurizer(SPEC, "flights");

    private static Map<String, String> flight() {
        Map<String, String> fields = new HashMap<>();
        fields.put("dow", "1");
        fields.put("distance", "2176");
        fields.put("origin", "LAS");
        fields.put("dest", "PHL");
        fields.put("delayed", "1");
        return fields;
    }

    private LabelledExample example(Map<String, String> fields) {
        Featurizer.Outcome outcome = featurizer.featurize(RawEvent.of("7", 1000L, fields));
        assertThat(outcome.deadLetter()).isNull();
        return outcome.example();
    }

    private DeadLetter rejected(RawEvent event) {
        Featurizer.Outcome outcome = featurizer.featurize(event);
        assertThat(outcome.example()).isNull();
        return outcome.deadLetter();
    }

    @Test
    void featurizesCategoriesCrossesAndDenseValues() {
        LabelledExample e = example(flight());

        assertThat(e.id()).isEqualTo("7");
        assertThat(e.experiment()).isEqualTo("flights");
        assertThat(e.entityKey()).isEqualTo("LAS");
        assertThat(e.eventTime()).isEqualTo(1000L);
        assertThat(e.label()).isEqualTo(1.0);
        // dow, origin, dest and the origin x dest cross; the optional hub is absent.
        assertThat(e.features().indices()).hasSize(4);
        assertThat(java.util.Arrays.stream(e.features().indices()))
                .allMatch(i -> i >= 0 && i < (1 << 18));
        assertThat(e.features().values()).containsOnly(1.0);
        // distance (log1p) and the absent optional integer, read as 0.
        assertThat(e.features().dense()).containsExactly(Math.log1p(2176), 0.0);
    }

    @Test
    void hashingIsStableAndValueSensitive() {
        LabelledExample a = example(flight());
        LabelledExample b = example(flight());
        Map<String, String> other = flight();
        other.put("dest", "SAV");
        LabelledExample c = example(other);

        assertThat(a.features()).isEqualTo(b.features());
        assertThat(c.features().indices()[0]).isEqualTo(a.features().indices()[0]);
        assertThat(c.features().indices()[1]).isEqualTo(a.features().indices()[1]);
        assertThat(c.features().indices()[2]).isNotEqualTo(a.features().indices()[2]);
        assertThat(c.features().indices()[3]).isNotEqualTo(a.features().indices()[3]);
    }

    @Test
    void theSameValueInDifferentFieldsHashesDifferently() {
        Map<String, String> fields = flight();
        fields.put("origin", "PHL");
        LabelledExample e = example(fields);

        assertThat(e.features().indices()[1]).isNotEqualTo(e.features().indices()[2]);
    }

    @Test
    void categoryIndicesAreMurmur3OfTheValueSeededWithTheFieldName() {
        // Published models depend on these indices: they must never change between releases.
        int dowSeed = Murmur3.hashChars("dow", 0);
        int expected = Murmur3.hashChars("1", dowSeed) & ((1 << 18) - 1);

        assertThat(example(flight()).features().indices()[0]).isEqualTo(expected);
    }

    @Test
    void rejectsEachProblemWithItsReasonAndField() {
        Map<String, String> missing = flight();
        missing.remove("origin");
        Map<String, String> badNumber = flight();
        badNumber.put("distance", "far");
        Map<String, String> infinite = flight();
        infinite.put("distance", "Infinity");
        Map<String, String> negative = flight();
        negative.put("distance", "-5");
        Map<String, String> badInteger = flight();
        badInteger.put("seats", "1.5");
        Map<String, String> badLabel = flight();
        badLabel.put("delayed", "maybe");
        Map<String, String> noLabel = flight();
        noLabel.remove("delayed");

        assertThat(rejected(RawEvent.of("1", 0, missing)))
                .extracting(DeadLetter::reason, DeadLetter::field)
                .containsExactly(ReasonCode.MISSING_FIELD, "origin");
        assertThat(rejected(RawEvent.of("1", 0, badNumber)))
                .extracting(DeadLetter::reason, DeadLetter::field)
                .containsExactly(ReasonCode.BAD_TYPE, "distance");
        assertThat(rejected(RawEvent.of("1", 0, infinite)).reason())
                .isEqualTo(ReasonCode.NOT_FINITE);
        assertThat(rejected(RawEvent.of("1", 0, negative)).reason())
                .isEqualTo(ReasonCode.OUT_OF_RANGE);
        assertThat(rejected(RawEvent.of("1", 0, badInteger)))
                .extracting(DeadLetter::reason, DeadLetter::field)
                .containsExactly(ReasonCode.BAD_TYPE, "seats");
        assertThat(rejected(RawEvent.of("1", 0, badLabel)).reason())
                .isEqualTo(ReasonCode.BAD_LABEL);
        assertThat(rejected(RawEvent.of("1", 0, noLabel)))
                .extracting(DeadLetter::reason, DeadLetter::field)
                .containsExactly(ReasonCode.MISSING_FIELD, "delayed");
        assertThat(rejected(RawEvent.of("1", RawEvent.NO_TIME, flight())).reason())
                .isEqualTo(ReasonCode.BAD_TIMESTAMP);
    }

    /** The label's kind decides what its text becomes, and what a bad one is told. */
    @Test
    void aTypedLabelIsReadAsItsTaskSaysAndABadOneNamesWhatWasExpected() {
        Featurizer classes =
                new Featurizer(
                        withLabel(
                                new LabelSpec(
                                        "arr_delay", Task.MULTICLASS, 4, List.of(0.0, 15.0, 60.0))),
                        "flights");
        Featurizer minutes =
                new Featurizer(
                        withLabel(new LabelSpec("arr_delay", Task.REGRESSION, 1, List.of())),
                        "flights");
        Map<String, String> flight = flight();
        flight.remove("delayed");
        for (String[] delayAndClass :
                new String[][] {
                    {"-3", "0"}, {"0", "1"}, {"14.9", "1"}, {"15", "2"}, {"240", "3"}
                }) {
            flight.put("arr_delay", delayAndClass[0]);
            assertThat(classes.featurize(RawEvent.of("1", 0, flight)).example().label())
                    .as(delayAndClass[0])
                    .isEqualTo(Double.parseDouble(delayAndClass[1]));
            assertThat(minutes.featurize(RawEvent.of("1", 0, flight)).example().label())
                    .isEqualTo(Double.parseDouble(delayAndClass[0]));
        }
        flight.put("arr_delay", "late");
        DeadLetter bad = classes.featurize(RawEvent.of("1", 0, flight)).deadLetter();
        assertThat(bad.reason()).isEqualTo(ReasonCode.BAD_LABEL);
        assertThat(bad.detail())
                .isEqualTo("\"late\" is not a number (put in buckets [0.0, 15.0, 60.0])");
        flight.put("arr_delay", "1e999");
        assertThat(minutes.featurize(RawEvent.of("1", 0, flight)).deadLetter().detail())
                .isEqualTo("\"1e999\" is not a finite number");
    }

    private static FeatureSpec withLabel(LabelSpec label) {
        return new FeatureSpec(
                SPEC.fields(),
                SPEC.crosses(),
                SPEC.hashBits(),
                label,
                SPEC.entityField(),
                SPEC.canonicalJson(),
                null);
    }

    @Test
    void anExampleIsCountedUnderTheCleanedValueOfItsSliceField() {
        Featurizer byOrigin = new Featurizer(SPEC, "flights", null, true, "origin");
        Featurizer byHub = new Featurizer(SPEC, "flights", null, true, "hub");

        assertThat(example(flight()).slice()).isEmpty();
        assertThat(byOrigin.featurize(RawEvent.of("1", 0, flight())).example().slice())
                .isEqualTo("LAS");
        assertThat(byHub.featurize(RawEvent.of("2", 0, flight())).example().slice())
                .isEqualTo(SliceConfig.MISSING);
        assertThat(
                        new Featurizer(SPEC, "flights", null, true, "dow")
                                .featurize(RawEvent.of("3", 0, flight()))
                                .example()
                                .slice())
                .isEqualTo("1");
        assertThatThrownBy(() -> new Featurizer(SPEC, "flights", null, true, "airport"))
                .hasMessage("no field airport in the feature spec");
    }

    @Test
    void anEventWithoutItsLabelWaitsForItWhenLabelsComeOnTheirOwnStream() {
        Map<String, String> unlabelled = flight();
        unlabelled.remove("delayed");

        Featurizer.Outcome outcome =
                new Featurizer(SPEC, "flights", null, false)
                        .featurize(RawEvent.of("7", 1000L, unlabelled));

        assertThat(outcome.example().hasLabel()).isFalse();
        assertThat(outcome.example().features()).isEqualTo(example(flight()).features());
    }

    @Test
    void deadLettersKeepTheRawRecordForReplay() {
        DeadLetter unreadable =
                rejected(RawEvent.unreadable("9", "8 columns, expected 7", "a,b,c"));
        Map<String, String> badNumber = flight();
        badNumber.put("distance", "far");

        assertThat(unreadable.reason()).isEqualTo(ReasonCode.MALFORMED);
        assertThat(unreadable.detail()).isEqualTo("8 columns, expected 7");
        assertThat(unreadable.raw()).isEqualTo("a,b,c");
        assertThat(rejected(RawEvent.of("1", 0, badNumber)).raw()).contains("\"distance\":\"far\"");
    }

    @Test
    void anEventNamingAnotherExperimentIsRejectedAndOneNamingNoneBelongsToTheJob() {
        Featurizer routed = new Featurizer(SPEC, "flights", "experiment", true);
        Map<String, String> foreign = flight();
        foreign.put("experiment", "trains");
        Map<String, String> own = flight();
        own.put("experiment", "flights");

        DeadLetter misrouted = routed.featurize(RawEvent.of("5", 1000L, foreign)).deadLetter();

        assertThat(misrouted.reason()).isEqualTo(ReasonCode.UNKNOWN_EXPERIMENT);
        assertThat(misrouted.field()).isEqualTo("experiment");
        assertThat(misrouted.detail()).contains("\"trains\"", "\"flights\"");
        assertThat(misrouted.raw()).contains("\"experiment\":\"trains\"");
        assertThat(routed.featurize(RawEvent.of("6", 1000L, own)).example().experiment())
                .isEqualTo("flights");
        assertThat(routed.featurize(RawEvent.of("7", 1000L, flight())).example().features())
                .isEqualTo(example(flight()).features());
    }

    @Test
    void aRecordTheSourceRejectedKeepsTheSourcesReason() {
        DeadLetter noId =
                new DeadLetter("events-0-3", ReasonCode.MISSING_FIELD, "id", "no id", "{}");

        assertThat(rejected(RawEvent.rejected(noId))).isEqualTo(noId);
    }
}
