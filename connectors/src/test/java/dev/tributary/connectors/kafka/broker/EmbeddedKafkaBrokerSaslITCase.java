package dev.tributary.connectors.kafka.broker;

import static dev.tributary.connectors.kafka.broker.TestingKafkaClients.CLIENT_TIMEOUT;
import static dev.tributary.connectors.kafka.broker.TestingKafkaClients.clientProperties;
import static dev.tributary.connectors.kafka.broker.TestingKafkaClients.producer;
import static dev.tributary.connectors.kafka.broker.TestingKafkaClients.readAll;
import static dev.tributary.connectors.kafka.broker.TestingKafkaClients.sendInTransaction;
import static dev.tributary.connectors.kafka.broker.TestingKafkaClients.transactionalProducer;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A broker with SASL/PLAIN users: the right password gets through, a wrong one is refused. */
class EmbeddedKafkaBrokerSaslITCase {

    private static final String TOPIC = "secured";
    private static final String WRONG_PASSWORD_JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required"
                    + " username=\"alice\" password=\"not-alice-secret\";";

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker =
                EmbeddedKafkaBroker.start(
                        Settings.defaults().withSaslUsers(Map.of("alice", "alice-secret")));
        broker.createTopics(2, TOPIC);
    }

    @AfterAll
    static void closeBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void clientPropertiesLogInAsTheFirstUser() {
        assertThat(broker.clientProperties())
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN")
                .hasEntrySatisfying(
                        "sasl.jaas.config",
                        jaas ->
                                assertThat((String) jaas)
                                        .contains("PlainLoginModule required")
                                        .contains("username=\"alice\"")
                                        .contains("password=\"alice-secret\"")
                                        .doesNotContain("user_"));
    }

    /**
     * Transactions also exercise the broker's own SASL login: it writes the commit markers to
     * itself through the client listener.
     */
    @Test
    void theRightPasswordRoundTripsRecords() {
        try (KafkaProducer<String, String> producer = transactionalProducer(broker, "sasl-tx")) {
            producer.initTransactions();
            sendInTransaction(producer, TOPIC, 0, 100, true);
        }

        List<String> values = readAll(broker, TOPIC, "read_committed");

        assertThat(values)
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 100).mapToObj(String::valueOf).toList());
    }

    @Test
    void aProducerWithAWrongPasswordFailsToAuthenticate() {
        try (KafkaProducer<String, String> producer =
                producer(broker, Map.of(SaslConfigs.SASL_JAAS_CONFIG, WRONG_PASSWORD_JAAS))) {

            assertThatThrownBy(
                            () ->
                                    producer.send(new ProducerRecord<>(TOPIC, "k", "v"))
                                            .get(CLIENT_TIMEOUT.toMillis(), MILLISECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void aConsumerWithAWrongPasswordFailsToAuthenticate() {
        Map<String, Object> overrides =
                Map.of(
                        SaslConfigs.SASL_JAAS_CONFIG,
                        WRONG_PASSWORD_JAAS,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "intruders",
                        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                        (int) CLIENT_TIMEOUT.toMillis());
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        clientProperties(broker, overrides),
                        new StringDeserializer(),
                        new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));

            assertThatThrownBy(() -> consumer.poll(Duration.ofSeconds(30)))
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }
}
