package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where events come from and how to read them: a replayed file, or the Kafka events topic.
 *
 * @param kind a file or Kafka
 * @param path the file (CSV with a header, or JSON Lines; {@code .gz} is read transparently);
 *     {@code null} for Kafka
 * @param format {@code csv} or {@code jsonl}; Kafka events are JSON objects
 * @param eventTimeField the field holding the event time
 * @param eventTimeFormat a {@link java.time.format.DateTimeFormatter} pattern, or {@code iso},
 *     {@code epoch-millis}, {@code epoch-seconds}
 * @param zone the zone of local date-times, e.g. {@code UTC}
 * @param idField the field holding the event id, or {@code null} to use the row number (a Kafka
 *     source needs one: labels join on it)
 * @param ratePerSecond replay at most this many events per second; 0 for as fast as possible
 *     (files)
 * @param maxEvents stop after this many events; 0 for the whole file (files)
 * @param experimentField the field naming the experiment an event is meant for, or {@code null}: an
 *     event naming another experiment than the job's is dead-lettered as {@code UNKNOWN_EXPERIMENT}
 *     (a misrouted stream must show, not train a model on foreign data); an event without the field
 *     belongs to the job's experiment
 * @param injectDrift a synthetic drift the file source injects into the records it replays, {@code
 *     null} for none (files only)
 */
public record SourceConfig(
        SourceKind kind,
        String path,
        String format,
        String eventTimeField,
        String eventTimeFormat,
        String zone,
        String idField,
        double ratePerSecond,
        long maxEvents,
        String experimentField,
        DriftInjection injectDrift)
        implements Serializable {

    /** A source without injected drift. */
    public SourceConfig(
            SourceKind kind,
            String path,
            String format,
            String eventTimeField,
            String eventTimeFormat,
            String zone,
            String idField,
            double ratePerSecond,
            long maxEvents,
            String experimentField) {
        this(
                kind,
                path,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                idField,
                ratePerSecond,
                maxEvents,
                experimentField,
                null);
    }

    /** A source whose events do not name their experiment. */
    public SourceConfig(
            SourceKind kind,
            String path,
            String format,
            String eventTimeField,
            String eventTimeFormat,
            String zone,
            String idField,
            double ratePerSecond,
            long maxEvents) {
        this(
                kind,
                path,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                idField,
                ratePerSecond,
                maxEvents,
                null);
    }

    public SourceConfig {
        Objects.requireNonNull(kind, "kind");
        if (kind == SourceKind.FILE) {
            Objects.requireNonNull(path, "path");
        }
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(eventTimeField, "eventTimeField");
        Objects.requireNonNull(eventTimeFormat, "eventTimeFormat");
        Objects.requireNonNull(zone, "zone");
    }

    public SourceConfig withPath(String newPath) {
        return new SourceConfig(
                kind,
                newPath,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                idField,
                ratePerSecond,
                maxEvents,
                experimentField,
                injectDrift);
    }

    public SourceConfig withMaxEvents(long newMaxEvents) {
        return new SourceConfig(
                kind,
                path,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                idField,
                ratePerSecond,
                newMaxEvents,
                experimentField,
                injectDrift);
    }

    /** The same source read as another format ({@code csv} or {@code jsonl}). */
    public SourceConfig withFormat(String newFormat) {
        return new SourceConfig(
                kind,
                path,
                newFormat,
                eventTimeField,
                eventTimeFormat,
                zone,
                idField,
                ratePerSecond,
                maxEvents,
                experimentField,
                injectDrift);
    }

    /** The same source with its event ids in {@code newIdField}. */
    public SourceConfig withIdField(String newIdField) {
        return new SourceConfig(
                kind,
                path,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                newIdField,
                ratePerSecond,
                maxEvents,
                experimentField,
                injectDrift);
    }

    /** The same source injecting another drift, {@code null} for none. */
    public SourceConfig withInjectDrift(DriftInjection newDrift) {
        return new SourceConfig(
                kind,
                path,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                idField,
                ratePerSecond,
                maxEvents,
                experimentField,
                newDrift);
    }
}
