package dev.tributary.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/metrics.md documents exactly the metrics of {@link TributaryMetric}, as they are. */
class MetricCatalogueTest {

    private static final Path DOCS = Path.of("..", "docs", "metrics.md");
    private static final String BEGIN = "<!-- metrics:begin -->\n";
    private static final String END = "<!-- metrics:end -->";

    @Test
    void theDocumentedTableIsTheCatalogue() throws IOException {
        String docs = Files.readString(DOCS);
        int begin = docs.indexOf(BEGIN);
        int end = docs.indexOf(END);
        assertThat(begin).as("%s has %s", DOCS, BEGIN.trim()).isNotNegative();
        assertThat(end).as("%s has %s", DOCS, END).isGreaterThan(begin);

        assertThat(docs.substring(begin + BEGIN.length(), end))
                .as("the table of %s; regenerate it from TributaryMetric", DOCS)
                .isEqualTo(table());
    }

    @Test
    void everyTributaryNameInTheDocsIsExported() throws IOException {
        Set<String> exported = new HashSet<>();
        for (TributaryMetric metric : TributaryMetric.values()) {
            exported.add(metric.prometheusName());
        }
        Matcher names =
                Pattern.compile(MetricScope.OPERATOR_PREFIX + MetricScope.ROOT + "_[a-z0-9_]+")
                        .matcher(Files.readString(DOCS));
        int found = 0;
        while (names.find()) {
            found++;
            assertThat(exported).as("exported names").contains(names.group());
        }
        assertThat(found).isGreaterThanOrEqualTo(TributaryMetric.values().length);
    }

    @Test
    void namesAreUniqueAndPrometheusSafe() {
        Set<String> names = new HashSet<>();
        for (TributaryMetric metric : TributaryMetric.values()) {
            assertThat(names.add(metric.prometheusName())).as(metric.name()).isTrue();
            assertThat(metric.prometheusName()).matches("[a-z_][a-z0-9_]*");
            assertThat(metric.help()).isNotBlank();
        }
        assertThat(TributaryMetric.LOG_LOSS.prometheusName())
                .isEqualTo(
                        "flink_taskmanager_job_task_operator_tributary_experiment_model_arm_log_loss");
        assertThat(TributaryMetric.STATE_LOADS.prometheusName())
                .isEqualTo("flink_taskmanager_job_task_operator_tributary_state_loads");
    }

    /** The table as the catalogue says it: one section per scope, in catalogue order. */
    static String table() {
        StringBuilder out = new StringBuilder();
        MetricScope last = null;
        for (TributaryMetric m : TributaryMetric.values()) {
            if (m.scope() != last) {
                last = m.scope();
                out.append("\n### ").append(m.scope().name().toLowerCase(Locale.ROOT));
                if (!m.scope().keys().isEmpty()) {
                    out.append(" (labels: ")
                            .append(String.join(", ", m.scope().keys()))
                            .append(")");
                }
                out.append("\n\n| metric | type | meaning |\n|---|---|---|\n");
            }
            out.append("| `")
                    .append(m.prometheusName())
                    .append("` | ")
                    .append(m.type().name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(m.help())
                    .append(" |\n");
        }
        return out.toString();
    }
}
