package dev.tributary.connectors.file;

import dev.tributary.core.config.DriftInjection;
import dev.tributary.core.config.SourceConfig;
import dev.tributary.core.config.SourceKind;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;

/**
 * What to replay and how: a validated, immutable description of one replay file.
 *
 * @param path the file (a local path, or for the Flink source any URI a Flink file system reads);
 *     gzipped content is detected and decompressed
 * @param format CSV (with a header row) or JSON Lines
 * @param eventTimeField the field holding the event time
 * @param eventTimeFormat how to read the event time: see {@link EventTimeFormat}
 * @param zone the zone of local date-times in the event-time field; {@code null} or blank means
 *     {@code UTC}
 * @param idField the field holding the event id, or {@code null} to use the 1-based number of the
 *     record among the file's data records (header and blank lines not counted)
 * @param ratePerSecond at most this many events per second, {@code 0} for as fast as possible
 *     (applied by the Flink source)
 * @param maxEvents stop after this many records, {@code 0} for the whole file
 * @param injectDrift a synthetic drift injected into the records read, {@code null} for none
 */
public record ReplayFileSettings(
        String path,
        ReplayFormat format,
        String eventTimeField,
        String eventTimeFormat,
        String zone,
        String idField,
        double ratePerSecond,
        long maxEvents,
        DriftInjection injectDrift)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Settings without injected drift. */
    public ReplayFileSettings(
            String path,
            ReplayFormat format,
            String eventTimeField,
            String eventTimeFormat,
            String zone,
            String idField,
            double ratePerSecond,
            long maxEvents) {
        this(
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

    /** The zone used when none is given. */
    public static final String DEFAULT_ZONE = "UTC";

    public ReplayFileSettings {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("path: must name a replay file, was " + quote(path));
        }
        if (format == null) {
            throw new IllegalArgumentException("format: must be CSV or JSONL, was null");
        }
        if (eventTimeField == null || eventTimeField.isBlank()) {
            throw new IllegalArgumentException(
                    "eventTimeField: must name the event-time field, was " + quote(eventTimeField));
        }
        zone = zone == null || zone.isBlank() ? DEFAULT_ZONE : zone.strip();
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "zone: '" + zone + "' is not a valid zone id (e.g. UTC, Europe/Paris, +02:00)",
                    e);
        }
        try {
            EventTimeFormat.of(eventTimeFormat, zoneId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("eventTimeFormat: " + e.getMessage(), e);
        }
        if (idField != null && idField.isBlank()) {
            throw new IllegalArgumentException(
                    "idField: must be null (use the row number) or name a field, was blank");
        }
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException(
                    "ratePerSecond: "
                            + ratePerSecond
                            + " must be a finite number >= 0 (0 = unlimited)");
        }
        if (maxEvents < 0) {
            throw new IllegalArgumentException(
                    "maxEvents: " + maxEvents + " must be >= 0 (0 = the whole file)");
        }
    }

    /**
     * The settings a job file's source section describes. The job configuration stays the one place
     * users write; these are its checked, runtime form for the reader and the source.
     */
    public static ReplayFileSettings from(SourceConfig source) {
        if (source.kind() != SourceKind.FILE) {
            throw new IllegalArgumentException("source.type: " + source.kind() + " is not a file");
        }
        return new ReplayFileSettings(
                source.path(),
                ReplayFormat.valueOf(source.format().toUpperCase(Locale.ROOT)),
                source.eventTimeField(),
                source.eventTimeFormat(),
                source.zone(),
                source.idField(),
                source.ratePerSecond(),
                source.maxEvents(),
                source.injectDrift());
    }

    /**
     * Settings for reading a whole file as fast as possible, in UTC, with row numbers as ids.
     *
     * @see #withIdField(String)
     * @see #withZone(String)
     * @see #withRatePerSecond(double)
     * @see #withMaxEvents(long)
     */
    public static ReplayFileSettings of(
            String path, ReplayFormat format, String eventTimeField, String eventTimeFormat) {
        return new ReplayFileSettings(
                path, format, eventTimeField, eventTimeFormat, DEFAULT_ZONE, null, 0, 0);
    }

    /** A copy that takes event ids from {@code field} ({@code null}: row numbers). */
    public ReplayFileSettings withIdField(String field) {
        return new ReplayFileSettings(
                path,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                field,
                ratePerSecond,
                maxEvents,
                injectDrift);
    }

    /** A copy that interprets local date-times in {@code zoneId}. */
    public ReplayFileSettings withZone(String zoneId) {
        return new ReplayFileSettings(
                path,
                format,
                eventTimeField,
                eventTimeFormat,
                zoneId,
                idField,
                ratePerSecond,
                maxEvents,
                injectDrift);
    }

    /** A copy limited to {@code eventsPerSecond} ({@code 0}: unlimited). */
    public ReplayFileSettings withRatePerSecond(double eventsPerSecond) {
        return new ReplayFileSettings(
                path,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                idField,
                eventsPerSecond,
                maxEvents,
                injectDrift);
    }

    /** A copy that stops after {@code count} records ({@code 0}: the whole file). */
    public ReplayFileSettings withMaxEvents(long count) {
        return new ReplayFileSettings(
                path,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                idField,
                ratePerSecond,
                count,
                injectDrift);
    }

    /** A copy that reads {@code otherPath} with the same settings. */
    public ReplayFileSettings withPath(String otherPath) {
        return new ReplayFileSettings(
                otherPath,
                format,
                eventTimeField,
                eventTimeFormat,
                zone,
                idField,
                ratePerSecond,
                maxEvents,
                injectDrift);
    }

    /** The zone as a {@link ZoneId}. */
    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    /** The event-time format, ready to parse. */
    public EventTimeFormat timeFormat() {
        return EventTimeFormat.of(eventTimeFormat, zoneId());
    }

    /** Whether the replay is rate limited. */
    public boolean isRateLimited() {
        return ratePerSecond > 0;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}
