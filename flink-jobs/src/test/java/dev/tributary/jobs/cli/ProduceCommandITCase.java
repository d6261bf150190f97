package dev.tributary.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
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
            int exit =
                    Main.commandLine()
                            .execute(
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
                                    "clicked",
                                    "--label-delay",
                                    "5m");

            assertThat(exit).isZero();
            KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers(), "check", "check");
            // All three events (the unreadable one too, for the job to dead-letter); two labels.
            assertThat(TopicTools.countCommitted(kafka, "clicks")).isEqualTo(3);
            assertThat(TopicTools.countCommitted(kafka, "clicked")).isEqualTo(2);
        }
    }
}
