package dev.tributary.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary bench} runs every variant and reports ratios to its own baseline. */
class BenchCommandITCase {

    @TempDir Path out;

    @Test
    void benchReportsEveryVariantAgainstTheBaseline() throws Exception {
        int exit =
                Main.commandLine()
                        .execute(
                                "bench",
                                "--events",
                                "3000",
                                "--repeats",
                                "1",
                                "--out",
                                out.toString());

        assertThat(exit).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
        assertThat(report.path("events").asLong()).isEqualTo(3000);
        JsonNode variants = report.path("variants");
        assertThat(variants).hasSize(4);
        assertThat(variants.get(3).path("variant").asText()).isEqualTo("retraining");
        assertThat(variants.get(0).path("variant").asText()).isEqualTo("replay");
        assertThat(variants.get(0).path("ratio_to_baseline").asDouble()).isEqualTo(1.0);
        for (JsonNode variant : variants) {
            assertThat(variant.path("events_per_second")).hasSize(1);
            assertThat(variant.path("median_events_per_second").asLong()).isPositive();
            assertThat(variant.path("ratio_to_baseline").asDouble()).isPositive();
        }
    }
}
