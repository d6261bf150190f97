package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobConfigParserTest {

    private static final String VALID =
            """
            name: flights-test
            source:
              path: data/flights.csv.gz
              event-time: { field: ts, format: "yyyy-MM-dd'T'HH:mm" }
              max-events: 1000
            features:
              hash-bits: 18
              label: delayed
              entity: origin
              fields:
                - { name: dow, type: category }
                - { name: distance, type: number, transform: log1p }
                - { name: origin, type: category }
                - { name: dest, type: category }
              crosses:
                - [origin, dest]
            experiment:
              name: flights
              publish-every: 5000
              models:
                - id: champion
                  optimizer: { alpha: 0.2, l1: 0.5 }
                - id: challenger
            checkpoints:
              interval: 2s
            """;

    @Test
    void parsesAValidJobWithDefaults() {
        JobConfig job = JobConfigParser.parse(VALID);

        assertThat(job.name()).isEqualTo("flights-test");
        assertThat(job.source().format()).isEqualTo("csv");
        assertThat(job.source().zone()).isEqualTo("UTC");
        assertThat(job.source().idField()).isNull();
        assertThat(job.source().maxEvents()).isEqualTo(1000);
        assertThat(job.features().space().denseFeatures()).containsExactly("distance");
        assertThat(job.features().space().hashBits()).isEqualTo(18);
        assertThat(job.features().crosses()).containsExactly(List.of("origin", "dest"));
        assertThat(job.experiment().models())
                .extracting(ModelConfig::id)
                .containsExactly("champion", "challenger");
        assertThat(job.experiment().champion().optimizer())
                .isEqualTo(
                        new FtrlConfig(
                                0.2, FtrlConfig.DEFAULTS.beta(), 0.5, FtrlConfig.DEFAULTS.l2()));
        assertThat(job.experiment().models().get(1).optimizer()).isEqualTo(FtrlConfig.DEFAULTS);
        assertThat(job.experiment().evaluation().window())
                .isEqualTo(EvaluationConfig.DEFAULT_WINDOW);
        assertThat(job.checkpoints().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(job.outputDirectory()).isEqualTo("tributary-out");
    }

    @Test
    void namesKeyPathValueAndExpectationOfABadNumber() {
        String yaml =
                VALID.replace("optimizer: { alpha: 0.2, l1: 0.5 }", "optimizer: { alpha: -0.1 }");

        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessage("experiment.models[0].optimizer.alpha: -0.1 must be > 0");
    }

    @Test
    void rejectsUnknownKeysAsTypos() {
        String yaml = VALID.replace("publish-every: 5000", "publish-evry: 5000");

        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "experiment.publish-evry: is not a known key; expected one of [");
    }

    @Test
    void rejectsAnUnknownFieldType() {
        String yaml = VALID.replace("{ name: dow, type: category }", "{ name: dow, type: colour }");

        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .hasMessage(
                        "features.fields[0].type: \"colour\" is not known; expected one of"
                                + " [number, integer, category, boolean]");
    }

    @Test
    void refusesTheLabelAsAFeature() {
        String yaml =
                VALID.replace("{ name: dow, type: category }", "{ name: delayed, type: number }");

        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .hasMessageContaining("features.fields[0].name: \"delayed\" is the label");
    }

    @Test
    void refusesACrossOfANumericField() {
        String yaml = VALID.replace("- [origin, dest]", "- [origin, distance]");

        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .hasMessageStartingWith(
                        "features.crosses[0]: \"distance\" is not a category field");
    }

    @Test
    void refusesDuplicateModelIds() {
        String yaml = VALID.replace("- id: challenger", "- id: champion");

        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .hasMessage("experiment.models[1].id: \"champion\" is used by another model");
    }

    @Test
    void explainsABadDuration() {
        String yaml = VALID.replace("interval: 2s", "interval: soon");

        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .hasMessageStartingWith("checkpoints.interval: \"soon\" is not a duration");
    }

    @Test
    void explainsAMissingSection() {
        String yaml = VALID.substring(0, VALID.indexOf("features:"));

        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .hasMessage("features: is missing; expected a mapping");
    }

    @Test
    void explainsInvalidYaml() {
        assertThatThrownBy(() -> JobConfigParser.parse("name: [unclosed"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("not valid YAML");
    }
}
