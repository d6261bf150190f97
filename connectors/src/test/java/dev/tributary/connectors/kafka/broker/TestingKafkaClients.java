package dev.tributary.connectors.kafka.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for the broker tests: producers, and a consumer that reads to the end. */
final class TestingKafkaClients {

    /** Bound on every client wait, so that a broken broker fails a test instead of hanging it. */
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private TestingKafkaClients() {}

    /** Client settings for {@code broker}: its address and security, then {@code overrides}. */
    static Properties clientProperties(EmbeddedKafkaBroker broker, Map<String, ?> overrides) {
        Properties properties = new Properties();
        properties.putAll(broker.clientProperties());
        properties.put("bootstrap.servers", broker.bootstrapServers());
        properties.putAll(overrides);
        return properties;
    }

    static KafkaProducer<String, String> producer(
            EmbeddedKafkaBroker broker, Map<String, ?> overrides) {
        Properties properties = clientProperties(broker, Map.of());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        properties.putAll(overrides);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    static KafkaProducer<String, String> transactionalProducer(
            EmbeddedKafkaBroker broker, String transactionalId) {
        return producer(broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId));
    }

    /** Sends records with values {@code first .. first + count - 1} in one transaction. */
    static void sendInTransaction(
            KafkaProducer<String, String> producer,
            String topic,
            int first,
            int count,
            boolean commit) {
        producer.beginTransaction();
        for (int i = first; i < first + count; i++) {
            producer.send(new ProducerRecord<>(topic, String.valueOf(i), String.valueOf(i)));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }

    /**
     * Reads every partition of {@code topic} from the beginning to its current end (for {@code
     * read_committed}, the last stable offset) and returns the values.
     */
    static List<String> readAll(EmbeddedKafkaBroker broker, String topic, String isolationLevel) {
        Properties properties =
                clientProperties(
                        broker,
                        Map.of(
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                isolationLevel,
                                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                (int) CLIENT_TIMEOUT.toMillis()));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(
                        properties, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "Did not reach the end offsets " + end + " within " + CLIENT_TIMEOUT);
                }
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
