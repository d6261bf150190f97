package dev.tributary.connectors.kafka;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;

/**
 * The names of the topics a Tributary job reads and writes: a validated, immutable record.
 *
 * <p>Every name must be a legal Kafka topic name (1 to 249 characters of {@code a-z A-Z 0-9 . _ -},
 * not {@code .} or {@code ..}), and the seven names must differ: a job that wrote predictions to
 * its own events topic would read them back as input.
 *
 * @param events input events (JSON objects); default {@value #DEFAULT_EVENTS}
 * @param labels input labels joined to events by id; default {@value #DEFAULT_LABELS}
 * @param control input manual commands (promote, roll back, pause); default {@value
 *     #DEFAULT_CONTROL}
 * @param predictions output scores; default {@value #DEFAULT_PREDICTIONS}
 * @param deadLetters output rejected records with their reason; default {@value
 *     #DEFAULT_DEAD_LETTERS}
 * @param decisions output supervisor decisions, the audit log; default {@value #DEFAULT_DECISIONS}
 * @param modelUpdates output announcements of published model versions; default {@value
 *     #DEFAULT_MODEL_UPDATES}
 */
public record KafkaTopics(
        String events,
        String labels,
        String control,
        String predictions,
        String deadLetters,
        String decisions,
        String modelUpdates)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_EVENTS = "events";
    public static final String DEFAULT_LABELS = "labels";
    public static final String DEFAULT_CONTROL = "control";
    public static final String DEFAULT_PREDICTIONS = "predictions";
    public static final String DEFAULT_DEAD_LETTERS = "dead-letters";
    public static final String DEFAULT_DECISIONS = "decisions";
    public static final String DEFAULT_MODEL_UPDATES = "model-updates";

    /** Kafka's limit on the length of a topic name. */
    private static final int MAX_NAME_LENGTH = 249;

    public KafkaTopics {
        validateName("topics.events", events);
        validateName("topics.labels", labels);
        validateName("topics.control", control);
        validateName("topics.predictions", predictions);
        validateName("topics.deadLetters", deadLetters);
        validateName("topics.decisions", decisions);
        validateName("topics.modelUpdates", modelUpdates);
        Map<String, String> seen = new HashMap<>();
        String[][] named = {
            {"events", events},
            {"labels", labels},
            {"control", control},
            {"predictions", predictions},
            {"deadLetters", deadLetters},
            {"decisions", decisions},
            {"modelUpdates", modelUpdates}
        };
        for (String[] entry : named) {
            String previous = seen.putIfAbsent(entry[1], entry[0]);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "topics."
                                + entry[0]
                                + ": '"
                                + entry[1]
                                + "' is already the "
                                + previous
                                + " topic; each topic must have its own name");
            }
        }
    }

    /** The default names. */
    public static KafkaTopics defaults() {
        return new KafkaTopics(
                DEFAULT_EVENTS,
                DEFAULT_LABELS,
                DEFAULT_CONTROL,
                DEFAULT_PREDICTIONS,
                DEFAULT_DEAD_LETTERS,
                DEFAULT_DECISIONS,
                DEFAULT_MODEL_UPDATES);
    }

    /**
     * The default names, each prefixed with {@code prefix} (e.g. {@code "tenant-a."}), for several
     * deployments sharing one cluster.
     */
    public static KafkaTopics withPrefix(String prefix) {
        String p = prefix == null ? "" : prefix;
        return new KafkaTopics(
                p + DEFAULT_EVENTS,
                p + DEFAULT_LABELS,
                p + DEFAULT_CONTROL,
                p + DEFAULT_PREDICTIONS,
                p + DEFAULT_DEAD_LETTERS,
                p + DEFAULT_DECISIONS,
                p + DEFAULT_MODEL_UPDATES);
    }

    /**
     * Checks that {@code topic} is a legal Kafka topic name.
     *
     * @param setting the setting's name, for the message (e.g. {@code "topics.events"})
     * @throws IllegalArgumentException naming the setting, the value and the rule it breaks
     */
    public static void validateName(String setting, String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException(
                    setting + ": must name a Kafka topic, was " + (topic == null ? "null" : "''"));
        }
        if (topic.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException(
                    setting
                            + ": '"
                            + topic
                            + "' is "
                            + topic.length()
                            + " characters long; a Kafka topic name has at most "
                            + MAX_NAME_LENGTH);
        }
        if (topic.equals(".") || topic.equals("..")) {
            throw new IllegalArgumentException(
                    setting + ": '" + topic + "' is not a legal Kafka topic name");
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            boolean legal =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '_'
                            || c == '-';
            if (!legal) {
                throw new IllegalArgumentException(
                        setting
                                + ": '"
                                + topic
                                + "' must contain only ASCII letters, digits, '.', '_' and '-'");
            }
        }
    }
}
