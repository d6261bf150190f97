package dev.tributary.connectors.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Small administrative tasks on a job's topics: creating them, and counting what they hold. */
public final class TopicTools {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicTools() {}

    /** Creates the topics that do not exist yet, with {@code partitions} each. */
    public static void ensureTopics(KafkaSettings settings, int partitions, List<String> names) {
        try (Admin admin = Admin.create(settings.adminProperties())) {
            Set<String> existing =
                    admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : names) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, (short) 1));
                }
            }
            try {
                admin.createTopics(missing).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + names, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot create topics " + names + " on " + settings.bootstrapServers(), e);
        }
    }

    /** Whether {@code topic} exists on the cluster. */
    public static boolean exists(KafkaSettings settings, String topic) {
        try (Admin admin = Admin.create(settings.adminProperties())) {
            return admin.listTopics()
                    .names()
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .contains(topic);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "cannot list the topics on " + settings.bootstrapServers(), e);
        }
    }

    /**
     * The number of committed records in a topic, as a {@code read_committed} consumer sees them:
     * aborted transactions and transaction markers do not count.
     */
    public static long countCommitted(KafkaSettings settings, String topic) {
        long[] count = new long[1];
        readCommitted(settings, topic, value -> count[0]++);
        return count[0];
    }

    /**
     * Hands the value of every committed record of a topic, as UTF-8 text, to {@code reader}, as a
     * {@code read_committed} consumer sees them, up to the end once no transaction is open.
     */
    public static void readCommitted(
            KafkaSettings settings, String topic, java.util.function.Consumer<String> reader) {
        Properties props = settings.adminProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        props.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, TIMEOUT)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            Map<TopicPartition, Long> end = settledEnd(settings, consumer, partitions, deadline);
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + topic + " to its end within " + TIMEOUT);
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                records.forEach(
                        r ->
                                reader.accept(
                                        r.value() == null
                                                ? null
                                                : new String(
                                                        r.value(),
                                                        java.nio.charset.StandardCharsets.UTF_8)));
            }
        }
    }

    /**
     * The end offsets once no transaction is open: a producer's commit returns before the
     * transaction markers reach every partition, and until they do a {@code read_committed} reader
     * stops short of the records that commit.
     */
    private static Map<TopicPartition, Long> settledEnd(
            KafkaSettings settings,
            KafkaConsumer<byte[], byte[]> committed,
            List<TopicPartition> partitions,
            long deadline) {
        Properties props = settings.adminProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        props.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> uncommitted = new KafkaConsumer<>(props)) {
            while (true) {
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions, TIMEOUT);
                if (stable.equals(uncommitted.endOffsets(partitions, TIMEOUT))) {
                    return stable;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "transactions on " + partitions + " stayed open for " + TIMEOUT);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for commits", e);
                }
            }
        }
    }

    private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), TIMEOUT) < e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
