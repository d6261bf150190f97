package dev.tributary.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.core.config.KafkaConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** What the Kafka integration tests share: reading what a job committed, and the demo files. */
public final class KafkaTesting {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KafkaTesting() {}

    /** Every committed record of {@code topic}, parsed as JSON, in offset order. */
    public static List<JsonNode> committed(String bootstrapServers, String topic) {
        KafkaSettings kafka = KafkaSettings.of(bootstrapServers, "check", "check");
        List<JsonNode> records = new ArrayList<>();
        TopicTools.readCommitted(
                kafka,
                topic,
                value -> {
                    try {
                        records.add(JSON.readTree(value));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
        return records;
    }

    /** Creates the topics a Kafka job writes, with one partition each. */
    public static void ensureOutputTopics(KafkaConfig kafka) {
        KafkaConfig.Topics t = kafka.topics();
        TopicTools.ensureTopics(
                KafkaSettings.from(kafka),
                1,
                List.of(t.predictions(), t.deadLetters(), t.decisions(), t.modelUpdates()));
    }

    /** A classpath resource as text, e.g. {@code /demo/flights-kafka.yaml}. */
    public static String resource(String name) throws IOException {
        try (InputStream in = KafkaTesting.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
