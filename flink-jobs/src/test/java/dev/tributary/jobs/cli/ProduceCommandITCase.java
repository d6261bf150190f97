package dev.tributary.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary produce} against a real broker: events on one topic, labels on another. */
class ProduceCommandITCase {

    @TempDir Path temp;

    @Test
    void replaysAFileWithLabelsOnTheirOwnTopic() throws Exception {
        Path file = temp.resolve("clicks.csv");
        Files.writeString(
                file,
                """
                id,ts,page,clicked
                a,2026-01-01T00:00:00Z,home,1
                b,2026-01-01T00:01:00Z,cart,0
                c,not-a-time,home,1
                """);
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults())) {
            int exit = produceClicks(file, broker, "--label-delay", "5m");

            assertThat(exit).isZero();
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), "check", "check");
            // All three events (the unreadable one too, for the job to dead-letter); two labels.
            assertThat(TopicTools.countCommitted(kafka, "clicks")).isEqualTo(3);
            assertThat(TopicTools.countCommitted(kafka, "clicked")).isEqualTo(2);
        }
    }

    /**
     * {@code --drift-after} injects the demo's documented drift: with fraction 1 every entity's
     * label flips from that event time on, and no label before it.
     */
    @Test
    void injectsTheDocumentedDriftFromItsInstant() throws Exception {
        Path file = temp.resolve("clicks.csv");
        Files.writeString(
                file,
                """
                id,ts,page,clicked
                a,2026-01-01T00:00:00Z,home,1
                b,2026-01-02T00:00:00Z,cart,1
                c,2026-01-03T00:00:00Z,home,0
                """);
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults())) {
            int exit =
                    produceClicks(
                            file,
                            broker,
                            "--drift-after",
                            "2026-01-02T00:00:00Z",
                            "--drift-by",
                            "page",
                            "--drift-fraction",
                            "1");

            assertThat(exit).isZero();
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), "check", "check");
            Map<String, String> labels = new TreeMap<>();
            ObjectMapper json = new ObjectMapper();
            TopicTools.readCommitted(
                    kafka,
                    "clicked",
                    value -> {
                        try {
                            JsonNode label = json.readTree(value);
                            labels.put(label.path("id").asText(), label.path("label").asText());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            assertThat(labels).containsExactly(entry("a", "1"), entry("b", "0"), entry("c", "1"));
        }
    }

    /** Replays a clicks file: events to {@code clicks}, labels to {@code clicked}. */
    private static int produceClicks(Path file, EmbeddedKafkaBroker broker, String... more) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "produce",
                                "--file",
                                file.toString(),
                                "--topic",
                                "clicks",
                                "--bootstrap-servers",
                                broker.bootstrapServers(),
                                "--time-field",
                                "ts",
                                "--id-field",
                                "id",
                                "--label-topic",
                                "clicked",
                                "--label-field",
                                "clicked"));
        args.addAll(List.of(more));
        return Main.commandLine().execute(args.toArray(String[]::new));
    }

    @Test
    void aDriftWithoutItsFieldsIsABadOption() {
        java.io.StringWriter err = new java.io.StringWriter();
        int exit =
                Main.commandLine()
                        .setErr(new java.io.PrintWriter(err))
                        .execute(
                                "produce",
                                "--file",
                                "pom.xml",
                                "--topic",
                                "t",
                                "--bootstrap-servers",
                                "localhost:1",
                                "--time-field",
                                "ts",
                                "--drift-after",
                                "2026-01-02T00:00:00Z");

        assertThat(exit).isNotZero();
        assertThat(err.toString())
                .contains(
                        "--drift-by: is missing; --drift-after needs the fields that make up an"
                                + " entity, e.g. origin,dest");
    }
}
