package dev.tributary.jobs.cli;

import dev.tributary.connectors.kafka.JsonControlCodec;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.core.model.ControlCommand;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary control promote|rollback|pause|resume|retrain --experiment E}: sends one manual
 * command to a running job's control topic, and prints what it sent. The job carries it out at once
 * in the experiment's keyed state and logs what it did (or why it could not) on the decisions
 * topic.
 */
@Command(
        name = "control",
        mixinStandardHelpOptions = true,
        description = {
            "Sends a manual command to a running job's control topic:",
            "  promote   make a challenger the champion now",
            "  rollback  roll a challenger back now",
            "  pause     stop automatic retrains and rollout steps",
            "  resume    resume them",
            "  retrain   start challengers now",
            "What the job did, or why it refused, appears on the decisions topic."
        })
final class ControlCliCommand implements Callable<Integer> {

    /** The command names, for help and messages. */
    static final String NAMES =
            Arrays.stream(ControlCommand.Kind.values())
                    .map(ControlCommand.Kind::commandName)
                    .collect(Collectors.joining(", "));

    /** The default broker when neither --bootstrap nor --config names one. */
    static final String DEFAULT_BOOTSTRAP = "localhost:9092";

    private static final long SEND_TIMEOUT_SECONDS = 60;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            index = "0",
            paramLabel = "COMMAND",
            description = "promote, rollback, pause, resume or retrain.")
    String command;

    @Option(
            names = "--experiment",
            required = true,
            paramLabel = "NAME",
            description = "The experiment the command is for.")
    String experiment;

    @Option(
            names = "--model",
            paramLabel = "ID",
            description =
                    "The model it concerns (default: the only challenger in rollout, where the"
                            + " command needs one).")
    String model;

    @Option(
            names = {"--bootstrap", "--bootstrap-servers"},
            paramLabel = "HOST:PORT",
            description =
                    "Kafka (default: the job file's kafka.bootstrap-servers, else "
                            + DEFAULT_BOOTSTRAP
                            + ").")
    String bootstrap;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "The running job's YAML file: its kafka section gives the brokers, client"
                            + " properties and the control topic's name.")
    Path config;

    @Option(
            names = "--property",
            paramLabel = "KEY=VALUE",
            description = "A Kafka client property (SASL, TLS); repeatable.")
    Map<String, String> properties = Map.of();

    @Override
    public Integer call() throws Exception {
        ControlCommand sent = toCommand(UUID.randomUUID().toString(), issuer(), now());
        KafkaSettings kafka = kafkaSettings();
        String topic = kafka.topics().control();
        TopicTools.ensureTopics(kafka, 1, List.of(topic));
        byte[] value = JsonControlCodec.encode(sent);
        RecordMetadata metadata = send(kafka, topic, sent.experiment(), value);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "Sent %s for experiment %s%s to topic %s (partition %d, offset %d) on %s:%n%s%n",
                sent.kind().commandName(),
                sent.experiment(),
                sent.modelId().isEmpty() ? "" : ", model " + sent.modelId(),
                topic,
                metadata.partition(),
                metadata.offset(),
                kafka.bootstrapServers(),
                new String(value, StandardCharsets.UTF_8));
        out.println("The job's verdict appears on its decisions topic.");
        out.flush();
        return 0;
    }

    /**
     * The command the arguments describe.
     *
     * @throws ConfigException naming the argument when the command name or experiment is bad
     */
    ControlCommand toCommand(String id, String issuedBy, long issuedAt) {
        ControlCommand.Kind kind =
                command == null ? null : ControlCommand.Kind.ofCommandName(command.strip());
        if (kind == null) {
            throw new ConfigException(
                    "COMMAND", "'" + command + "' is not a command; expected one of " + NAMES);
        }
        if (experiment == null || experiment.isBlank()) {
            throw new ConfigException("--experiment", "must name an experiment, was blank");
        }
        if (model != null && model.isBlank()) {
            throw new ConfigException("--model", "must name a model when given, was blank");
        }
        return new ControlCommand(
                id,
                experiment.strip(),
                kind,
                model == null ? "" : model.strip(),
                issuedBy,
                issuedAt);
    }

    /**
     * The Kafka settings: the job file's kafka section when given, its brokers replaced by {@code
     * --bootstrap} when that is given too, plus the {@code --property} values.
     */
    KafkaSettings kafkaSettings() {
        KafkaSettings settings;
        if (config != null) {
            JobConfig job = JobConfigParser.parse(config);
            if (job.kafka() == null) {
                throw new ConfigException(
                        "--config",
                        "\""
                                + config
                                + "\" has no kafka section; a job that reads files has no"
                                + " control topic");
            }
            var kafka = job.kafka();
            if (bootstrap != null) {
                kafka = kafka.withBootstrapServers(bootstrap);
            }
            try {
                settings = KafkaSettings.from(kafka.withProperties(properties));
            } catch (IllegalArgumentException e) {
                // The message names the kafka.<setting>, its value and what was expected.
                throw new ConfigException("", e.getMessage());
            }
        } else {
            try {
                settings =
                        KafkaSettings.of(
                                        bootstrap == null ? DEFAULT_BOOTSTRAP : bootstrap,
                                        "tributary-control",
                                        "tributary-control")
                                .withProperties(properties);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--bootstrap", e.getMessage());
            }
        }
        return settings;
    }

    /** Who sends the command: {@code user@host}. */
    static String issuer() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name", "unknown-user") + "@" + host;
    }

    /** When the command is sent: the wall clock, for the audit log only. */
    private static long now() {
        return System.currentTimeMillis();
    }

    private static RecordMetadata send(KafkaSettings kafka, String topic, String key, byte[] value)
            throws Exception {
        Properties props = kafka.producerProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Keyed by experiment: the commands of one experiment stay in order on one partition.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            return producer.send(
                            new ProducerRecord<>(
                                    topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }
}
