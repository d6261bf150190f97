package dev.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.KafkaConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

    private static final Map<String, String> SASL =
            Map.of(
                    "security.protocol", "SASL_SSL",
                    "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config",
                            "org.apache.kafka.common.security.plain.PlainLoginModule"
                                    + " required username=\"u\" password=\"p\";");

    @Test
    void defaults() {
        KafkaSettings settings = KafkaSettings.of("broker:9092", "tributary", "job-a");

        assertThat(settings.startingOffsets()).isEqualTo(StartingOffsets.COMMITTED);
        assertThat(settings.properties()).isEmpty();
        assertThat(settings.topics()).isEqualTo(KafkaTopics.defaults());
        assertThat(settings.topics())
                .isEqualTo(
                        new KafkaTopics(
                                "events",
                                "labels",
                                "control",
                                "predictions",
                                "dead-letters",
                                "decisions",
                                "model-updates"));
        KafkaSettings nulls =
                new KafkaSettings(
                        "broker:9092", "tributary", StartingOffsets.LATEST, "job-a", null, null);
        assertThat(nulls.properties()).isEmpty();
        assertThat(nulls.topics()).isEqualTo(KafkaTopics.defaults());
    }

    @Test
    void consumersReadCommittedDataWithTheGroupAndTheExtraProperties() {
        Properties consumer =
                KafkaSettings.of(" a:9092,b:9093 ", "tributary", "job-a")
                        .withProperties(SASL)
                        .consumerProperties();

        assertThat(consumer)
                .containsEntry("bootstrap.servers", "a:9092,b:9093")
                .containsEntry("group.id", "tributary")
                .containsEntry("isolation.level", "read_committed")
                .containsAllEntriesOf(SASL)
                .doesNotContainKey("transaction.timeout.ms");
    }

    @Test
    void producersGetATransactionTimeoutBelowTheBrokersDefaultMaximum() {
        KafkaSettings settings =
                KafkaSettings.of("broker:9092", "tributary", "job-a").withProperties(SASL);

        Properties producer = settings.producerProperties();

        assertThat(producer)
                .containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("transaction.timeout.ms", "600000")
                .containsAllEntriesOf(SASL)
                .doesNotContainKeys("group.id", "isolation.level");
        assertThat(KafkaSettings.DEFAULT_TRANSACTION_TIMEOUT.toMillis())
                .as("at or below the broker's default transaction.max.timeout.ms")
                .isLessThanOrEqualTo(15 * 60 * 1000L);
    }

    @Test
    void aTransactionTimeoutInThePropertiesWins() {
        Properties producer =
                KafkaSettings.of("broker:9092", "tributary", "job-a")
                        .withProperties(Map.of("transaction.timeout.ms", "120000"))
                        .producerProperties();

        assertThat(producer).containsEntry("transaction.timeout.ms", "120000");
    }

    @Test
    void adminClientsGetTheAddressAndTheExtraPropertiesOnly() {
        Properties admin =
                KafkaSettings.of("broker:9092", "tributary", "job-a")
                        .withProperties(SASL)
                        .adminProperties();

        Properties expected = new Properties();
        expected.putAll(SASL);
        expected.setProperty("bootstrap.servers", "broker:9092");
        assertThat(admin).isEqualTo(expected);
    }

    @Test
    void eachCallReturnsAFreshPropertiesObject() {
        KafkaSettings settings = KafkaSettings.of("broker:9092", "tributary", "job-a");
        settings.consumerProperties().setProperty("isolation.level", "read_uncommitted");

        assertThat(settings.consumerProperties())
                .containsEntry("isolation.level", "read_committed");
    }

    @Test
    void transactionalIdPrefixesDifferPerTopic() {
        KafkaSettings settings = KafkaSettings.of("broker:9092", "tributary", "job-a");

        assertThat(settings.transactionalIdPrefix("predictions")).isEqualTo("job-a-predictions");
        assertThat(settings.transactionalIdPrefix("decisions")).isEqualTo("job-a-decisions");
        assertThatThrownBy(() -> settings.transactionalIdPrefix("bad topic"))
                .hasMessageContaining("'bad topic'");
    }

    @Test
    void rejectsBadValuesNamingTheSettingTheValueAndTheExpectation() {
        assertThatThrownBy(() -> KafkaSettings.of(" ", "g", "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "bootstrapServers: must be a comma-separated list of host:port, was ' '");
        assertThatThrownBy(() -> KafkaSettings.of("a:9092,localhost", "g", "t"))
                .hasMessage(
                        "bootstrapServers: 'a:9092,localhost' must be a comma-separated list of"
                                + " host:port (port 1-65535); 'localhost' is not");
        assertThatThrownBy(() -> KafkaSettings.of("a:99999", "g", "t"))
                .hasMessageContaining("'a:99999' is not");
        assertThatThrownBy(() -> KafkaSettings.of("a:9092,", "g", "t"))
                .hasMessageContaining("'' is not");
        assertThatThrownBy(() -> KafkaSettings.of("a:9092", "", "t"))
                .hasMessage("groupId: must name the consumer group, was ''");
        assertThatThrownBy(() -> KafkaSettings.of("a:9092", "g", null))
                .hasMessage("transactionalIdPrefix: must be a prefix unique to this job, was null");
        assertThatThrownBy(() -> new KafkaSettings("a:9092", "g", null, "t", null, null))
                .hasMessage("startingOffsets: must be EARLIEST, LATEST or COMMITTED, was null");
    }

    @Test
    void acceptsIpv6AndSeveralServers() {
        assertThat(KafkaSettings.of("[::1]:9092, b.example:9093", "g", "t").bootstrapServers())
                .isEqualTo("[::1]:9092, b.example:9093");
    }

    @Test
    void rejectsPropertiesThatTheSettingsOwn() {
        KafkaSettings settings = KafkaSettings.of("broker:9092", "tributary", "job-a");

        assertThatThrownBy(() -> settings.withProperties(Map.of("group.id", "other")))
                .hasMessage(
                        "properties.group.id: 'other' is not allowed here; set groupId instead");
        assertThatThrownBy(() -> settings.withProperties(Map.of("bootstrap.servers", "x:1")))
                .hasMessageStartingWith("properties.bootstrap.servers: 'x:1' is not allowed here");
        assertThatThrownBy(() -> settings.withProperties(Map.of("transactional.id", "x")))
                .hasMessageContaining("set transactionalIdPrefix instead");
        assertThatThrownBy(() -> settings.withProperties(Map.of("auto.offset.reset", "latest")))
                .hasMessageContaining("set startingOffsets instead");
        assertThatThrownBy(
                        () ->
                                settings.withProperties(
                                        Map.of("value.deserializer", "x.StringDeserializer")))
                .hasMessageStartingWith("properties.value.deserializer:");
        assertThatThrownBy(
                        () ->
                                settings.withProperties(
                                        Map.of("isolation.level", "read_uncommitted")))
                .hasMessage(
                        "properties.isolation.level: 'read_uncommitted' must be read_committed;"
                                + " Tributary never reads the output of aborted transactions");
        assertThat(
                        settings.withProperties(Map.of("isolation.level", "read_committed"))
                                .consumerProperties())
                .containsEntry("isolation.level", "read_committed");
    }

    @Test
    void rejectsMalformedProperties() {
        KafkaSettings settings = KafkaSettings.of("broker:9092", "tributary", "job-a");
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("sasl.mechanism", null);

        assertThatThrownBy(() -> settings.withProperties(nullValue))
                .hasMessage("properties.sasl.mechanism: must have a value, was null");
        assertThatThrownBy(() -> settings.withProperties(Map.of(" ", "x")))
                .hasMessageStartingWith("properties: keys must be Kafka client property names");
        for (String timeout : new String[] {"0", "-5", "ten minutes", "9999999999"}) {
            assertThatThrownBy(
                            () ->
                                    settings.withProperties(
                                            Map.of("transaction.timeout.ms", timeout)))
                    .as(timeout)
                    .hasMessageStartingWith(
                            "properties.transaction.timeout.ms: '"
                                    + timeout
                                    + "' must be a whole number of milliseconds > 0");
        }
    }

    @Test
    void propertiesAreCopiedAndImmutable() {
        Map<String, String> extra = new HashMap<>(SASL);
        KafkaSettings settings =
                KafkaSettings.of("broker:9092", "tributary", "job-a").withProperties(extra);
        extra.put("client.rack", "r1");

        assertThat(settings.properties()).isEqualTo(SASL);
        assertThatThrownBy(() -> settings.properties().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void withersKeepTheOtherValues() {
        KafkaTopics topics = KafkaTopics.withPrefix("tenant-a.");
        KafkaSettings settings =
                KafkaSettings.of("broker:9092", "tributary", "job-a")
                        .withProperties(SASL)
                        .withStartingOffsets(StartingOffsets.EARLIEST)
                        .withTopics(topics);

        assertThat(settings)
                .isEqualTo(
                        new KafkaSettings(
                                "broker:9092",
                                "tributary",
                                StartingOffsets.EARLIEST,
                                "job-a",
                                SASL,
                                topics));
    }

    @Test
    void mapsTheJobFilesKafkaSection() {
        KafkaConfig.Topics topics =
                new KafkaConfig.Topics("ev", "lb", "ct", "pr", "dl", "dc", "mu");
        KafkaConfig config = new KafkaConfig("broker:9092", "g", "latest", "job-a", SASL, topics);

        assertThat(KafkaSettings.from(config))
                .isEqualTo(
                        new KafkaSettings(
                                "broker:9092",
                                "g",
                                StartingOffsets.LATEST,
                                "job-a",
                                SASL,
                                new KafkaTopics("ev", "lb", "ct", "pr", "dl", "dc", "mu")));
        assertThat(
                        KafkaSettings.from(
                                        new KafkaConfig(
                                                "broker:9092",
                                                "g",
                                                "committed",
                                                "job-a",
                                                Map.of(),
                                                KafkaConfig.Topics.DEFAULTS))
                                .topics())
                .isEqualTo(KafkaTopics.defaults());
        assertThatThrownBy(
                        () ->
                                KafkaSettings.from(
                                        new KafkaConfig(
                                                "broker:9092",
                                                "g",
                                                "newest",
                                                "job-a",
                                                Map.of(),
                                                topics)))
                .hasMessage(
                        "kafka.startingOffsets: 'newest' must be earliest, latest or committed");
        assertThatThrownBy(
                        () ->
                                KafkaSettings.from(
                                        new KafkaConfig(
                                                "broker", "g", "latest", "job-a", Map.of(),
                                                topics)))
                .hasMessageStartingWith("kafka.bootstrapServers: 'broker' must be");
    }

    @Test
    void toStringHidesSecrets() {
        String text =
                KafkaSettings.of("broker:9092", "tributary", "job-a")
                        .withProperties(
                                Map.of(
                                        "sasl.jaas.config", "x password=\"hunter2\";",
                                        "ssl.truststore.password", "hunter3",
                                        "security.protocol", "SASL_SSL"))
                        .toString();

        assertThat(text)
                .doesNotContain("hunter2", "hunter3")
                .contains(
                        "sasl.jaas.config=******",
                        "ssl.truststore.password=******",
                        "security.protocol=SASL_SSL",
                        "bootstrapServers=broker:9092",
                        "transactionalIdPrefix=job-a");
    }

    @Test
    void survivesJavaSerialization() throws IOException, ClassNotFoundException {
        KafkaSettings settings =
                KafkaSettings.of("broker:9092", "tributary", "job-a")
                        .withProperties(SASL)
                        .withTopics(KafkaTopics.withPrefix("t."));

        assertThat(javaRoundTrip(settings)).isEqualTo(settings);
    }

    @Test
    void topicNamesAreCheckedAndDistinct() {
        assertThat(KafkaTopics.withPrefix("tenant-a.").deadLetters())
                .isEqualTo("tenant-a.dead-letters");
        assertThatThrownBy(
                        () ->
                                new KafkaTopics(
                                        "events",
                                        "labels",
                                        "control",
                                        "predictions",
                                        "dead letters",
                                        "decisions",
                                        "model-updates"))
                .hasMessage(
                        "topics.deadLetters: 'dead letters' must contain only ASCII letters,"
                                + " digits, '.', '_' and '-'");
        assertThatThrownBy(
                        () ->
                                new KafkaTopics(
                                        "events",
                                        "labels",
                                        "control",
                                        "predictions",
                                        "dead-letters",
                                        "decisions",
                                        null))
                .hasMessage("topics.modelUpdates: must name a Kafka topic, was null");
        assertThatThrownBy(
                        () ->
                                new KafkaTopics(
                                        "events",
                                        "events",
                                        "control",
                                        "predictions",
                                        "dead-letters",
                                        "decisions",
                                        "model-updates"))
                .hasMessage(
                        "topics.labels: 'events' is already the events topic; each topic must"
                                + " have its own name");
        assertThatThrownBy(() -> KafkaTopics.validateName("topic", ".."))
                .hasMessage("topic: '..' is not a legal Kafka topic name");
        assertThatThrownBy(() -> KafkaTopics.validateName("topic", "x".repeat(250)))
                .hasMessageContaining("is 250 characters long; a Kafka topic name has at most 249");
        KafkaTopics.validateName("topic", "x".repeat(249));
    }

    @SuppressWarnings("unchecked")
    private static <T> T javaRoundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
