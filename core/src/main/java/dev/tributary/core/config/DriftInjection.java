package dev.tributary.core.config;

import dev.tributary.core.model.TrafficSplit;
import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A documented, synthetic concept drift that a replayed file source injects, for demos and tests
 * whose data has no drift strong enough to show automatic retraining: from {@code after} on, the
 * binary label of a fixed share of entities is flipped (1 becomes 0 and 0 becomes 1), so that what
 * the models learned about those entities becomes wrong at once, while the inputs do not change.
 *
 * <p>An entity is the tuple of the {@code by} fields' values (for example a route: origin and
 * destination); whether it flips is decided by the same stable hash that routes traffic ({@link
 * TrafficSplit#bucket}), so the same entities flip on every run and in both the replayed events and
 * the labels a producer derives from them. A label that is neither {@code 0} nor {@code 1}, or an
 * event without every {@code by} field, is left alone.
 *
 * @param after the event time from which labels flip
 * @param labelField the field holding the binary label
 * @param by the fields whose values make up an entity, at least one
 * @param fraction the share of entities whose label flips, in {@code (0, 1]}
 */
public record DriftInjection(Instant after, String labelField, List<String> by, double fraction)
        implements Serializable {

    public DriftInjection {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(labelField, "labelField");
        by = List.copyOf(by);
        if (by.isEmpty()) {
            throw new IllegalArgumentException("by: [] must name at least one field");
        }
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction: " + fraction + " must be in (0, 1]");
        }
    }

    /** Whether the label of the entity these fields describe flips at this event time. */
    public boolean flips(long eventTime, Map<String, String> fields) {
        if (eventTime < after.toEpochMilli()) {
            return false;
        }
        StringBuilder entity = new StringBuilder();
        for (String field : by) {
            String value = fields.get(field);
            if (value == null) {
                return false;
            }
            entity.append(value).append('\u001f');
        }
        return TrafficSplit.bucket(entity.toString()) < fraction;
    }

    /**
     * The fields with the label flipped when {@link #flips} holds and the label is {@code 0} or
     * {@code 1}; otherwise the same map.
     */
    public Map<String, String> apply(long eventTime, Map<String, String> fields) {
        String label = fields.get(labelField);
        if (!"0".equals(label) && !"1".equals(label) || !flips(eventTime, fields)) {
            return fields;
        }
        Map<String, String> flipped = new HashMap<>(fields);
        flipped.put(labelField, "1".equals(label) ? "0" : "1");
        return flipped;
    }
}
