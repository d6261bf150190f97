package dev.tributary.connectors.kafka.broker;

import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * What the embedded node is: its Kafka configuration (one KRaft node, broker and controller, tuned
 * for transactions on a single replica) and the formatting of its storage. {@link
 * EmbeddedKafkaBroker} runs it.
 */
final class KRaftNodeConfig {

    /** Both listeners bind to IPv4 loopback: no DNS, and the same address for every client. */
    static final String HOST = "127.0.0.1";

    private static final int NODE_ID = 1;
    private static final String CLIENT_LISTENER = "CLIENT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String PLAIN_LOGIN_MODULE =
            "org.apache.kafka.common.security.plain.PlainLoginModule";

    private KRaftNodeConfig() {}

    /** The broker configuration: single-node defaults, the extra properties, then the node. */
    static Properties serverProperties(
            Settings settings, Path dataDirectory, int port, int controllerPort) {
        Properties p = new Properties();
        // One node: internal topics get one replica, and one in-sync replica commits a
        // transaction; otherwise the first transactional or group request fails.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Internal topics are created on first use, one coordinator per partition: the default 50
        // add about half a second to the first transaction and to the first consumer group, and
        // spread nothing on one node.
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("num.partitions", "1");
        // Consumers join at once instead of waiting 3 s for more members.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Flink's exactly-once sink keeps transactions open across checkpoints: allow 15 minutes.
        p.put("transaction.max.timeout.ms", "900000");
        // A topic a job did not expect is a configuration error, not something to create silently.
        p.put("auto.create.topics.enable", "false");
        // Small segments so that retention and compaction act in a demo's lifetime; a small
        // dedupe buffer because the cleaner allocates it on the heap (128 MiB by default).
        p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));
        // Replayed flights carry their event times (years ago) as record timestamps, and the
        // broker's time-based retention (7 days by default) and segment rolling go by those: it
        // would roll a segment per batch and delete all but the active one at its next retention
        // check, records a job has not read yet and committed outputs included. Keep records by
        // size only, and roll segments by size only.
        p.put("log.retention.ms", "-1");
        p.put("log.roll.ms", String.valueOf(Long.MAX_VALUE));
        p.putAll(settings.brokerProperties());

        // The node's identity and listeners come last: the settings reject overrides of them.
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put(
                "listeners",
                CLIENT_LISTENER
                        + "://"
                        + HOST
                        + ":"
                        + port
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + HOST
                        + ":"
                        + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + port);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("log.dirs", logDirectory(dataDirectory).toString());
        String clientProtocol = settings.saslUsers().isEmpty() ? "PLAINTEXT" : "SASL_PLAINTEXT";
        p.put(
                "listener.security.protocol.map",
                CLIENT_LISTENER + ":" + clientProtocol + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        if (!settings.saslUsers().isEmpty()) {
            // The broker talks to itself over the client listener (transaction markers), so it
            // logs in too: as the first user, to avoid a hidden account.
            Map.Entry<String, String> first = settings.saslUsers().entrySet().iterator().next();
            p.put("sasl.enabled.mechanisms", "PLAIN");
            p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
            p.put(
                    "listener.name."
                            + CLIENT_LISTENER.toLowerCase(Locale.ROOT)
                            + ".plain.sasl.jaas.config",
                    plainLogin(first.getKey(), first.getValue(), settings.saslUsers()));
        }
        return p;
    }

    static Path logDirectory(Path dataDirectory) {
        return dataDirectory.resolve("logs");
    }

    /**
     * A JAAS line for the PLAIN login module: the login of {@code user}, and for the broker side
     * the accepted {@code users}.
     */
    static String plainLogin(String user, String password, Map<String, String> users) {
        StringBuilder jaas = new StringBuilder(PLAIN_LOGIN_MODULE).append(" required");
        jaas.append(" username=\"").append(user).append('"');
        jaas.append(" password=\"").append(password).append('"');
        users.forEach(
                (u, p) -> jaas.append(" user_").append(u).append("=\"").append(p).append('"'));
        return jaas.append(';').toString();
    }

    /**
     * Writes {@code server.properties} into the data directory and formats the storage (a fresh
     * cluster id, node id 1) unless an earlier start did.
     */
    static void formatIfNew(Properties serverProperties, Path dataDirectory) {
        Path config = dataDirectory.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            serverProperties.store(writer, "Written by EmbeddedKafkaBroker at every start");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + config, e);
        }
        if (Files.exists(logDirectory(dataDirectory).resolve("meta.properties"))) {
            // Formatted by an earlier start: keep its cluster id (formatting again with another
            // id fails, even with --ignore-formatted).
            return;
        }
        // The storage tool rather than its Formatter: the Formatter lives in kafka-metadata, which
        // kafka_2.13 brings only at runtime scope.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode =
                    StorageTool.execute(
                            new String[] {
                                "format",
                                "--cluster-id",
                                Uuid.randomUuid().toString(),
                                "--config",
                                config.toString()
                            },
                            out);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Cannot format the Kafka data directory " + dataDirectory + ": " + output, e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException(
                    "Cannot format the Kafka data directory " + dataDirectory + ": " + output);
        }
    }
}
