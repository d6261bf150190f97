package dev.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker;
import dev.tributary.connectors.kafka.sink.KafkaSinks;
import dev.tributary.connectors.kafka.source.KafkaSources;
import dev.tributary.connectors.testing.TestingMiniCluster;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSON events go into a real broker; a Flink job (RocksDB, checkpoints every 100 ms, no Kryo) reads
 * them with {@link KafkaSources}, fails once after a checkpoint completed, and writes readable
 * events and dead letters with two exactly-once {@link KafkaSinks}. A {@code read_committed}
 * consumer then finds every record exactly once: a sink that committed before its checkpoint, or a
 * source that restored to the wrong offsets, would show up as duplicates or gaps.
 */
class KafkaRoundTripITCase {

    private static final int PARALLELISM = 2;
    private static final int EVENTS = 4_000;
    private static final String COPIES = "copied-events";
    private static final String PREFIX = "round-trip-it";
    private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final TestingMiniCluster MINI_CLUSTER = new TestingMiniCluster(1, PARALLELISM);

    private static EmbeddedKafkaBroker broker;

    @TempDir Path dir;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES) // a bound against hanging, not a speed check
    void everyRecordArrivesExactlyOnceDespiteAFailure() throws Exception {
        KafkaSettings settings = settings();
        KafkaTopics topics = settings.topics();
        broker.createTopics(PARALLELISM, topics.events(), COPIES, topics.deadLetters());
        Produced produced = produceEvents(topics.events());
        // Seeded, so that a failing run can be repeated; somewhere in the first half.
        FailOnceAfterCheckpoint.reset(500 + new Random(20_240_301L).nextInt(1_500));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf());
        env.setParallelism(PARALLELISM);
        DataStream<RawEvent> events =
                env.fromSource(
                                KafkaSources.eventsUpToLatest(
                                        settings, EventDecoding.of("id", "ts", "iso")),
                                WatermarkStrategy.noWatermarks(),
                                "kafka-events")
                        .uid("kafka-events")
                        .map(new FailOnceAfterCheckpoint())
                        .returns(TypeInformation.of(RawEvent.class))
                        .uid("fail-once")
                        .name("fail-once");
        events.filter(RawEvent::isReadable)
                .uid("readable")
                .sinkTo(
                        KafkaSinks.json(
                                settings,
                                COPIES,
                                RawEvent::id,
                                RawEvent.class,
                                DeliveryGuarantee.EXACTLY_ONCE))
                .uid("copies");
        events.filter(event -> !event.isReadable())
                .uid("unreadable")
                .map(
                        event ->
                                new DeadLetter(
                                        event.id(),
                                        ReasonCode.MALFORMED,
                                        "",
                                        event.problem(),
                                        event.raw()))
                .returns(TypeInformation.of(DeadLetter.class))
                .uid("dead-letter")
                .sinkTo(KafkaSinks.deadLetters(settings, DeliveryGuarantee.EXACTLY_ONCE))
                .uid("dead-letters");
        env.execute("kafka-round-trip-it");

        assertThat(FailOnceAfterCheckpoint.FAILURES.get())
                .as("the job failed exactly once, after a checkpoint")
                .isEqualTo(1);
        assertThat(FailOnceAfterCheckpoint.RECORDS_AFTER_RESTART.get())
                .as("the restarted job resumed from checkpointed offsets, not from the start")
                .isPositive()
                .isLessThan(EVENTS);

        ObjectMapper json = new ObjectMapper();
        List<JsonNode> copies = new ArrayList<>();
        for (String value : readCommitted(COPIES)) {
            copies.add(json.readTree(value));
        }
        assertThat(copies.stream().map(node -> node.get("id").asText()))
                .as("every readable event exactly once")
                .hasSize(produced.goodIds.size())
                .containsExactlyInAnyOrderElementsOf(produced.goodIds);
        JsonNode first =
                copies.stream()
                        .filter(node -> node.get("id").asText().equals(id(1)))
                        .findFirst()
                        .orElseThrow();
        assertThat(first.get("eventTime").asLong()).isEqualTo(T0 + 1_000);
        assertThat(first.get("fields").get("n").asText()).isEqualTo("1");
        assertThat(first.get("fields").get("tags").asText()).isEqualTo("[\"a\",\"b\"]");

        Map<String, JsonNode> deadLetters = new HashMap<>();
        for (String value : readCommitted(topics.deadLetters())) {
            JsonNode node = json.readTree(value);
            assertThat(deadLetters.put(node.get("id").asText(), node))
                    .as("dead letter %s only once", node.get("id"))
                    .isNull();
        }
        assertThat(deadLetters.keySet())
                .as("unreadable records, identified by topic, partition and offset")
                .containsExactlyInAnyOrderElementsOf(produced.badIds);
        assertThat(deadLetters.values())
                .allSatisfy(
                        node -> {
                            assertThat(node.get("reason").asText()).isEqualTo("MALFORMED");
                            assertThat(node.get("detail").asText()).startsWith("invalid JSON");
                            assertThat(node.get("raw").asText()).startsWith("{\"id\":\"");
                        });

        assertThat(transactionalIds())
                .as("each sink's transactions carry its own topic in their ids")
                .anyMatch(id -> id.startsWith(PREFIX + "-" + COPIES + "-"))
                .anyMatch(id -> id.startsWith(PREFIX + "-" + topics.deadLetters() + "-"))
                .allMatch(
                        id ->
                                id.startsWith(PREFIX + "-" + COPIES + "-")
                                        || id.startsWith(
                                                PREFIX + "-" + topics.deadLetters() + "-"));
    }

    private static KafkaSettings settings() {
        Map<String, String> security = new HashMap<>();
        broker.clientProperties().forEach((key, value) -> security.put(key, String.valueOf(value)));
        return KafkaSettings.of(broker.bootstrapServers(), "round-trip-it", PREFIX)
                .withStartingOffsets(StartingOffsets.EARLIEST)
                .withProperties(security);
    }

    private Configuration conf() {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        return conf;
    }

    /** What was produced: the ids of good events, and the record ids of unreadable ones. */
    private record Produced(List<String> goodIds, List<String> badIds) {}

    /**
     * Sends {@link #EVENTS} JSON events; every 250th is truncated JSON. Keys spread them over the
     * partitions.
     */
    private static Produced produceEvents(String topic) throws Exception {
        Properties props = new Properties();
        props.putAll(broker.clientProperties());
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        List<String> good = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        List<Future<RecordMetadata>> badSends = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int n = 1; n <= EVENTS; n++) {
                String id = id(n);
                String value =
                        "{\"id\":\""
                                + id
                                + "\",\"ts\":\""
                                + Instant.ofEpochMilli(T0 + n * 1_000L)
                                + "\",\"n\":"
                                + n
                                + ",\"tags\":[\"a\",\"b\"]}";
                boolean truncated = n % 250 == 0;
                if (truncated) {
                    value = value.substring(0, value.length() / 2);
                } else {
                    good.add(id);
                }
                Future<RecordMetadata> sent =
                        producer.send(
                                new ProducerRecord<>(
                                        topic, id, value.getBytes(StandardCharsets.UTF_8)));
                if (truncated) {
                    badSends.add(sent);
                }
            }
            producer.flush();
            for (Future<RecordMetadata> sent : badSends) {
                RecordMetadata metadata =
                        sent.get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                bad.add(topic + "-" + metadata.partition() + "-" + metadata.offset());
            }
        }
        return new Produced(good, bad);
    }

    /** The values of every partition of {@code topic}, as a read_committed consumer sees them. */
    private static List<String> readCommitted(String topic) {
        Properties props = new Properties();
        props.putAll(broker.clientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // For read_committed, the end offsets are the last stable offsets.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime())
                        .as("read %s to its end within %s", topic, CLIENT_TIMEOUT)
                        .isLessThan(deadline);
                for (ConsumerRecord<String, String> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    private static List<String> transactionalIds() throws Exception {
        Properties props = new Properties();
        props.putAll(broker.clientProperties());
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            return admin
                    .listTransactions()
                    .all()
                    .get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .stream()
                    .map(TransactionListing::transactionalId)
                    .collect(Collectors.toList());
        }
    }

    private static String id(int n) {
        return String.format("e%05d", n);
    }

    /**
     * Passes events through, a little slowed so that checkpoints complete while the topic is read;
     * in the first attempt it throws once, after a seeded number of records went through and a
     * checkpoint completed that covers some of them (so that the restart resumes from offsets past
     * the start). State is static because the MiniCluster runs in this JVM and the function is
     * serialized into the job.
     */
    private static final class FailOnceAfterCheckpoint extends RichMapFunction<RawEvent, RawEvent>
            implements CheckpointedFunction, CheckpointListener {

        static final AtomicInteger FAILURES = new AtomicInteger();
        static final AtomicBoolean CHECKPOINT_COVERS_RECORDS = new AtomicBoolean();
        static final AtomicLong PROCESSED_IN_FIRST_ATTEMPT = new AtomicLong();
        static final AtomicLong RECORDS_AFTER_RESTART = new AtomicLong();
        static final AtomicLong FAIL_AFTER = new AtomicLong();

        private transient int attempt;
        private transient long processedHere;
        private transient Map<Long, Long> processedAtCheckpoint;

        static void reset(long failAfter) {
            FAILURES.set(0);
            CHECKPOINT_COVERS_RECORDS.set(false);
            PROCESSED_IN_FIRST_ATTEMPT.set(0);
            RECORDS_AFTER_RESTART.set(0);
            FAIL_AFTER.set(failAfter);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            processedAtCheckpoint = new ConcurrentHashMap<>();
        }

        @Override
        public void open(OpenContext openContext) {
            attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        }

        @Override
        public RawEvent map(RawEvent event) throws InterruptedException {
            if (attempt > 0) {
                RECORDS_AFTER_RESTART.incrementAndGet();
                return event;
            }
            processedHere++;
            long processed = PROCESSED_IN_FIRST_ATTEMPT.incrementAndGet();
            if (processed >= FAIL_AFTER.get()
                    && CHECKPOINT_COVERS_RECORDS.get()
                    && FAILURES.compareAndSet(0, 1)) {
                throw new IllegalStateException("expected test failure at " + event.id());
            }
            // Paces the first attempt only (about 1 ms a record), so that checkpoints complete
            // before the failure; the restarted attempt runs at full speed.
            Thread.sleep(1);
            return event;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            processedAtCheckpoint.put(context.getCheckpointId(), processedHere);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            Long processed = processedAtCheckpoint.remove(checkpointId);
            if (attempt == 0 && processed != null && processed > 0) {
                CHECKPOINT_COVERS_RECORDS.set(true);
            }
        }
    }
}
