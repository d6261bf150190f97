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
                - { name: distance, type: number, log1p: true }
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
    void parallelismIsOneUnlessTheJobAsksForMore() {
        assertThat(JobConfigParser.parse(VALID).parallelism()).isEqualTo(1);
        assertThat(JobConfigParser.parse(VALID + "parallelism: 4\n").parallelism()).isEqualTo(4);
        assertThatThrownBy(() -> JobConfigParser.parse(VALID + "parallelism: 0\n"))
                .hasMessage(
                        "parallelism: 0 must be in 1..128: the parallelism of the job's stages (1"
                                + " on one machine)");
        assertThatThrownBy(() -> JobConfigParser.parse(VALID + "parallelism: two\n"))
                .hasMessageStartingWith("parallelism: \"two\" is not an integer");
    }

    @Test
    void slicesMetricsByADiscreteField() {
        assertThat(JobConfigParser.parse(VALID).experiment().evaluation().sliced()).isFalse();
        String shorthand =
                VALID.replace(
                        "  publish-every: 5000\n",
                        "  publish-every: 5000\n  evaluation:\n    slices: origin\n");
        assertThat(JobConfigParser.parse(shorthand).experiment().evaluation().slices())
                .isEqualTo(SliceConfig.by("origin"));
        String full =
                VALID.replace(
                        "  publish-every: 5000\n",
                        "  publish-every: 5000\n  evaluation:\n    window: 500\n"
                                + "    slices: { by: dow, worst: 3, min-examples: 50, max: 20 }\n");
        EvaluationConfig evaluation = JobConfigParser.parse(full).experiment().evaluation();
        assertThat(evaluation.window()).isEqualTo(500);
        assertThat(evaluation.slices()).isEqualTo(new SliceConfig("dow", 3, 50, 20));
        String off =
                VALID.replace(
                        "  publish-every: 5000\n",
                        "  publish-every: 5000\n  evaluation:\n    slices: off\n");
        assertThat(JobConfigParser.parse(off).experiment().evaluation().sliced()).isFalse();
    }

    @Test
    void rejectsSlicesThatNameNoDiscreteField() {
        assertSliceError(
                "slices: origin_airport",
                "experiment.evaluation.slices: \"origin_airport\" is not a field of the feature"
                        + " spec; expected a category, boolean or integer field, one of [dow,"
                        + " origin, dest]");
        assertSliceError(
                "slices: { by: distance }",
                "experiment.evaluation.slices.by: \"distance\" is a number field; expected a"
                        + " category, boolean or integer field, one of [dow, origin, dest]");
        assertSliceError(
                "slices: { worst: 3 }",
                "experiment.evaluation.slices.by: is missing; expected a string");
        assertSliceError(
                "slices: { by: origin, worst: 0 }",
                "experiment.evaluation.slices.worst: 0 must be in 1..1000");
        assertSliceError(
                "slices: { by: origin, min-examples: 0 }",
                "experiment.evaluation.slices.min-examples: 0 must be >= 1: the examples a slice"
                        + " needs before it is ranked");
        assertSliceError(
                "slices: { by: origin, max: 1000000 }",
                "experiment.evaluation.slices.max: 1000000 must be in 1..100000: the distinct"
                        + " values measured one by one");
        assertSliceError("slices: { by: origin, top: 3 }", "experiment.evaluation.slices.top: ");
    }

    @Test
    void watchesFeatureDriftByDefaultAndTakesItsSizesOrOff() {
        assertThat(JobConfigParser.parse(VALID).experiment().evaluation().featureDrift())
                .isEqualTo(FeatureDriftConfig.DEFAULTS);
        assertThat(
                        JobConfigParser.parse(evaluation("feature-drift: off"))
                                .experiment()
                                .evaluation()
                                .featureDrift())
                .isNull();
        assertThat(
                        JobConfigParser.parse(
                                        evaluation(
                                                "feature-drift: { reference: 500, window: 200,"
                                                        + " bins: 5 }"))
                                .experiment()
                                .evaluation()
                                .featureDrift())
                .isEqualTo(new FeatureDriftConfig(500, 200, 5));
        assertThatThrownBy(() -> JobConfigParser.parse(evaluation("feature-drift: { bins: 1 }")))
                .hasMessage("experiment.evaluation.feature-drift.bins: 1 must be in 2..1000");
        assertThatThrownBy(() -> JobConfigParser.parse(evaluation("feature-drift: { window: 0 }")))
                .hasMessage(
                        "experiment.evaluation.feature-drift.window: 0 must be in 1..1000000: the"
                                + " most recent values compared with the reference");
        assertThatThrownBy(() -> JobConfigParser.parse(evaluation("feature-drift: { psi: 1 }")))
                .hasMessageStartingWith("experiment.evaluation.feature-drift.psi: ");
    }

    private static String evaluation(String line) {
        return VALID.replace(
                "  publish-every: 5000\n",
                "  publish-every: 5000\n  evaluation:\n    " + line + "\n");
    }

    private static void assertSliceError(String slices, String message) {
        String yaml =
                VALID.replace(
                        "  publish-every: 5000\n",
                        "  publish-every: 5000\n  evaluation:\n    " + slices + "\n");
        assertThatThrownBy(() -> JobConfigParser.parse(yaml)).hasMessageStartingWith(message);
    }

    @Test
    void aFileSourceInjectsADocumentedDrift() {
        String yaml =
                VALID.replace(
                        "  max-events: 1000\n",
                        """
                          max-events: 1000
                          inject-drift:
                            after: 2001-02-01T00:00:00Z
                            label: delayed
                            by: [origin, dest]
                            fraction: 0.4
                        """);

        assertThat(JobConfigParser.parse(yaml).source().injectDrift())
                .isEqualTo(
                        new DriftInjection(
                                java.time.Instant.parse("2001-02-01T00:00:00Z"),
                                "delayed",
                                List.of("origin", "dest"),
                                0.4));
        assertThat(JobConfigParser.parse(VALID).source().injectDrift()).isNull();
    }

    @Test
    void aBadDriftInjectionNamesTheKey() {
        String base =
                VALID.replace(
                        "  max-events: 1000\n",
                        "  max-events: 1000\n  inject-drift: { after: AFTER, label: delayed, by: BY,"
                                + " fraction: FRACTION }\n");
        String good = base.replace("AFTER", "2001-02-01T00:00:00Z").replace("BY", "origin");
        assertThatThrownBy(
                        () ->
                                JobConfigParser.parse(
                                        base.replace("AFTER", "February")
                                                .replace("BY", "origin")
                                                .replace("FRACTION", "0.5")))
                .hasMessage(
                        "source.inject-drift.after: \"February\" is not an instant; expected"
                                + " ISO-8601 in UTC such as 2001-02-01T00:00:00Z");
        assertThatThrownBy(() -> JobConfigParser.parse(good.replace("FRACTION", "1.5")))
                .hasMessageStartingWith("source.inject-drift.fraction: 1.5")
                .hasMessageEndingWith("must be in (0, 1]: the share of entities whose label flips");
        assertThatThrownBy(
                        () ->
                                JobConfigParser.parse(
                                        good.replace("by: origin", "by: []")
                                                .replace("FRACTION", "0.5")))
                .hasMessage(
                        "source.inject-drift.by: [] is not valid; expected the field or list of"
                                + " fields that make up an entity, e.g. [origin, dest]");
    }

    private static final String KAFKA_JOB =
            VALID.replace("  path: data/flights.csv.gz\n", "  type: kafka\n  id-field: flight_id\n")
                    + """
                    kafka:
                      bootstrap-servers: broker:9092
                      starting-offsets: earliest
                      properties:
                        security.protocol: SASL_PLAINTEXT
                        sasl.mechanism: PLAIN
                      topics:
                        events: flights
                    labels:
                      label-field: delayed
                      attribution-window: 30m
                      on-timeout: drop
                    serving:
                      update-every: 500
                    """;

    @Test
    void parsesAKafkaJobWithLabelsOnTheirOwnTopic() {
        JobConfig job = JobConfigParser.parse(KAFKA_JOB);

        assertThat(job.source().kind()).isEqualTo(SourceKind.KAFKA);
        assertThat(job.source().path()).isNull();
        assertThat(job.source().idField()).isEqualTo("flight_id");
        assertThat(job.kafka().bootstrapServers()).isEqualTo("broker:9092");
        assertThat(job.kafka().groupId()).isEqualTo("tributary");
        assertThat(job.kafka().transactionalIdPrefix()).isEqualTo("tributary");
        assertThat(job.kafka().properties())
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(job.kafka().topics().events()).isEqualTo("flights");
        assertThat(job.kafka().topics().labels()).isEqualTo("labels");
        assertThat(job.labels().idField()).isEqualTo("id");
        assertThat(job.labels().labelField()).isEqualTo("delayed");
        assertThat(job.labels().timeField()).isNull();
        assertThat(job.labels().join())
                .isEqualTo(new LabelJoinConfig(Duration.ofMinutes(30), false, 0));
        assertThat(job.serving().updateEvery()).isEqualTo(500);
    }

    @Test
    void aKafkaSourceNeedsAnIdFieldAndAKafkaSection() {
        assertThatThrownBy(
                        () ->
                                JobConfigParser.parse(
                                        KAFKA_JOB.replace("  id-field: flight_id\n", "")))
                .hasMessage(
                        "source.id-field: is missing; a kafka source needs the field that holds"
                                + " each event's id");
        String noKafka = KAFKA_JOB.substring(0, KAFKA_JOB.indexOf("kafka:\n  bootstrap"));
        assertThatThrownBy(() -> JobConfigParser.parse(noKafka))
                .hasMessage("kafka: is missing; a kafka source needs the kafka section");
    }

    @Test
    void rejectsAnUnknownTimeoutPolicy() {
        assertThatThrownBy(
                        () ->
                                JobConfigParser.parse(
                                        KAFKA_JOB.replace("on-timeout: drop", "on-timeout: wait")))
                .hasMessage(
                        "labels.on-timeout: \"wait\" is not known; expected one of [default, drop]");
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
                                + " [number, integer, boolean, category, text, timestamp]");
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
                        "features.crosses[0]: \"distance\" is a number without buckets");
    }

    @Test
    void refusesDuplicateModelIds() {
        String yaml = VALID.replace("- id: challenger", "- id: champion");

        assertThatThrownBy(() -> JobConfigParser.parse(yaml))
                .hasMessage("experiment.models[1].id: \"champion\" is used by another model");
    }

    @Test
    void parsesStreamRulesThatAreOffByDefault() {
        assertThat(JobConfigParser.parse(VALID).cleaning()).isEqualTo(CleaningConfig.NONE);

        JobConfig job =
                JobConfigParser.parse(
                        VALID
                                + "cleaning:\n  dedup-window: 1h\n  allowed-lateness: 30m\n"
                                + "  max-future: 5m\n");

        assertThat(job.cleaning().dedupWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(job.cleaning().allowedLateness()).isEqualTo(Duration.ofMinutes(30));
        assertThat(job.cleaning().maxFuture()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> JobConfigParser.parse(VALID + "cleaning:\n  dedup-window: 0s\n"))
                .hasMessageStartingWith("cleaning.dedup-window: ")
                .hasMessageContaining("must be longer than 0");
        assertThatThrownBy(() -> JobConfigParser.parse(VALID + "cleaning:\n  lateness: 1h\n"))
                .hasMessageStartingWith("cleaning.lateness: ");
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
