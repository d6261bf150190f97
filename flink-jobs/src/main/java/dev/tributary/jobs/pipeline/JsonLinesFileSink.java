package dev.tributary.jobs.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Appends records as JSON Lines to one local file, for the run records of a local job (status,
 * decisions, dead letters, reference predictions). Run it with parallelism 1.
 *
 * <p>A sink made {@link #stampingWallTime} writes every record (an object) with one more field,
 * {@value #WALL_TIME_FIELD}: the wall-clock time it was written, epoch milliseconds. The progress
 * file is written so: a status says how far the stream is in event time, only this stamp says when
 * the job got there, which the run report needs to plot throughput. Readers ignore unknown fields,
 * and files written before the stamp existed lack it. Other sinks write records exactly as Jackson
 * writes them.
 *
 * <p>Delivery is at least once: after a failure the records since the last checkpoint are written
 * again. Readers of these files take the last line per key; the Kafka sinks are the exactly-once
 * outputs of a production job.
 */
public final class JsonLinesFileSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** The field of a status line that holds its wall-clock time, epoch milliseconds. */
    public static final String WALL_TIME_FIELD = "wallTimeMs";

    private final String path;
    private final boolean flushEachRecord;
    private final boolean stampWallTime;

    /**
     * @param path the file to append to
     * @param flushEachRecord flush after every record, for files that are watched live (progress)
     */
    public JsonLinesFileSink(Path path, boolean flushEachRecord) {
        this(path, flushEachRecord, false);
    }

    private JsonLinesFileSink(Path path, boolean flushEachRecord, boolean stampWallTime) {
        this.path = path.toAbsolutePath().toString();
        this.flushEachRecord = flushEachRecord;
        this.stampWallTime = stampWallTime;
    }

    /**
     * A sink that flushes every record and adds {@value #WALL_TIME_FIELD} to each: for records that
     * serialize as JSON objects, watched live.
     */
    public static <T> JsonLinesFileSink<T> stampingWallTime(Path path) {
        return new JsonLinesFileSink<>(path, true, true);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(Path.of(path), flushEachRecord, stampWallTime);
    }

    private static final class Writer<T> implements SinkWriter<T> {

        private static final ObjectMapper JSON =
                new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

        // Bytes, not a Writer: Jackson encodes the UTF-8 itself and escapes what UTF-8 cannot carry
        // (a lone surrogate in a dead letter's raw text), where a charset encoder would throw.
        private final OutputStream out;
        private final boolean flushEachRecord;
        private final boolean stampWallTime;

        Writer(Path path, boolean flushEachRecord, boolean stampWallTime) throws IOException {
            this.flushEachRecord = flushEachRecord;
            this.stampWallTime = stampWallTime;
            Files.createDirectories(path.toAbsolutePath().getParent());
            out =
                    new BufferedOutputStream(
                            Files.newOutputStream(
                                    path, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        }

        @Override
        public void write(T element, Context context) throws IOException {
            byte[] json = JSON.writeValueAsBytes(element);
            if (stampWallTime) {
                writeStamped(json, System.currentTimeMillis());
            } else {
                out.write(json);
            }
            out.write('\n');
            if (flushEachRecord) {
                out.flush();
            }
        }

        /**
         * The object's JSON with the wall-time field appended before its closing brace: the other
         * fields keep Jackson's own encoding byte for byte (a tree round trip would not promise
         * that for the "NaN" strings of undefined metrics).
         */
        private void writeStamped(byte[] json, long wallTimeMs) throws IOException {
            int end = json.length - 1;
            out.write(json, 0, end);
            out.write(
                    (",\"" + WALL_TIME_FIELD + "\":" + wallTimeMs + "}")
                            .getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
