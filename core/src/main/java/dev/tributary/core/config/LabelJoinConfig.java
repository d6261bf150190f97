package dev.tributary.core.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How labels that arrive on their own stream are joined to their events.
 *
 * @param attributionWindow how long after an event (in event time) its label may arrive
 * @param defaultOnTimeout when no label came within the window: train on {@code defaultLabel}
 *     ({@code true}, the "no click" case) or drop the event, counted ({@code false})
 * @param defaultLabel the label of an event whose window closed without one
 */
public record LabelJoinConfig(
        Duration attributionWindow, boolean defaultOnTimeout, double defaultLabel)
        implements Serializable {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(10);

    public LabelJoinConfig {
        Objects.requireNonNull(attributionWindow, "attributionWindow");
        if (attributionWindow.isNegative() || attributionWindow.isZero()) {
            throw new IllegalArgumentException(
                    "attributionWindow must be longer than 0, was " + attributionWindow);
        }
        // Which targets are valid depends on the label (LabelSpec#isTarget, checked by the parser).
        if (!Double.isFinite(defaultLabel)) {
            throw new IllegalArgumentException("defaultLabel must be finite, was " + defaultLabel);
        }
    }
}
