package dev.tributary.connectors.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tributary.core.config.DriftInjection;
import dev.tributary.core.model.RawEvent;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads the records of one replay file as {@link RawEvent}s, in file order.
 *
 * <p>Gzipped content is recognised by its magic bytes and decompressed. Text is decoded as UTF-8 (a
 * leading byte-order mark is dropped). A record holding bytes that are not UTF-8 is unreadable, as
 * it is for the Kafka decoders: its raw text shows them as U+FFFD. Blank lines are not records.
 *
 * <ul>
 *   <li>CSV: the first record is the header and names the columns. Fields are separated by commas;
 *       a field that starts with a double quote runs to the matching quote and may contain commas,
 *       line breaks and doubled quotes (RFC 4180). A quote inside an unquoted field is kept as
 *       text. Empty fields, quoted or not, are absent from the event.
 *   <li>JSON Lines: each line is one JSON object. Scalars become their text, {@code null} and empty
 *       strings are absent, nested objects and arrays become their JSON text as written.
 * </ul>
 *
 * <p>Bad data never throws: a CSV row with the wrong number of fields, a malformed quoted field,
 * invalid UTF-8, invalid JSON, a line that is not an object or a string that is not Unicode (an
 * escaped half of a surrogate pair) yields {@link RawEvent#unreadable}; a missing or unreadable
 * event time yields an event whose time is {@link RawEvent#NO_TIME}; a row whose id field is absent
 * gets the id {@code row-<n>}. Only I/O failures throw ({@link UncheckedIOException} from {@link
 * #hasNext()} and {@link #next()}), since a truncated file must fail the replay rather than end it
 * quietly.
 *
 * <p>{@link #position()} counts the records consumed so far, by {@link #next()} or {@link
 * #skip(long)}; skipping finds record boundaries without splitting fields, so that a restore
 * resumes cheaply. Instances are not thread-safe.
 */
public final class ReplayFileReader implements Closeable, Iterator<RawEvent> {

    private static final int BUFFER_CHARS = 1 << 16;
    private static final int GZIP_MAGIC_1 = 0x1f;
    private static final int GZIP_MAGIC_2 = 0x8b;

    // States of the CSV record scanner.
    private static final int FIELD_START = 0;
    private static final int UNQUOTED = 1;
    private static final int QUOTED = 2;
    private static final int QUOTE_IN_QUOTED = 3;

    private static final JsonFactory JSON = new JsonFactory();

    private final ReplayFileSettings settings;
    private final EventTimeFormat timeFormat;
    private final Utf8Reader in;
    private final char[] buffer = new char[BUFFER_CHARS];
    private int bufferPos;
    private int bufferLimit;
    private boolean endOfInput;

    /** The offset, in chars from the start of the input, of {@code buffer[0]}. */
    private long bufferOffset;

    /** The offsets of the last record found: its first char, and the one after its terminator. */
    private long recordStart;

    private long recordEnd;

    /** The raw text of the record being parsed, without its line terminator. */
    private char[] record = new char[1024];

    private int recordLength;

    /** Field values of the CSV row being parsed; {@code null} marks an empty field. */
    private String[] row = new String[16];

    private int rowFields;
    private String rowProblem;
    private final StringBuilder quotedField = new StringBuilder(64);

    private String[] header = new String[0];
    private String headerProblem;
    private int idColumn = -1;
    private int timeColumn = -1;

    private long position;
    private RawEvent lookahead;
    private boolean exhausted;

    // One-entry cache: replay files are sorted by time, so neighbouring rows often share it.
    private String lastTimeText;
    private long lastTime;

    private ReplayFileReader(ReplayFileSettings settings, Utf8Reader in) throws IOException {
        this.settings = settings;
        this.timeFormat = settings.timeFormat();
        this.in = in;
        if (fill() && buffer[0] == '\uFEFF') {
            bufferPos = 1;
        }
        if (settings.format() == ReplayFormat.CSV) {
            readHeader();
        }
    }

    /**
     * Opens the local file {@link ReplayFileSettings#path()}.
     *
     * @throws IOException if the file cannot be opened, or its CSV header cannot be read
     */
    public static ReplayFileReader open(ReplayFileSettings settings) throws IOException {
        InputStream in = Files.newInputStream(Path.of(settings.path()));
        try {
            return open(settings, in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Reads an already opened stream with the given settings (its path is only informative). The
     * reader owns the stream and closes it.
     *
     * @throws IOException if the stream cannot be read
     */
    public static ReplayFileReader open(ReplayFileSettings settings, InputStream stream)
            throws IOException {
        Objects.requireNonNull(settings, "settings");
        BufferedInputStream buffered = new BufferedInputStream(stream, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        InputStream data =
                first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2
                        ? new GZIPInputStream(buffered, 1 << 16)
                        : buffered;
        return new ReplayFileReader(settings, new Utf8Reader(data, 1 << 16));
    }

    /** The settings this reader was opened with. */
    public ReplayFileSettings settings() {
        return settings;
    }

    /** The number of records consumed so far, by {@link #next()} or {@link #skip(long)}. */
    public long position() {
        return position;
    }

    /**
     * Whether another record follows, within {@link ReplayFileSettings#maxEvents()}.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    @Override
    public boolean hasNext() {
        if (lookahead != null) {
            return true;
        }
        if (exhausted || limitReached()) {
            return false;
        }
        try {
            lookahead = readEvent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read replay file " + settings.path(), e);
        }
        exhausted = lookahead == null;
        return !exhausted;
    }

    /**
     * The next record.
     *
     * @throws NoSuchElementException if there is none
     * @throws UncheckedIOException if the file cannot be read
     */
    @Override
    public RawEvent next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more records in " + settings.path());
        }
        RawEvent event = lookahead;
        lookahead = null;
        position++;
        return event;
    }

    /**
     * Skips up to {@code count} records without parsing their fields.
     *
     * @return the number of records skipped: fewer than {@code count} only at the end of the file
     *     or of {@link ReplayFileSettings#maxEvents()}
     * @throws UncheckedIOException if the file cannot be read
     */
    public long skip(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("cannot skip a negative count: " + count);
        }
        long skipped = 0;
        if (count > 0 && lookahead != null) {
            lookahead = null;
            position++;
            skipped++;
        }
        try {
            while (skipped < count && !exhausted && !limitReached()) {
                boolean found =
                        settings.format() == ReplayFormat.CSV
                                ? readCsvRecord(false)
                                : readLine(false);
                if (!found) {
                    exhausted = true;
                    break;
                }
                invalidUtf8Problem(); // forgets the record's invalid bytes
                position++;
                skipped++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read replay file " + settings.path(), e);
        }
        return skipped;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private boolean limitReached() {
        return settings.maxEvents() > 0 && position >= settings.maxEvents();
    }

    private RawEvent readEvent() throws IOException {
        if (settings.format() == ReplayFormat.CSV) {
            if (!readCsvRecord(true)) {
                return null;
            }
        } else if (!readLine(true)) {
            return null;
        }
        long rowNumber = position + 1;
        String invalidUtf8 = invalidUtf8Problem();
        if (invalidUtf8 != null) {
            return RawEvent.unreadable(fallbackId(rowNumber), invalidUtf8, recordText());
        }
        RawEvent event =
                settings.format() == ReplayFormat.CSV ? csvEvent(rowNumber) : jsonEvent(rowNumber);
        return injectDrift(event);
    }

    /** The event with the configured synthetic drift applied; unreadable records stay as read. */
    private RawEvent injectDrift(RawEvent event) {
        DriftInjection drift = settings.injectDrift();
        if (drift == null || event.rejection() != null || event.eventTime() == RawEvent.NO_TIME) {
            return event;
        }
        Map<String, String> fields = drift.apply(event.eventTime(), event.fields());
        return fields == event.fields()
                ? event
                : RawEvent.of(event.id(), event.eventTime(), fields);
    }

    /**
     * What is wrong with the text of the record just found when some of its bytes are not UTF-8,
     * otherwise {@code null}. Call it once per record, in order.
     */
    private String invalidUtf8Problem() {
        long first = in.firstReplacement(recordStart, recordEnd);
        return first < 0
                ? null
                : "invalid UTF-8 at character "
                        + (first - recordStart + 1)
                        + " (shown as U+FFFD in the raw text)";
    }

    // ---------------------------------------------------------------- CSV

    private void readHeader() throws IOException {
        if (!readCsvRecord(true)) {
            return;
        }
        String invalidUtf8 = invalidUtf8Problem();
        if (invalidUtf8 != null) {
            headerProblem = "CSV header is unreadable: " + invalidUtf8;
            return;
        }
        splitCsvRecord();
        if (rowProblem != null) {
            headerProblem = "CSV header is unreadable: " + rowProblem;
            return;
        }
        header = Arrays.copyOf(row, rowFields);
        Set<String> seen = new HashSet<>();
        for (int column = 0; column < header.length; column++) {
            String name = header[column];
            if (name == null) {
                headerProblem = "CSV header has no name for column " + (column + 1);
                return;
            }
            if (!seen.add(name)) {
                headerProblem = "CSV header names column '" + name + "' twice";
                return;
            }
            if (name.equals(settings.idField())) {
                idColumn = column;
            }
            if (name.equals(settings.eventTimeField())) {
                timeColumn = column;
            }
        }
    }

    private RawEvent csvEvent(long rowNumber) {
        if (headerProblem != null) {
            return RawEvent.unreadable(fallbackId(rowNumber), headerProblem, recordText());
        }
        splitCsvRecord();
        if (rowProblem != null) {
            return RawEvent.unreadable(fallbackId(rowNumber), rowProblem, recordText());
        }
        if (rowFields != header.length) {
            return RawEvent.unreadable(
                    fallbackId(rowNumber),
                    "CSV row has "
                            + rowFields
                            + (rowFields == 1 ? " field" : " fields")
                            + " but the header has "
                            + header.length,
                    recordText());
        }
        Map<String, String> fields = new HashMap<>(capacityFor(rowFields));
        for (int column = 0; column < rowFields; column++) {
            if (row[column] != null) {
                fields.put(header[column], row[column]);
            }
        }
        String id;
        if (settings.idField() == null) {
            id = Long.toString(rowNumber);
        } else {
            id = idColumn >= 0 ? row[idColumn] : null;
            if (id == null) {
                id = fallbackId(rowNumber);
            }
        }
        long time = timeColumn >= 0 ? eventTime(row[timeColumn]) : RawEvent.NO_TIME;
        return RawEvent.of(id, time, fields);
    }

    /**
     * Reads the next non-blank CSV record, up to an unquoted line feed or the end of input. With
     * {@code keep} its text (without the terminator) is left in {@link #record}; without, only the
     * boundary is found.
     *
     * @return false at the end of input
     */
    private boolean readCsvRecord(boolean keep) throws IOException {
        while (true) {
            recordStart = bufferOffset + bufferPos;
            recordLength = 0;
            long length = 0;
            char last = 0;
            int state = FIELD_START;
            boolean terminated = false;
            while (!terminated) {
                if (bufferPos >= bufferLimit && !fill()) {
                    break;
                }
                int start = bufferPos;
                int i = start;
                int limit = bufferLimit;
                char[] buf = buffer;
                while (i < limit) {
                    char c = buf[i];
                    if (c == '\n' && state != QUOTED) {
                        terminated = true;
                        break;
                    }
                    switch (state) {
                        case FIELD_START:
                            state = c == '"' ? QUOTED : c == ',' ? FIELD_START : UNQUOTED;
                            break;
                        case UNQUOTED:
                            if (c == ',') {
                                state = FIELD_START;
                            }
                            break;
                        case QUOTED:
                            if (c == '"') {
                                state = QUOTE_IN_QUOTED;
                            }
                            break;
                        default: // QUOTE_IN_QUOTED: an escaped quote, or the closing one
                            state = c == '"' ? QUOTED : c == ',' ? FIELD_START : UNQUOTED;
                            break;
                    }
                    last = c;
                    i++;
                }
                length += i - start;
                if (keep) {
                    append(buf, start, i - start);
                }
                bufferPos = terminated ? i + 1 : i;
            }
            if (!terminated && length == 0) {
                return false;
            }
            boolean carriageReturn = last == '\r';
            if (keep && carriageReturn) {
                recordLength--;
            }
            if (length > (carriageReturn ? 1 : 0)) {
                recordEnd = bufferOffset + bufferPos;
                return true;
            }
            // a blank line: not a record
        }
    }

    /** Splits {@link #record} into {@link #row}, or sets {@link #rowProblem}. */
    private void splitCsvRecord() {
        char[] chars = record;
        int n = recordLength;
        int i = 0;
        rowFields = 0;
        rowProblem = null;
        while (true) {
            String value;
            if (i < n && chars[i] == '"') {
                StringBuilder sb = quotedField;
                sb.setLength(0);
                i++;
                int segment = i;
                boolean closed = false;
                while (i < n) {
                    if (chars[i] == '"') {
                        sb.append(chars, segment, i - segment);
                        if (i + 1 < n && chars[i + 1] == '"') {
                            sb.append('"');
                            i += 2;
                            segment = i;
                            continue;
                        }
                        i++;
                        closed = true;
                        break;
                    }
                    i++;
                }
                if (!closed) {
                    rowProblem = "CSV field " + (rowFields + 1) + " has an unterminated quote";
                    return;
                }
                if (i < n && chars[i] != ',') {
                    rowProblem =
                            "CSV field " + (rowFields + 1) + " has text after its closing quote";
                    return;
                }
                value = sb.length() == 0 ? null : sb.toString();
            } else {
                int start = i;
                while (i < n && chars[i] != ',') {
                    i++;
                }
                value = i > start ? new String(chars, start, i - start) : null;
            }
            if (rowFields == row.length) {
                row = Arrays.copyOf(row, row.length * 2);
            }
            row[rowFields++] = value;
            if (i >= n) {
                return;
            }
            i++; // the comma; a comma at the very end leaves one more, empty, field
        }
    }

    // ---------------------------------------------------------------- JSON Lines

    /**
     * Reads the next non-blank line. With {@code keep} its text (without the terminator) is left in
     * {@link #record}.
     *
     * @return false at the end of input
     */
    private boolean readLine(boolean keep) throws IOException {
        while (true) {
            recordStart = bufferOffset + bufferPos;
            recordLength = 0;
            boolean blank = true;
            boolean any = false;
            boolean terminated = false;
            while (!terminated) {
                if (bufferPos >= bufferLimit && !fill()) {
                    break;
                }
                any = true;
                int start = bufferPos;
                int i = start;
                int limit = bufferLimit;
                char[] buf = buffer;
                while (i < limit) {
                    char c = buf[i];
                    if (c == '\n') {
                        terminated = true;
                        break;
                    }
                    if (blank && !isJsonWhitespace(c)) {
                        blank = false;
                    }
                    i++;
                }
                if (keep) {
                    append(buf, start, i - start);
                }
                bufferPos = terminated ? i + 1 : i;
            }
            if (!any) {
                return false;
            }
            if (!blank) {
                if (keep && recordLength > 0 && record[recordLength - 1] == '\r') {
                    recordLength--;
                }
                recordEnd = bufferOffset + bufferPos;
                return true;
            }
            if (!terminated) {
                return false;
            }
        }
    }

    private static boolean isJsonWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private RawEvent jsonEvent(long rowNumber) {
        Map<String, String> fields = new HashMap<>();
        String problem = null;
        try (JsonParser parser = JSON.createParser(record, 0, recordLength)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                problem = "JSON line is not an object";
            } else {
                while (problem == null && parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        int start = (int) parser.currentTokenLocation().getCharOffset();
                        parser.skipChildren();
                        int end = (int) parser.currentLocation().getCharOffset();
                        fields.put(name, new String(record, start, end - start));
                    } else if (value != JsonToken.VALUE_NULL) {
                        String text = parser.getText();
                        if (value == JsonToken.VALUE_STRING
                                && UnicodeText.hasUnpairedSurrogate(text)) {
                            problem = UnicodeText.notUnicode("JSON line", name);
                        } else if (!text.isEmpty()) {
                            fields.put(name, text);
                        }
                    }
                }
                if (problem == null && parser.nextToken() != null) {
                    problem = "JSON line has content after its object";
                }
            }
        } catch (JsonProcessingException e) {
            problem = "invalid JSON: " + e.getOriginalMessage();
        } catch (IOException | RuntimeException e) {
            // Parsing an in-memory array does no I/O; any other failure is bad data too.
            problem = "invalid JSON: " + e.getMessage();
        }
        if (problem != null) {
            return RawEvent.unreadable(fallbackId(rowNumber), problem, recordText());
        }
        String id;
        if (settings.idField() == null) {
            id = Long.toString(rowNumber);
        } else {
            id = fields.get(settings.idField());
            if (id == null) {
                id = fallbackId(rowNumber);
            }
        }
        return RawEvent.of(id, eventTime(fields.get(settings.eventTimeField())), fields);
    }

    // ---------------------------------------------------------------- shared

    private long eventTime(String text) {
        if (text == null) {
            return RawEvent.NO_TIME;
        }
        if (!text.equals(lastTimeText)) {
            lastTime = timeFormat.parse(text);
            lastTimeText = text;
        }
        return lastTime;
    }

    /** The id of a record whose own id is unknown: its row number, marked when ids are fields. */
    private String fallbackId(long rowNumber) {
        return settings.idField() == null ? Long.toString(rowNumber) : "row-" + rowNumber;
    }

    private String recordText() {
        return new String(record, 0, recordLength);
    }

    private void append(char[] chars, int offset, int length) {
        if (length == 0) {
            return;
        }
        int needed = recordLength + length;
        if (needed > record.length) {
            record = Arrays.copyOf(record, Math.max(needed, record.length * 2));
        }
        System.arraycopy(chars, offset, record, recordLength, length);
        recordLength = needed;
    }

    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        bufferOffset += bufferLimit;
        int read;
        do {
            read = in.read(buffer, 0, buffer.length);
        } while (read == 0);
        if (read < 0) {
            endOfInput = true;
            bufferPos = 0;
            bufferLimit = 0;
            return false;
        }
        bufferPos = 0;
        bufferLimit = read;
        return true;
    }

    private static int capacityFor(int entries) {
        return (int) (entries / 0.75f) + 1;
    }
}
