package dev.tributary.connectors.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.connectors.file.ReplayFileReader;
import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.core.model.RawEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays a file into Kafka as JSON: every record to the events topic and, when labels are to
 * arrive on their own, each record's label to the labels topic, {@code labelDelay} later in event
 * time. Labels are interleaved by event time: a label is sent once the replay has passed its time,
 * as a label that truly arrives later would be. Records the file reader could not read are sent as
 * they are (the raw text), so that the job dead-letters them, as it would in production.
 *
 * <p>Events carry an {@code id} field (the file's id field, or the row number) and the event time
 * as ISO-8601 in {@code ts}; labels are {@code {"id": ..., "label": ..., "ts": ...}}.
 */
public final class ReplayProducer implements AutoCloseable {

    /** Field names of what the producer writes. */
    public static final String ID = "id";

    public static final String TIME = "ts";
    public static final String LABEL = "label";

    /**
     * @param eventsTopic where events go
     * @param labelsTopic where labels go, or {@code null} to keep labels inline in the events
     * @param labelField the file's label field (moved to the labels topic when there is one)
     * @param labelDelay how much later in event time a label arrives than its event
     * @param ratePerSecond events per second at most, 0 for as fast as possible
     */
    public record Plan(
            String eventsTopic,
            String labelsTopic,
            String labelField,
            Duration labelDelay,
            double ratePerSecond) {

        public Plan {
            Objects.requireNonNull(eventsTopic, "eventsTopic");
            Objects.requireNonNull(labelDelay, "labelDelay");
            if (labelsTopic != null && labelField == null) {
                throw new IllegalArgumentException("a labels topic needs the file's label field");
            }
            if (labelDelay.isNegative()) {
                throw new IllegalArgumentException("labelDelay must be >= 0, was " + labelDelay);
            }
            if (!(ratePerSecond >= 0)) {
                throw new IllegalArgumentException(
                        "ratePerSecond must be >= 0, was " + ratePerSecond);
            }
        }
    }

    /** What was sent. */
    public record Sent(long events, long labels, long unreadable) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Producer<String, String> producer;

    public ReplayProducer(KafkaSettings settings) {
        Properties props = settings.adminProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props);
    }

    /** Replays the file as the plan says, then flushes: when this returns, all was written. */
    public Sent replay(ReplayFileSettings file, Plan plan) throws IOException {
        Deque<ProducerRecord<String, String>> pendingLabels = new ArrayDeque<>();
        Deque<Long> pendingLabelTimes = new ArrayDeque<>();
        long events = 0;
        long labels = 0;
        long unreadable = 0;
        long started = System.nanoTime();
        try (ReplayFileReader reader = ReplayFileReader.open(file)) {
            while (reader.hasNext()) {
                RawEvent event = reader.next();
                pace(plan.ratePerSecond(), events, started);
                if (!event.isReadable() || event.eventTime() == RawEvent.NO_TIME) {
                    unreadable++;
                    String raw =
                            event.isReadable()
                                    ? JSON.writeValueAsString(event.fields())
                                    : event.raw();
                    producer.send(new ProducerRecord<>(plan.eventsTopic(), event.id(), raw));
                    events++;
                    continue;
                }
                while (!pendingLabelTimes.isEmpty()
                        && pendingLabelTimes.peek() <= event.eventTime()) {
                    pendingLabelTimes.poll();
                    producer.send(pendingLabels.poll());
                    labels++;
                }
                ObjectNode json = JSON.createObjectNode();
                json.put(ID, event.id());
                json.put(TIME, Instant.ofEpochMilli(event.eventTime()).toString());
                String label = null;
                for (Map.Entry<String, String> f : event.fields().entrySet()) {
                    if (plan.labelsTopic() != null && f.getKey().equals(plan.labelField())) {
                        label = f.getValue();
                    } else if (!f.getKey().equals(ID) && !f.getKey().equals(TIME)) {
                        json.put(f.getKey(), f.getValue());
                    }
                }
                producer.send(
                        new ProducerRecord<>(plan.eventsTopic(), event.id(), json.toString()));
                events++;
                if (plan.labelsTopic() != null && label != null) {
                    long labelTime = event.eventTime() + plan.labelDelay().toMillis();
                    ObjectNode labelJson = JSON.createObjectNode();
                    labelJson.put(ID, event.id());
                    labelJson.put(LABEL, label);
                    labelJson.put(TIME, Instant.ofEpochMilli(labelTime).toString());
                    pendingLabels.add(
                            new ProducerRecord<>(
                                    plan.labelsTopic(), event.id(), labelJson.toString()));
                    pendingLabelTimes.add(labelTime);
                }
            }
        }
        while (!pendingLabels.isEmpty()) {
            producer.send(pendingLabels.poll());
            labels++;
        }
        producer.flush();
        return new Sent(events, labels, unreadable);
    }

    private static void pace(double ratePerSecond, long sent, long startedNanos) {
        if (ratePerSecond <= 0) {
            return;
        }
        long due = startedNanos + (long) (sent * 1e9 / ratePerSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing the replay", e);
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
