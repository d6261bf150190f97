package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeatureSpecParserTest {

    /** A job whose feature spec uses every type and transform. */
    private static final String RICH =
            """
            source: { path: clicks.jsonl, event-time: { field: ts, format: epoch-millis } }
            features:
              hash-bits: 16
              label: clicked
              entity: user
              fields:
                - { name: user, type: category, vocabulary: { min-count: 3, bits: 12 } }
                - { name: country, type: category, required: false, allowed: [DE, FR, US] }
                - name: price
                  type: number
                  required: false
                  range: [0, 1000000]
                  log1p: true
                  impute: median
                  missing-indicator: true
                  clip: { quantiles: [0.01, 0.99] }
                - { name: age, type: integer, required: false, impute: 30, clip: [18, 90], buckets: [25, 35, 50, 65] }
                - { name: rating, type: number, impute: mean, standardize: false }
                - { name: mobile, type: boolean }
                - { name: query, type: text, required: false, ngrams: 2, max-tokens: 32 }
                - { name: seen, type: timestamp, format: iso, zone: Europe/Paris, parts: [hour-of-day, cyclic] }
              crosses:
                - [country, mobile]
                - [age, user]
            experiment:
              name: clicks
              models: [ { id: champion } ]
            """;

    @Test
    void readsEveryTypeAndTransform() {
        FeatureSpec spec = JobConfigParser.parse(RICH).features();

        FieldSpec price = spec.fields().get(2);
        assertThat(price.required()).isFalse();
        assertThat(price.rule().min()).isZero();
        assertThat(price.number().log1p()).isTrue();
        assertThat(price.number().impute()).isEqualTo(new Imputation(Imputation.Kind.MEDIAN, 0));
        assertThat(price.number().clip())
                .isEqualTo(new Clipping(Clipping.Kind.QUANTILES, 0.01, 0.99));
        FieldSpec age = spec.fields().get(3);
        assertThat(age.number().impute()).isEqualTo(new Imputation(Imputation.Kind.CONSTANT, 30));
        assertThat(age.number().clip()).isEqualTo(new Clipping(Clipping.Kind.FIXED, 18, 90));
        assertThat(age.number().buckets()).containsExactly(25.0, 35.0, 50.0, 65.0);
        assertThat(spec.fields().get(1).rule().allowed()).containsExactly("DE", "FR", "US");
        assertThat(spec.fields().get(0).vocabulary()).isEqualTo(new Vocabulary("user", 3, 12));
        assertThat(spec.space().vocabularies()).containsExactly(new Vocabulary("user", 3, 12));
        assertThat(spec.space().sparseDimension()).isEqualTo((1 << 16) + (1 << 12));
        assertThat(spec.fields().get(6).text()).isEqualTo(new TextEncoding(2, 32, true));
        TimestampEncoding seen = spec.fields().get(7).timestamp();
        assertThat(seen.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(seen.parts())
                .isEqualTo(
                        Set.of(TimestampEncoding.Part.HOUR_OF_DAY, TimestampEncoding.Part.CYCLIC));
    }

    @Test
    void theSpaceListsTheDenseInputsWithWhatTheModelLearns() {
        FeatureSpace space = JobConfigParser.parse(RICH).features().space();

        assertThat(space.denseFeatures())
                .containsExactly(
                        "price",
                        "price:missing",
                        "rating",
                        "mobile",
                        "seen:hour_sin",
                        "seen:hour_cos",
                        "seen:dow_sin",
                        "seen:dow_cos");
        DenseInput price = space.denseInputs().get(0);
        assertThat(price.impute().kind()).isEqualTo(Imputation.Kind.MEDIAN);
        assertThat(price.clip().kind()).isEqualTo(Clipping.Kind.QUANTILES);
        assertThat(price.standardize()).isTrue();
        assertThat(space.denseInputs().get(1)).isEqualTo(DenseInput.raw("price:missing"));
        assertThat(space.denseInputs().get(2).standardize()).isFalse();
        assertThat(space.denseInputs().get(2).impute().kind()).isEqualTo(Imputation.Kind.MEAN);
    }

    @Test
    void theSpecTravelsAsCanonicalJsonThatParsesToTheSameSpec() {
        FeatureSpec spec = JobConfigParser.parse(RICH).features();

        assertThat(spec.canonicalJson()).startsWith("{\"crosses\":").contains("\"hash-bits\":16");
        FeatureSpec again = FeatureSpecParser.parseJson(spec.canonicalJson());
        assertThat(again).isEqualTo(spec);
        assertThat(spec.space().spec()).isEqualTo(spec.canonicalJson());
        // Key order and layout in the YAML do not change the canonical form.
        String reordered =
                RICH.replace("hash-bits: 16\n  label: clicked", "label: clicked\n  hash-bits: 16");
        assertThat(reordered).isNotEqualTo(RICH);
        assertThat(JobConfigParser.parse(reordered).features().canonicalJson())
                .isEqualTo(spec.canonicalJson());
    }

    /** Each mistake fails at start-up with its key path, the value and what was expected. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                // an unknown transform
                "{ name: rating, type: number, impute: mean, standardize: false }"
                        + "|{ name: rating, type: number, sqrt: true }"
                        + "|features.fields[4].sqrt: is not a known key; a number field takes [name,",
                // a transform of another type
                "{ name: mobile, type: boolean }|{ name: mobile, type: boolean, log1p: true }"
                        + "|features.fields[5].log1p: does not apply to a boolean field; a boolean"
                        + " field takes [name, type, required]",
                "{ min-count: 3, bits: 12 }|{ min-count: 0, bits: 12 }"
                        + "|features.fields[0].vocabulary.min-count: 0 must be >= 1",
                "{ min-count: 3, bits: 12 }|{ min-count: 3, size: 12 }"
                        + "|features.fields[0].vocabulary.size: is not a known key",
                "{ name: mobile, type: boolean }|{ name: mobile, type: boolean, vocabulary: {} }"
                        + "|features.fields[5].vocabulary: does not apply to a boolean field",
                // a wrong type
                "{ name: mobile, type: boolean }|{ name: mobile, type: bool }"
                        + "|features.fields[5].type: \"bool\" is not known; expected one of [number,",
                // bad ranges and bounds
                "range: [0, 1000000]|range: [10, 1]"
                        + "|features.fields[2].range: [10.0, 1.0] is empty; expected min <= max",
                "range: [0, 1000000]|range: 5"
                        + "|features.fields[2].range: 5 is not known; expected [min, max]",
                "clip: [18, 90]|clip: [90, 18]"
                        + "|features.fields[3].clip: [90.0, 18.0] is empty; expected lower < upper",
                "quantiles: [0.01, 0.99]|quantiles: [0.5, 1.5]"
                        + "|features.fields[2].clip.quantiles: [0.5, 1.5] are not quantile levels",
                "impute: median|impute: mode"
                        + "|features.fields[2].impute: \"mode\" is not known; expected mean, median"
                        + " or a number",
                "buckets: [25, 35, 50, 65]|buckets: [25, 50, 35]"
                        + "|features.fields[3].buckets: [25,50,35] does not ascend",
                "impute: 30, clip: [18, 90], buckets|impute: mean, clip: [18, 90], buckets"
                        + "|features.fields[3].impute: mean is learned by the model on dense"
                        + " values, but buckets make this field a category",
                "ngrams: 2|ngrams: 9|features.fields[6].ngrams: 9 must be in 1..5",
                "zone: Europe/Paris|zone: Mars/Olympus"
                        + "|features.fields[7].zone: \"Mars/Olympus\" is not a time zone",
                "parts: [hour-of-day, cyclic]|parts: [minute]"
                        + "|features.fields[7].parts: \"minute\" is not known; expected some of",
                "allowed: [DE, FR, US]|allowed: []"
                        + "|features.fields[1].allowed: [] is not a non-empty list of values",
                // crosses
                "- [age, user]|- [age, query]"
                        + "|features.crosses[1]: \"query\" is a text; a cross combines fields of one"
                        + " token each",
                "- [age, user]|- [age, nobody]"
                        + "|features.crosses[1]: \"nobody\" is not a field of features.fields",
                "- [age, user]|- [rating, user]"
                        + "|features.crosses[1]: \"rating\" is a number without buckets",
                "{ name: user, type: category, vocabulary|{ name: user:id, type: category, vocabulary"
                        + "|features.fields[0].name: \"user:id\" contains ':'",
            })
    void aMistakeInTheSpecFailsNamingItsKeyPath(String from, String to, String message) {
        String yaml = RICH.replace(from, to);
        assertThat(yaml).isNotEqualTo(RICH);

        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aConstantImputationMustSurviveLog1p() {
        String yaml = RICH.replace("impute: median", "impute: -3");

        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .hasMessage(
                        "features.fields[2].impute: -3.0 cannot be imputed: log1p needs values > -1");
    }

    @Test
    void aPublishedSpecThatIsNotJsonIsRefused() {
        assertThatThrownBy(() -> FeatureSpecParser.parseJson("{not json"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("features: not valid JSON");
    }
}
