package dev.tributary.connectors.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.kafka.ControlRecord;
import dev.tributary.connectors.kafka.JsonControlCodec;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.KafkaTopics;
import dev.tributary.connectors.kafka.StartingOffsets;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker;
import dev.tributary.connectors.testing.TestingMiniCluster;
import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.ReasonCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The control topic on a real broker, read by a bounded source up to its latest offsets: as
 * commands or rejections, in order; an empty topic ends the read. (A missing topic is the job's
 * concern: a bounded source of a pattern that matches nothing never ends.)
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a bound against hanging, not a speed check
class ControlSourceITCase {

    @RegisterExtension static final TestingMiniCluster MINI_CLUSTER = new TestingMiniCluster(1, 1);

    private static EmbeddedKafkaBroker broker;

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
    void anEmptyControlTopicEndsABoundedRead() throws Exception {
        KafkaSettings settings = settings("quiet-control");
        assertThat(TopicTools.exists(settings, "quiet-control")).isFalse();
        broker.createTopics(2, "quiet-control");
        assertThat(TopicTools.exists(settings, "quiet-control")).isTrue();

        assertThat(read(settings)).isEmpty();
    }

    @Test
    void commandsAndRejectionsAreReadInOrder() throws Exception {
        KafkaSettings settings = settings("ops-control");
        broker.createTopics(1, "ops-control");
        ControlCommand pause =
                new ControlCommand("c1", "flights", ControlCommand.Kind.PAUSE, "", "ana", 5L);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("ops-control", JsonControlCodec.encode(pause)));
            producer.send(
                    new ProducerRecord<>(
                            "ops-control",
                            "{\"experiment\":\"flights\",\"command\":\"jump\"}"
                                    .getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }

        List<ControlRecord> records = read(settings);

        assertThat(records).hasSize(2);
        assertThat(records.get(0)).isEqualTo(ControlRecord.of(pause));
        assertThat(records.get(1).rejection().reason()).isEqualTo(ReasonCode.OUT_OF_RANGE);
        assertThat(records.get(1).rejection().id()).isEqualTo("ops-control-0-1");
    }

    private static KafkaSettings settings(String controlTopic) {
        KafkaSettings settings =
                KafkaSettings.of(broker.bootstrapServers(), "control-it", "control-it")
                        .withStartingOffsets(StartingOffsets.EARLIEST);
        var t = settings.topics();
        return settings.withTopics(
                new KafkaTopics(
                        t.events(),
                        t.labels(),
                        controlTopic,
                        t.predictions(),
                        t.deadLetters(),
                        t.decisions(),
                        t.modelUpdates()));
    }

    /** The control topic up to its latest offsets, through a bounded Flink job. */
    private static List<ControlRecord> read(KafkaSettings settings) throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        List<ControlRecord> out = new ArrayList<>();
        env.fromSource(
                        KafkaSources.controlUpToLatest(settings),
                        WatermarkStrategy.noWatermarks(),
                        "kafka-control",
                        TypeInformation.of(ControlRecord.class))
                .executeAndCollect()
                .forEachRemaining(out::add);
        return out;
    }
}
