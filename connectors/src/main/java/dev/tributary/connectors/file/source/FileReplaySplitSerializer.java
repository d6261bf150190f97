package dev.tributary.connectors.file.source;

import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Versioned serializer of {@link FileReplaySplit}s, for reader state in checkpoints and for sending
 * splits from the enumerator to readers.
 *
 * <p>Version 1: split id and path as modified UTF-8, then the position as a long.
 */
public final class FileReplaySplitSerializer implements SimpleVersionedSerializer<FileReplaySplit> {

    /** The shared instance; the serializer has no state. */
    public static final FileReplaySplitSerializer INSTANCE = new FileReplaySplitSerializer();

    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(FileReplaySplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64 + 3 * split.path().length());
        out.writeUTF(split.splitId());
        out.writeUTF(split.path());
        out.writeLong(split.position());
        return out.getCopyOfBuffer();
    }

    @Override
    public FileReplaySplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "unknown version "
                            + version
                            + " of a file replay split (this release reads version "
                            + VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        FileReplaySplit split = new FileReplaySplit(in.readUTF(), in.readUTF(), in.readLong());
        if (in.available() != 0) {
            throw new IOException(
                    "a serialized file replay split has " + in.available() + " trailing bytes");
        }
        return split;
    }
}
