package dev.tributary.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} true: its complete example must parse, and every default it
 * states must be the parser's default.
 */
class JobConfigReferenceTest {

    private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

    @Test
    void theDocumentedCompleteJobFileParses() throws Exception {
        JobConfig job = JobConfigParser.parse(exampleYaml());

        assertThat(job.source().idField()).isEqualTo("flight_id");
        assertThat(job.features().fields()).hasSize(6);
        assertThat(job.features().entityFeatures().means()).containsExactly("distance");
        assertThat(job.features().label()).isEqualTo(LabelSpec.binary("delayed"));
        assertThat(job.experiment().champion().id()).isEqualTo("logreg-ftrl");
        assertThat(job.experiment().models())
                .extracting(ModelConfig::id)
                .containsExactly("logreg-ftrl", "logreg-normalized", "fm-sgd", "mlp-adam");
        assertThat(job.experiment().task()).isEqualTo(Task.BINARY);
        assertThat(job.checkpoints().directory()).isEqualTo("file:///var/tributary/checkpoints");
        assertThat(job.kafka().topics()).isEqualTo(KafkaConfig.Topics.DEFAULTS);
        assertThat(job.kafka().startingOffsets()).isEqualTo("committed");
        assertThat(job.labels().join().defaultOnTimeout()).isTrue();
    }

    @Test
    void theDocumentedDefaultsAreTheParsersDefaults() throws Exception {
        String minimal =
                """
                source:
                  path: x.csv
                  event-time: { field: ts }
                features:
                  label: y
                  fields: [ { name: a, type: category } ]
                experiment:
                  name: e
                  models: [ { id: m } ]
                """;
        JobConfig defaults = JobConfigParser.parse(minimal);
        String doc = exampleYaml();

        assertThat(defaultOf(doc, "name:")).isEqualTo(defaults.name());
        assertThat(defaultOf(doc, "format: \"yyyy")).isEqualTo(defaults.source().eventTimeFormat());
        assertThat(defaultOf(doc, "zone:")).isEqualTo(defaults.source().zone());
        assertThat(defaultOf(doc, "task:"))
                .isEqualTo(defaults.features().label().task().yamlName());
        assertThat(defaultOf(doc, "hash-bits:"))
                .isEqualTo(String.valueOf(defaults.features().hashBits()));
        assertThat(defaultOf(doc, "publish-every:"))
                .isEqualTo(String.valueOf(defaults.experiment().publishEveryExamples()));
        assertThat(defaultOf(doc, "window:"))
                .isEqualTo(String.valueOf(defaults.experiment().evaluation().window()));
        FtrlConfig ftrl = (FtrlConfig) defaults.experiment().champion().optimizer();
        assertThat(Double.parseDouble(defaultOf(doc, "alpha:"))).isEqualTo(ftrl.alpha());
        assertThat(Double.parseDouble(defaultOf(doc, "beta:"))).isEqualTo(ftrl.beta());
        assertThat(Double.parseDouble(defaultOf(doc, "l1:"))).isEqualTo(ftrl.l1());
        assertThat(Double.parseDouble(defaultOf(doc, "l2:"))).isEqualTo(ftrl.l2());
        assertThat(defaultOf(doc, "interval:"))
                .isEqualTo(defaults.checkpoints().interval().toSeconds() + "s");
        assertThat(defaultOf(doc, "directory: tributary-out"))
                .isEqualTo(defaults.outputDirectory());
    }

    private static String exampleYaml() throws Exception {
        Matcher m =
                Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL)
                        .matcher(Files.readString(REFERENCE));
        assertThat(m.find()).as("a yaml block in " + REFERENCE).isTrue();
        return m.group(1);
    }

    /** The "(default: X)" stated on the first line of the example that starts with {@code key}. */
    private static String defaultOf(String doc, String key) {
        for (String line : doc.split("\n")) {
            if (line.trim().startsWith(key)) {
                Matcher m = Pattern.compile("\\(default: ([^;,)]+)").matcher(line);
                assertThat(m.find()).as("a default on: " + line).isTrue();
                return m.group(1).trim();
            }
        }
        throw new AssertionError("no line for " + key);
    }
}
