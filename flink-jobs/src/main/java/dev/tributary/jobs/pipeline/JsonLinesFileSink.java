package dev.tributary.jobs.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 * <p>Delivery is at least once: after a failure the records since the last checkpoint are written
 * again. Readers of these files take the last line per key; the Kafka sinks are the exactly-once
 * outputs of a production job.
 */
public final class JsonLinesFileSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final String path;
    private final boolean flushEachRecord;

    /**
     * @param path the file to append to
     * @param flushEachRecord flush after every record, for files that are watched live (progress)
     */
    public JsonLinesFileSink(Path path, boolean flushEachRecord) {
        this.path = path.toAbsolutePath().toString();
        this.flushEachRecord = flushEachRecord;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(Path.of(path), flushEachRecord);
    }

    private static final class Writer<T> implements SinkWriter<T> {

        private static final ObjectMapper JSON =
                new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

        // Bytes, not a Writer: Jackson encodes the UTF-8 itself and escapes what UTF-8 cannot carry
        // (a lone surrogate in a dead letter's raw text), where a charset encoder would throw.
        private final OutputStream out;
        private final boolean flushEachRecord;

        Writer(Path path, boolean flushEachRecord) throws IOException {
            this.flushEachRecord = flushEachRecord;
            Files.createDirectories(path.toAbsolutePath().getParent());
            out =
                    new BufferedOutputStream(
                            Files.newOutputStream(
                                    path, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        }

        @Override
        public void write(T element, Context context) throws IOException {
            out.write(JSON.writeValueAsBytes(element));
            out.write('\n');
            if (flushEachRecord) {
                out.flush();
            }
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
