package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The Kafka cluster a job reads from and writes to.
 *
 * @param bootstrapServers {@code host:port[,host:port...]}
 * @param groupId the consumer group of the job's sources
 * @param startingOffsets {@code earliest}, {@code latest} or {@code committed} (the group's
 *     committed offsets, else earliest)
 * @param transactionalIdPrefix prefix of the exactly-once sinks' transactional ids; stable across
 *     restarts, unique per job on a cluster
 * @param properties extra client properties for every source, sink and admin client (SASL, TLS)
 * @param topics the topic names
 */
public record KafkaConfig(
        String bootstrapServers,
        String groupId,
        String startingOffsets,
        String transactionalIdPrefix,
        Map<String, String> properties,
        Topics topics)
        implements Serializable {

    public KafkaConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(startingOffsets, "startingOffsets");
        Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
        Objects.requireNonNull(topics, "topics");
        properties = new TreeMap<>(properties);
    }

    /** The same settings on another cluster, e.g. the demo's own broker. */
    public KafkaConfig withBootstrapServers(String servers) {
        return new KafkaConfig(
                servers, groupId, startingOffsets, transactionalIdPrefix, properties, topics);
    }

    /** The same settings with more client properties. */
    public KafkaConfig withProperties(Map<String, String> more) {
        Map<String, String> merged = new TreeMap<>(properties);
        merged.putAll(more);
        return new KafkaConfig(
                bootstrapServers, groupId, startingOffsets, transactionalIdPrefix, merged, topics);
    }

    /** The topics of a job. */
    public record Topics(
            String events,
            String labels,
            String control,
            String predictions,
            String deadLetters,
            String decisions,
            String modelUpdates)
            implements Serializable {

        public static final Topics DEFAULTS =
                new Topics(
                        "events",
                        "labels",
                        "control",
                        "predictions",
                        "dead-letters",
                        "decisions",
                        "model-updates");
    }
}
