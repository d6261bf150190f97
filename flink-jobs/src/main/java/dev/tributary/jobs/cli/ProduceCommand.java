package dev.tributary.jobs.cli;

import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.file.ReplayFormat;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.ReplayProducer;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.DriftInjection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary produce}: replays a CSV or JSON Lines file into a Kafka topic as JSON events,
 * optionally with each record's label sent to a second topic later in event time.
 */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = {
            "Replays a file into Kafka: each record as a JSON event (with \"id\" and an ISO \"ts\"),",
            "and, with --label-topic, its label as {\"id\", \"label\", \"ts\"} --label-delay later."
        })
final class ProduceCommand implements Callable<Integer> {

    @Option(
            names = "--file",
            required = true,
            paramLabel = "FILE",
            description = "CSV (with a header) or JSON Lines; .gz is fine.")
    Path file;

    @Option(
            names = "--topic",
            required = true,
            paramLabel = "TOPIC",
            description = "The events topic.")
    String topic;

    @Option(
            names = "--bootstrap-servers",
            defaultValue = "localhost:9092",
            paramLabel = "HOST:PORT",
            description = "Kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(
            names = "--time-field",
            required = true,
            paramLabel = "FIELD",
            description = "The field holding each record's event time.")
    String timeField;

    @Option(
            names = "--time-format",
            defaultValue = "iso",
            paramLabel = "FORMAT",
            description =
                    "iso, epoch-millis, epoch-seconds or a java.time pattern (default: ${DEFAULT-VALUE}).")
    String timeFormat;

    @Option(
            names = "--zone",
            defaultValue = "UTC",
            paramLabel = "ZONE",
            description = "Zone of local date-times (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(
            names = "--id-field",
            paramLabel = "FIELD",
            description = "The id field (default: the row number).")
    String idField;

    @Option(
            names = "--rate",
            defaultValue = "0",
            paramLabel = "N",
            description =
                    "At most N events per second, 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--label-topic",
            paramLabel = "TOPIC",
            description = "Send labels to this topic instead of inline.")
    String labelTopic;

    @Option(
            names = "--label-field",
            defaultValue = "label",
            paramLabel = "FIELD",
            description = "The file's label field (default: ${DEFAULT-VALUE}).")
    String labelField;

    @Option(
            names = "--label-delay",
            defaultValue = "0s",
            paramLabel = "DURATION",
            description = "How much later in event time labels arrive (default: ${DEFAULT-VALUE}).")
    String labelDelay;

    @Option(
            names = "--drift-after",
            paramLabel = "INSTANT",
            description =
                    "Inject a documented drift, as the demo does: from this event time (e.g."
                            + " 2001-02-01T00:00:00Z) the label (--label-field) of a share of the"
                            + " entities named by --drift-by flips, the same entities on every run.")
    String driftAfter;

    @Option(
            names = "--drift-by",
            paramLabel = "FIELD",
            split = ",",
            description = "The fields that make up an entity for --drift-after, e.g. origin,dest.")
    List<String> driftBy = List.of();

    @Option(
            names = "--drift-fraction",
            defaultValue = "0.5",
            paramLabel = "F",
            description =
                    "The share of entities whose label flips, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double driftFraction;

    @Option(
            names = "--property",
            paramLabel = "KEY=VALUE",
            description = "A Kafka client property (SASL, TLS); repeatable.")
    Map<String, String> properties = Map.of();

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(file)) {
            throw new ConfigException("--file", "\"" + file + "\" is not a readable file");
        }
        Duration delay = DemoCommand.parseDuration("--label-delay", labelDelay);
        String name = file.getFileName().toString().replace(".gz", "");
        ReplayFormat format =
                name.endsWith(".jsonl") || name.endsWith(".json")
                        ? ReplayFormat.JSONL
                        : ReplayFormat.CSV;
        DriftInjection drift = drift();
        ReplayFileSettings replay;
        try {
            replay =
                    new ReplayFileSettings(
                            file.toString(),
                            format,
                            timeField,
                            timeFormat,
                            zone,
                            idField,
                            0,
                            0,
                            drift);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    "--"
                            + e.getMessage()
                                    .split(":")[0]
                                    .replaceAll("([A-Z])", "-$1")
                                    .toLowerCase(Locale.ROOT),
                    e.getMessage());
        }
        KafkaSettings kafka =
                KafkaSettings.of(bootstrapServers, "tributary-produce", "tributary-produce")
                        .withProperties(properties);
        List<String> topics = new ArrayList<>(List.of(topic));
        if (labelTopic != null) {
            topics.add(labelTopic);
        }
        TopicTools.ensureTopics(kafka, 1, topics);
        try (ReplayProducer producer = new ReplayProducer(kafka)) {
            ReplayProducer.Sent sent =
                    producer.replay(
                            replay,
                            new ReplayProducer.Plan(
                                    topic,
                                    labelTopic,
                                    labelTopic == null ? null : labelField,
                                    delay,
                                    rate));
            System.out.printf(
                    Locale.ROOT,
                    "Sent %,d events to %s%s (%,d unreadable, sent as they are for the job to dead-letter)%n",
                    sent.events(),
                    topic,
                    labelTopic == null
                            ? ""
                            : String.format(
                                    Locale.ROOT,
                                    " and %,d labels to %s",
                                    sent.labels(),
                                    labelTopic),
                    sent.unreadable());
        }
        return 0;
    }

    /** The drift the options describe, or {@code null} without {@code --drift-after}. */
    private DriftInjection drift() {
        if (driftAfter == null) {
            if (!driftBy.isEmpty()) {
                throw new ConfigException(
                        "--drift-by", "needs --drift-after, the instant it starts");
            }
            return null;
        }
        Instant after;
        try {
            after = Instant.parse(driftAfter);
        } catch (DateTimeParseException e) {
            throw new ConfigException(
                    "--drift-after",
                    "\"" + driftAfter + "\" is not an instant; expected e.g. 2001-02-01T00:00:00Z");
        }
        if (driftBy.isEmpty()) {
            throw new ConfigException(
                    "--drift-by",
                    "is missing; --drift-after needs the fields that make up an entity, e.g."
                            + " origin,dest");
        }
        if (!(driftFraction > 0 && driftFraction <= 1)) {
            throw new ConfigException(
                    "--drift-fraction",
                    driftFraction + " must be in (0, 1]: the share of entities");
        }
        return new DriftInjection(after, labelField, driftBy, driftFraction);
    }
}
