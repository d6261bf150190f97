package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * A replay file as the event source.
 *
 * @param path the file (CSV with a header, or JSON Lines; {@code .gz} is read transparently)
 * @param format {@code csv} or {@code jsonl}
 * @param eventTimeField the field holding the event time
 * @param eventTimeFormat a {@link java.time.format.DateTimeFormatter} pattern, or {@code iso},
 *     {@code epoch-millis}, {@code epoch-seconds}
 * @param zone the zone of local date-times, e.g. {@code UTC}
 * @param idField the field holding the event id, or {@code null} to use the row number
 * @param ratePerSecond replay at most this many events per second; 0 for as fast as possible
 * @param maxEvents stop after this many events; 0 for the whole file
 */
public record FileSourceConfig(
        String path,
        String format,
        String eventTimeField,
        String eventTimeFormat,
        String zone,
        String idField,
        double ratePerSecond,
        long maxEvents)
        implements Serializable {

    public FileSourceConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(eventTimeField, "eventTimeField");
        Objects.requireNonNull(eventTimeFormat, "eventTimeFormat");
        Objects.requireNonNull(zone, "zone");
    }

    public FileSourceConfig withPath(String newPath) {
        return new FileSourceConfig(
                newPath,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                idField,
                ratePerSecond,
                maxEvents);
    }

    public FileSourceConfig withMaxEvents(long newMaxEvents) {
        return new FileSourceConfig(
                path,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                idField,
                ratePerSecond,
                newMaxEvents);
    }
}
