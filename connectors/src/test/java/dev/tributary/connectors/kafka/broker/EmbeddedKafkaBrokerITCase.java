package dev.tributary.connectors.kafka.broker;

import static dev.tributary.connectors.kafka.broker.TestingKafkaClients.CLIENT_TIMEOUT;
import static dev.tributary.connectors.kafka.broker.TestingKafkaClients.producer;
import static dev.tributary.connectors.kafka.broker.TestingKafkaClients.readAll;
import static dev.tributary.connectors.kafka.broker.TestingKafkaClients.sendInTransaction;
import static dev.tributary.connectors.kafka.broker.TestingKafkaClients.transactionalProducer;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker.Settings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real broker in this JVM: transactions, restarts, data directories, start-up failures. */
class EmbeddedKafkaBrokerITCase {

    private static final String TOPIC = "events";

    @Test
    void committedTransactionsSurviveARestartAndAbortedOnesStayInvisible() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Settings.defaults());
        broker.registerShutdownHook();
        Path dataDirectory = broker.dataDirectory();
        try {
            broker.createTopics(3, TOPIC, "other");
            // Idempotent: creating an existing topic again is fine.
            broker.createTopics(3, TOPIC);
            String bootstrapServers = broker.bootstrapServers();

            // One producer across the restart: a client keeps using the same address.
            try (KafkaProducer<String, String> producer = transactionalProducer(broker, "tx")) {
                producer.initTransactions();
                sendInTransaction(producer, TOPIC, 0, 500, true);
                sendInTransaction(producer, TOPIC, 10_000, 100, false);

                broker.restart();
                assertThat(broker.isRunning()).isTrue();
                assertThat(broker.bootstrapServers()).isEqualTo(bootstrapServers);

                sendInTransaction(producer, TOPIC, 500, 500, true);
            }

            List<String> committed = readAll(broker, TOPIC, "read_committed");
            assertThat(committed)
                    .hasSize(1_000)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 1_000).mapToObj(String::valueOf).toList());
            // The aborted records were written: read_committed filtered them out.
            List<String> uncommitted = readAll(broker, TOPIC, "read_uncommitted");
            assertThat(uncommitted).hasSize(1_100).contains("10000", "10099");
            assertThat(dataDirectory).isDirectory();
        } finally {
            broker.close();
        }
        broker.close();

        assertThat(broker.isRunning()).isFalse();
        assertThat(dataDirectory).doesNotExist();
        assertThatThrownBy(broker::restart).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStoppedBrokerKeepsItsData() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Settings.defaults())) {
            broker.createTopics(1, TOPIC);
            send(broker, 0, 10);

            broker.stop();
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            assertThatThrownBy(() -> broker.createTopics(1, "late"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stopped");

            broker.restart();
            assertThat(readAll(broker, TOPIC, "read_committed")).hasSize(10);
        }
    }

    @Test
    void aGivenDataDirectoryIsKeptAndReused(@TempDir Path directory) throws Exception {
        Settings settings = Settings.defaults().withDataDirectory(directory);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings)) {
            broker.createTopics(2, TOPIC);
            send(broker, 0, 10);
        }
        assertThat(directory.resolve("server.properties")).isRegularFile();

        // A second broker (on another free port) finds the formatted directory and its records.
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings)) {
            send(broker, 10, 5);
            assertThat(readAll(broker, TOPIC, "read_committed"))
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.range(0, 15).mapToObj(String::valueOf).toList());
        }
        assertThat(directory).isDirectory();
    }

    @Test
    void aTakenPortFailsTheStartWithTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Settings settings = Settings.defaults().withPort(taken.getLocalPort());

            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(settings))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aStartThatTimesOutFailsClearlyAndLeavesTheDirectoryUsable(@TempDir Path directory)
            throws Exception {
        Settings impatient =
                Settings.defaults().withDataDirectory(directory).withTimeout(Duration.ofNanos(1));

        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(impatient))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was not ready within " + impatient.timeout())
                .hasMessageContaining(directory.toString());

        // The half-started node was shut down: its directory (and lock) can be used again.
        try (EmbeddedKafkaBroker broker =
                EmbeddedKafkaBroker.start(impatient.withTimeout(Settings.DEFAULT_TIMEOUT))) {
            broker.createTopics(1, TOPIC);
            send(broker, 0, 3);
            assertThat(readAll(broker, TOPIC, "read_committed")).containsExactly("0", "1", "2");
        }
    }

    /** Sends without a transaction and waits for every acknowledgement. */
    private static void send(EmbeddedKafkaBroker broker, int first, int count) throws Exception {
        try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = first; i < first + count; i++) {
                acks.add(
                        producer.send(
                                new ProducerRecord<>(TOPIC, String.valueOf(i), String.valueOf(i))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(CLIENT_TIMEOUT.toMillis(), MILLISECONDS);
            }
        }
    }
}
