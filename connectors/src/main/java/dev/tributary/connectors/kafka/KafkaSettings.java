package dev.tributary.connectors.kafka;

import dev.tributary.core.config.KafkaConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How a Tributary job reaches Kafka: a validated, immutable, serializable record from which every
 * source, sink and admin client of the job takes its client properties.
 *
 * <p>The extra {@link #properties} (SASL, TLS, timeouts, ...) are applied to every client. The keys
 * that these settings own are rejected there, so that a value can only be set in one place: {@code
 * bootstrap.servers}, {@code group.id}, {@code transactional.id}, {@code auto.offset.reset}, {@code
 * enable.auto.commit} (Flink commits offsets on checkpoints), the key and value (de)serializers
 * (the connectors read and write bytes themselves), and {@code isolation.level} unless it is {@code
 * read_committed}: consumers always read committed data only, so that a job never reads the aborted
 * output of another.
 *
 * <p>Producers get {@code transaction.timeout.ms} = {@link #DEFAULT_TRANSACTION_TIMEOUT} unless the
 * properties set it: Flink's exactly-once sink defaults to one hour, which a broker with the
 * default {@code transaction.max.timeout.ms} (15 minutes) refuses, and the value must stay at or
 * below that broker setting.
 *
 * @param bootstrapServers comma-separated {@code host:port} list of brokers
 * @param groupId the consumer group under which sources commit offsets on checkpoints
 * @param startingOffsets where sources start when they do not restore from a checkpoint
 * @param transactionalIdPrefix prefix of the transactional ids of exactly-once sinks; each sink
 *     appends its topic ({@link #transactionalIdPrefix(String)}). Keep it stable across restarts
 *     and unique per job on a cluster, so that lingering transactions are aborted correctly
 * @param properties extra client properties for every source, sink and admin client; {@code null}
 *     means none
 * @param topics the topic names; {@code null} means {@link KafkaTopics#defaults()}
 */
public record KafkaSettings(
        String bootstrapServers,
        String groupId,
        StartingOffsets startingOffsets,
        String transactionalIdPrefix,
        Map<String, String> properties,
        KafkaTopics topics)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The producer transaction timeout unless the properties set one. */
    public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    /** Where sources start unless told otherwise. */
    public static final StartingOffsets DEFAULT_STARTING_OFFSETS = StartingOffsets.COMMITTED;

    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    static final String GROUP_ID = "group.id";
    static final String ISOLATION_LEVEL = "isolation.level";
    static final String READ_COMMITTED = "read_committed";
    static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";

    /** Keys the settings own, with what to use instead. */
    private static final Map<String, String> RESERVED =
            Map.ofEntries(
                    Map.entry(BOOTSTRAP_SERVERS, "set bootstrapServers instead"),
                    Map.entry(GROUP_ID, "set groupId instead"),
                    Map.entry(
                            "transactional.id",
                            "set transactionalIdPrefix instead (each sink derives its own ids)"),
                    Map.entry("auto.offset.reset", "set startingOffsets instead"),
                    Map.entry("enable.auto.commit", "Flink commits offsets on checkpoints"),
                    Map.entry("key.serializer", "the Kafka sinks serialize keys themselves"),
                    Map.entry("value.serializer", "the Kafka sinks serialize values themselves"),
                    Map.entry("key.deserializer", "the Kafka sources deserialize keys themselves"),
                    Map.entry(
                            "value.deserializer",
                            "the Kafka sources deserialize values themselves"));

    public KafkaSettings {
        validateBootstrapServers(bootstrapServers);
        bootstrapServers = bootstrapServers.strip();
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException(
                    "groupId: must name the consumer group, was " + quote(groupId));
        }
        if (startingOffsets == null) {
            throw new IllegalArgumentException(
                    "startingOffsets: must be EARLIEST, LATEST or COMMITTED, was null");
        }
        if (transactionalIdPrefix == null || transactionalIdPrefix.isBlank()) {
            throw new IllegalArgumentException(
                    "transactionalIdPrefix: must be a prefix unique to this job, was "
                            + quote(transactionalIdPrefix));
        }
        properties = properties == null ? Map.of() : validateProperties(properties);
        topics = topics == null ? KafkaTopics.defaults() : topics;
    }

    /**
     * Settings with {@link #DEFAULT_STARTING_OFFSETS}, no extra properties and the default topics.
     *
     * @see #withStartingOffsets(StartingOffsets)
     * @see #withProperties(Map)
     * @see #withTopics(KafkaTopics)
     */
    public static KafkaSettings of(
            String bootstrapServers, String groupId, String transactionalIdPrefix) {
        return new KafkaSettings(
                bootstrapServers,
                groupId,
                DEFAULT_STARTING_OFFSETS,
                transactionalIdPrefix,
                Map.of(),
                KafkaTopics.defaults());
    }

    /**
     * The settings a job file's {@code kafka} section describes: the job configuration stays the
     * one place users write; these are its checked, runtime form for sources and sinks.
     *
     * @throws IllegalArgumentException naming {@code kafka.<setting>}, the value and the
     *     expectation
     */
    public static KafkaSettings from(KafkaConfig kafka) {
        try {
            KafkaConfig.Topics t = kafka.topics();
            return new KafkaSettings(
                    kafka.bootstrapServers(),
                    kafka.groupId(),
                    startingOffsets(kafka.startingOffsets()),
                    kafka.transactionalIdPrefix(),
                    kafka.properties(),
                    new KafkaTopics(
                            t.events(),
                            t.labels(),
                            t.control(),
                            t.predictions(),
                            t.deadLetters(),
                            t.decisions(),
                            t.modelUpdates()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kafka." + e.getMessage(), e);
        }
    }

    private static StartingOffsets startingOffsets(String text) {
        try {
            return StartingOffsets.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(
                    "startingOffsets: " + quote(text) + " must be earliest, latest or committed",
                    e);
        }
    }

    /** A copy whose sources start at {@code offsets}. */
    public KafkaSettings withStartingOffsets(StartingOffsets offsets) {
        return new KafkaSettings(
                bootstrapServers, groupId, offsets, transactionalIdPrefix, properties, topics);
    }

    /** A copy with these extra client properties (replacing the current ones). */
    public KafkaSettings withProperties(Map<String, String> extra) {
        return new KafkaSettings(
                bootstrapServers, groupId, startingOffsets, transactionalIdPrefix, extra, topics);
    }

    /** A copy with these topic names. */
    public KafkaSettings withTopics(KafkaTopics names) {
        return new KafkaSettings(
                bootstrapServers,
                groupId,
                startingOffsets,
                transactionalIdPrefix,
                properties,
                names);
    }

    /**
     * The transactional-id prefix of the exactly-once sink writing {@code topic}: {@code
     * <transactionalIdPrefix>-<topic>}, so that several sinks of one job never share ids.
     */
    public String transactionalIdPrefix(String topic) {
        KafkaTopics.validateName("topic", topic);
        return transactionalIdPrefix + "-" + topic;
    }

    /**
     * Properties for a consumer: the extra properties, the bootstrap servers, the group id and
     * {@code isolation.level=read_committed}. A new, mutable object on each call.
     */
    public Properties consumerProperties() {
        Properties props = commonProperties();
        props.setProperty(GROUP_ID, groupId);
        props.setProperty(ISOLATION_LEVEL, READ_COMMITTED);
        return props;
    }

    /**
     * Properties for a producer: the extra properties, the bootstrap servers and {@code
     * transaction.timeout.ms} ({@link #DEFAULT_TRANSACTION_TIMEOUT} unless the properties set it).
     * A new, mutable object on each call.
     */
    public Properties producerProperties() {
        Properties props = commonProperties();
        if (!props.containsKey(TRANSACTION_TIMEOUT_MS)) {
            props.setProperty(
                    TRANSACTION_TIMEOUT_MS, Long.toString(DEFAULT_TRANSACTION_TIMEOUT.toMillis()));
        }
        return props;
    }

    /**
     * Properties for an admin client: the extra properties and the bootstrap servers. A new,
     * mutable object on each call.
     */
    public Properties adminProperties() {
        return commonProperties();
    }

    /**
     * The settings as text for logs and messages, with the values of secret-looking properties
     * (passwords, keys, JAAS configurations) replaced by {@code ******}.
     */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((key, value) -> shown.put(key, isSecret(key) ? "******" : value));
        return "KafkaSettings[bootstrapServers="
                + bootstrapServers
                + ", groupId="
                + groupId
                + ", startingOffsets="
                + startingOffsets
                + ", transactionalIdPrefix="
                + transactionalIdPrefix
                + ", properties="
                + shown
                + ", topics="
                + topics
                + "]";
    }

    private static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password")
                || k.contains("secret")
                || k.contains("jaas")
                || k.contains("key")
                || k.contains("token")
                || k.contains("credential");
    }

    private Properties commonProperties() {
        Properties props = new Properties();
        props.putAll(properties);
        props.setProperty(BOOTSTRAP_SERVERS, bootstrapServers);
        return props;
    }

    private static void validateBootstrapServers(String servers) {
        if (servers == null || servers.isBlank()) {
            throw new IllegalArgumentException(
                    "bootstrapServers: must be a comma-separated list of host:port, was "
                            + quote(servers));
        }
        for (String entry : servers.split(",", -1)) {
            String address = entry.strip();
            int colon = address.lastIndexOf(':');
            boolean valid = colon > 0 && colon < address.length() - 1;
            if (valid) {
                try {
                    int port = Integer.parseInt(address.substring(colon + 1));
                    valid = port > 0 && port <= 65_535;
                } catch (NumberFormatException e) {
                    valid = false;
                }
            }
            if (!valid) {
                throw new IllegalArgumentException(
                        "bootstrapServers: '"
                                + servers
                                + "' must be a comma-separated list of host:port (port 1-65535);"
                                + " '"
                                + address
                                + "' is not");
            }
        }
    }

    private static Map<String, String> validateProperties(Map<String, String> properties) {
        // Sorted, so that the serialized form does not depend on hash order.
        Map<String, String> checked = new TreeMap<>();
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException(
                        "properties: keys must be Kafka client property names, found "
                                + quote(key));
            }
            String path = "properties." + key;
            if (value == null) {
                throw new IllegalArgumentException(path + ": must have a value, was null");
            }
            String instead = RESERVED.get(key);
            if (instead != null) {
                throw new IllegalArgumentException(
                        path + ": '" + value + "' is not allowed here; " + instead);
            }
            if (key.equals(ISOLATION_LEVEL)
                    && !value.strip().toLowerCase(Locale.ROOT).equals(READ_COMMITTED)) {
                throw new IllegalArgumentException(
                        path
                                + ": '"
                                + value
                                + "' must be read_committed; Tributary never reads the"
                                + " output of aborted transactions");
            }
            if (key.equals(TRANSACTION_TIMEOUT_MS)) {
                validateTransactionTimeout(path, value);
            }
            checked.put(key, value);
        }
        return Collections.unmodifiableMap(checked);
    }

    private static void validateTransactionTimeout(String path, String value) {
        long millis;
        try {
            millis = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis <= 0 || millis > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    path
                            + ": '"
                            + value
                            + "' must be a whole number of milliseconds > 0, at most the"
                            + " broker's transaction.max.timeout.ms (15 minutes by default)");
        }
    }

    private static String quote(String value) {
        return value == null ? "null" : "'" + value + "'";
    }
}
