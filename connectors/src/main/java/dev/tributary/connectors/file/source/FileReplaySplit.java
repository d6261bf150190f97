package dev.tributary.connectors.file.source;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One replay file and how far it has been read: the split of a {@link FileReplaySource} and, with
 * {@link #position()}, its checkpointed state.
 *
 * @param splitId the split's id, unique within the source
 * @param path the file, as a Flink file-system path
 * @param position the number of records already emitted; a restored reader skips that many
 */
public record FileReplaySplit(String splitId, String path, long position) implements SourceSplit {

    public FileReplaySplit {
        Objects.requireNonNull(splitId, "splitId");
        Objects.requireNonNull(path, "path");
        if (position < 0) {
            throw new IllegalArgumentException("position must be >= 0, was " + position);
        }
    }

    /** The same file at another position. */
    public FileReplaySplit atPosition(long newPosition) {
        return new FileReplaySplit(splitId, path, newPosition);
    }
}
