package dev.tributary.jobs.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.supervision.ExperimentStatus;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads the newest status report from a run's {@code progress.jsonl}, which the job appends to
 * while it runs. Only the file's tail is read, so polling it stays cheap however long the run.
 *
 * <p>Lines are read leniently: a field this reader does not know is ignored, such as the wall-clock
 * stamp the progress file's writer adds to each line ({@code wallTimeMs}) or a field a newer
 * version of {@link ExperimentStatus} carries.
 */
public final class StatusFile {

    static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final int TAIL_BYTES = 64 * 1024;

    private StatusFile() {}

    public static Optional<ExperimentStatus> latest(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String tail;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            long start = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(bytes);
            tail = new String(bytes, StandardCharsets.UTF_8);
        }
        String[] lines = tail.split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].trim();
            if (line.startsWith("{") && line.endsWith("}")) {
                try {
                    return Optional.of(JSON.readValue(line, ExperimentStatus.class));
                } catch (IOException partialOrOld) {
                    // a line being written right now: take the one before
                }
            }
        }
        return Optional.empty();
    }
}
