package dev.tributary.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.core.config.TimestampEncoding;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every field type and transform of the feature spec, one featurized event at a time. */
class FeatureTransformsTest {

    private static FeatureSpec spec(String fields, String crosses) {
        return JobConfigParser.parse(
                        """
                        source: { path: x.jsonl, event-time: { field: ts, format: epoch-millis } }
                        features:
                          hash-bits: 20
                          label: y
                          fields:
                        %s
                          crosses: %s
                        experiment: { name: e, models: [ { id: m } ] }
                        """
                                .formatted(fields.indent(4), crosses))
                .features();
    }

    private static Featurizer featurizer(String fields) {
        return new Featurizer(spec(fields, "[]"), "e");
    }

    private static Map<String, String> event(String... keyValues) {
        Map<String, String> fields = new HashMap<>();
        fields.put("y", "1");
        for (int i = 0; i < keyValues.length; i += 2) {
            fields.put(keyValues[i], keyValues[i + 1]);
        }
        return fields;
    }

    private static FeatureVector features(Featurizer f, String... keyValues) {
        Featurizer.Outcome outcome = f.featurize(RawEvent.of("1", 0L, event(keyValues)));
        assertThat(outcome.deadLetter()).isNull();
        return outcome.example().features();
    }

    private static DeadLetter rejected(Featurizer f, String... keyValues) {
        Featurizer.Outcome outcome = f.featurize(RawEvent.of("1", 0L, event(keyValues)));
        assertThat(outcome.example()).isNull();
        return outcome.deadLetter();
    }

    @Test
    void aMissingNumberIsImputedWithAConstantBeforeLog1pAndClippingOrLeftToTheModel() {
        Featurizer constant =
                featurizer(
                        "- { name: x, type: number, required: false, impute: 99, log1p: true,"
                                + " clip: [0, 4], missing-indicator: true }");
        assertThat(features(constant).dense()).containsExactly(4.0, 1.0);
        assertThat(features(constant, "x", "1").dense()).containsExactly(Math.log1p(1), 0.0);

        Featurizer learned =
                featurizer("- { name: x, type: number, required: false, impute: median }");
        assertThat(features(learned).dense()[0]).isNaN();
        assertThat(features(learned, "x", "2.5").dense()).containsExactly(2.5);
    }

    @Test
    void rangesAndAllowedSetsRejectWhatLiesOutside() {
        Featurizer f =
                featurizer(
                        """
                        - { name: age, type: integer, range: [0, 130] }
                        - { name: country, type: category, allowed: [DE, FR] }
                        """);
        assertThat(features(f, "age", "130", "country", "FR").dense()).containsExactly(130.0);

        DeadLetter tooOld = rejected(f, "age", "131", "country", "FR");
        assertThat(tooOld.reason()).isEqualTo(ReasonCode.OUT_OF_RANGE);
        assertThat(tooOld.field()).isEqualTo("age");
        assertThat(tooOld.detail()).contains("131.0 is outside the allowed range [0.0, 130.0]");
        DeadLetter elsewhere = rejected(f, "age", "3", "country", "XX");
        assertThat(elsewhere.reason()).isEqualTo(ReasonCode.OUT_OF_RANGE);
        assertThat(elsewhere.field()).isEqualTo("country");
        assertThat(rejected(f, "age", "3.5", "country", "FR").reason())
                .isEqualTo(ReasonCode.BAD_TYPE);
    }

    @Test
    void bucketsMakeANumberOneSparseFeaturePerBucket() {
        Featurizer f = featurizer("- { name: x, type: number, buckets: [10, 20] }");
        FeatureVector low = features(f, "x", "9.99");
        FeatureVector mid = features(f, "x", "10");
        FeatureVector midToo = features(f, "x", "19");
        FeatureVector high = features(f, "x", "1e9");

        assertThat(low.dense()).isEmpty();
        assertThat(low.indices()).hasSize(1);
        assertThat(mid.indices()).isEqualTo(midToo.indices()).isNotEqualTo(low.indices());
        assertThat(high.indices()).isNotEqualTo(mid.indices()).isNotEqualTo(low.indices());
    }

    @Test
    void textBecomesHashedWordNgramsOfItsFirstTokens() {
        Featurizer bigrams = featurizer("- { name: q, type: text, ngrams: 2, max-tokens: 3 }");
        // red, shoes, sale; red shoes, shoes sale: the fourth word is past max-tokens.
        FeatureVector v = features(bigrams, "q", "Red  shoes -- SALE! ignored");
        assertThat(v.indices()).hasSize(5);
        assertThat(sorted(v.indices()))
                .isEqualTo(sorted(features(bigrams, "q", "red shoes sale").indices()));
        assertThat(features(bigrams, "q", "!!!").indices()).isEmpty();

        // A megabyte of text costs max-tokens words, not a megabyte of features.
        String huge = "word ".repeat(200_000);
        assertThat(features(bigrams, "q", huge).indices()).hasSize(5);
    }

    @Test
    void aTimestampBecomesHourDayAndTheirCyclicEncoding() {
        Featurizer f =
                featurizer("- { name: t, type: timestamp, format: iso, zone: Europe/Paris }");
        // 2001-01-01 was a Monday; 23:00 UTC is midnight in Paris, on Tuesday.
        FeatureVector v = features(f, "t", "2001-01-01T23:00:00Z");
        assertThat(v.indices()).hasSize(2);
        assertThat(v.dense()[0]).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(v.dense()[1]).isEqualTo(1.0);
        assertThat(v.dense()[2])
                .isCloseTo(Math.sin(2 * Math.PI / 7), org.assertj.core.data.Offset.offset(1e-12));
        // A local time is read in the zone: the same instant, the same features.
        assertThat(features(f, "t", "2001-01-02T00:00:00")).isEqualTo(v);
        assertThat(features(f, "t", "2001-01-02T00:00:00+01:00")).isEqualTo(v);

        // ISO as producers write it: a space for the T, a zone id, a lower-case z, a date alone.
        assertThat(features(f, "t", "2001-01-02 00:00:00")).isEqualTo(v);
        assertThat(features(f, "t", "2001-01-02T00:00:00+01:00[Europe/Paris]")).isEqualTo(v);
        assertThat(features(f, "t", "2001-01-01T23:00:00z")).isEqualTo(v);
        assertThat(features(f, "t", "2001-01-02")).isEqualTo(v);

        DeadLetter bad = rejected(f, "t", "yesterday");
        assertThat(bad.reason()).isEqualTo(ReasonCode.BAD_TYPE);
        assertThat(bad.detail()).isEqualTo("\"yesterday\" is not a time in format iso");

        Featurizer millis =
                featurizer(
                        "- { name: t, type: timestamp, format: epoch-millis, parts: [hour-of-day] }");
        assertThat(features(millis, "t", "978390000000").indices()).hasSize(1);
        assertThat(features(millis, "t", "978390000000").dense()).isEmpty();

        Featurizer daily =
                featurizer(
                        "- { name: t, type: timestamp, format: epoch-seconds, parts: [hour-cyclic] }");
        FeatureVector noon = features(daily, "t", Long.toString(978_350_400L));
        assertThat(noon.indices()).isEmpty();
        assertThat(noon.dense()).hasSize(2);
        assertThat(noon.dense()[1]).isEqualTo(-1.0);
    }

    @Test
    void theHandReadIsoTimesAreJavaTimesOwn() {
        TimestampEncoding paris =
                new TimestampEncoding(
                        TimestampEncoding.Format.ISO,
                        ZoneId.of("Europe/Paris"),
                        Set.of(TimestampEncoding.Part.HOUR_OF_DAY));
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            // Any second from 1970 to 2100, including the hours daylight saving skips or repeats.
            LocalDateTime local =
                    LocalDateTime.ofEpochSecond(
                            random.nextLong(0, 4_102_444_800L),
                            random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0,
                            ZoneOffset.UTC);
            String text = local.toString();
            long expected;
            switch (random.nextInt(3)) {
                case 0 -> expected = local.atZone(paris.zone()).toInstant().toEpochMilli();
                case 1 -> {
                    text += "Z";
                    expected = local.toInstant(ZoneOffset.UTC).toEpochMilli();
                }
                default -> {
                    ZoneOffset offset = ZoneOffset.ofTotalSeconds(60 * random.nextInt(-720, 841));
                    text += offset.getId().equals("Z") ? "+00:00" : offset.getId();
                    expected = local.toInstant(offset).toEpochMilli();
                }
            }
            assertThat(FieldReader.isoMillis(text, paris)).as(text).isEqualTo(expected);
        }
        // The hour daylight saving skips (a gap) and the one it repeats (an overlap), in Paris.
        for (String edge : new String[] {"2021-03-28T02:30", "2021-10-31T02:30:15.5"}) {
            assertThat(FieldReader.isoMillis(edge, paris))
                    .as(edge)
                    .isEqualTo(
                            LocalDateTime.parse(edge)
                                    .atZone(paris.zone())
                                    .toInstant()
                                    .toEpochMilli());
        }
        for (String bad :
                new String[] {
                    "2001-13-01T00:00",
                    "2001-02-30T10:00",
                    "2001-01-01T25:00",
                    "2001-01-01T10:00:5",
                    "2001-01-01T10:00+25:00"
                }) {
            assertThatThrownBy(() -> FieldReader.isoMillis(bad, paris))
                    .as(bad)
                    .isInstanceOf(java.time.DateTimeException.class);
        }
    }

    @Test
    void crossesCombineBooleansIntegersAndBucketsAsTokens() {
        FeatureSpec spec =
                spec(
                        """
                        - { name: mobile, type: boolean }
                        - { name: n, type: integer }
                        - { name: x, type: number, buckets: [0] }
                        """,
                        "[[mobile, n], [n, x]]");
        Featurizer f = new Featurizer(spec, "e");
        FeatureVector a = features(f, "mobile", "true", "n", "3", "x", "1");
        FeatureVector b = features(f, "mobile", "false", "n", "3", "x", "1");
        FeatureVector c = features(f, "mobile", "1", "n", "3", "x", "2");

        // x's bucket, then the two crosses.
        assertThat(a.indices()).hasSize(3);
        assertThat(a.dense()).containsExactly(1.0, 3.0);
        assertThat(a.indices()[1]).isNotEqualTo(b.indices()[1]);
        assertThat(a.indices()[2]).isEqualTo(b.indices()[2]);
        // true and 1 are the same boolean; 1 and 2 share a bucket.
        assertThat(c).isEqualTo(a);
    }

    @Test
    void aVocabularyCategoryHashesIntoItsOwnRangeAfterTheSharedSpace() {
        Featurizer f =
                featurizer(
                        """
                        - { name: u, type: category, vocabulary: { min-count: 2, bits: 4 } }
                        - { name: v, type: category }
                        """);
        for (String user : new String[] {"alice", "bob", "carol", "dave"}) {
            int[] indices = features(f, "u", user, "v", user).indices();
            // Slot 0 of [2^20, 2^20 + 16) is the out-of-vocabulary bucket, never a value's.
            assertThat(indices[0]).isBetween((1 << 20) + 1, (1 << 20) + 15);
            assertThat(indices[1]).isBetween(0, (1 << 20) - 1);
        }
    }

    @Test
    void aFieldOnlyScoringPathNeedsNoLabelAndNoTime() {
        Featurizer f = featurizer("- { name: x, type: number }");
        Featurizer.Outcome outcome = f.featurizeFields("7", Map.of("x", "2"));

        assertThat(outcome.example().features().dense()).containsExactly(2.0);
        assertThat(outcome.example().label()).isNaN();
        assertThat(f.featurizeFields("8", Map.of("x", "two")).deadLetter().reason())
                .isEqualTo(ReasonCode.BAD_TYPE);
    }

    @Test
    void aHugeValueIsShownCutInItsDeadLetter() {
        Featurizer f = featurizer("- { name: x, type: number }");
        DeadLetter bad = rejected(f, "x", "z".repeat(1 << 20));

        assertThat(bad.reason()).isEqualTo(ReasonCode.BAD_TYPE);
        assertThat(bad.detail()).hasSizeLessThan(200).contains("(1048576 chars)");
    }

    private static int[] sorted(int[] indices) {
        int[] copy = indices.clone();
        Arrays.sort(copy);
        return copy;
    }
}
