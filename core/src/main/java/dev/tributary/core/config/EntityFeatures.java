package dev.tributary.core.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Features of the entity an event is about (the spec's {@code entity} field), kept per entity in
 * keyed state: how many of its events fell in the sliding event-time window before this one, the
 * mean of some of its numeric fields over that window, and the time since its previous event. They
 * describe the past only: an event never sees itself.
 *
 * @param window the sliding window, in event time; it advances in steps of {@code window / }
 *     {@value #WINDOW_STEPS}, so memory per entity is bounded however busy it is
 * @param ttl an entity with no event for this long (event time) is forgotten, its state dropped
 * @param count add {@code <entity>:count}, {@code log(1 + events in the window)}
 * @param sinceLast add {@code <entity>:since_last}, {@code log(1 + seconds since its previous
 *     event)}; for an entity not seen within the ttl, as if it was seen a ttl ago
 * @param means the numeric fields whose window mean to add, as {@code <entity>:mean:<field>}; the
 *     mean of an entity with no value in its window is missing and imputed by the model with the
 *     running mean
 */
public record EntityFeatures(
        Duration window, Duration ttl, boolean count, boolean sinceLast, List<String> means)
        implements Serializable {

    /** The number of steps a window is kept in. */
    public static final int WINDOW_STEPS = 12;

    public EntityFeatures {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(ttl, "ttl");
        means = List.copyOf(means);
        if (window.toMillis() < WINDOW_STEPS) {
            throw new IllegalArgumentException("window must be at least 12 ms, was " + window);
        }
        if (ttl.compareTo(window) < 0) {
            throw new IllegalArgumentException(
                    "ttl " + ttl + " must not be shorter than the window " + window);
        }
    }

    /** The dense features this adds, in vector order, for entity field {@code entity}. */
    public List<String> featureNames(String entity) {
        List<String> names = new java.util.ArrayList<>();
        if (count) {
            names.add(entity + ":count");
        }
        if (sinceLast) {
            names.add(entity + ":since_last");
        }
        for (String field : means) {
            names.add(entity + ":mean:" + field);
        }
        return names;
    }

    /** The length of one step of the window, in milliseconds. */
    public long stepMillis() {
        return window.toMillis() / WINDOW_STEPS;
    }
}
