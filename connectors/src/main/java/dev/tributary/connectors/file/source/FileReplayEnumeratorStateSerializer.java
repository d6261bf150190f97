package dev.tributary.connectors.file.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerialization;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Versioned serializer of the enumerator checkpoint, {@link FileReplayEnumeratorState}.
 *
 * <p>Version 1: the number of unassigned splits, then each split with its own serializer version
 * (so that the split format can evolve independently of this one).
 */
public final class FileReplayEnumeratorStateSerializer
        implements SimpleVersionedSerializer<FileReplayEnumeratorState> {

    /** The shared instance; the serializer has no state. */
    public static final FileReplayEnumeratorStateSerializer INSTANCE =
            new FileReplayEnumeratorStateSerializer();

    private static final int VERSION = 1;

    private final FileReplaySplitSerializer splitSerializer = FileReplaySplitSerializer.INSTANCE;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(FileReplayEnumeratorState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(state.unassignedSplits().size());
        for (FileReplaySplit split : state.unassignedSplits()) {
            SimpleVersionedSerialization.writeVersionAndSerialize(splitSerializer, split, out);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public FileReplayEnumeratorState deserialize(int version, byte[] serialized)
            throws IOException {
        if (version != VERSION) {
            throw new IOException(
                    "unknown version "
                            + version
                            + " of a file replay enumerator checkpoint (this release reads version "
                            + VERSION
                            + ")");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int count = in.readInt();
        if (count < 0) {
            throw new IOException(
                    "corrupt file replay enumerator checkpoint: " + count + " splits");
        }
        List<FileReplaySplit> splits = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            splits.add(SimpleVersionedSerialization.readVersionAndDeSerialize(splitSerializer, in));
        }
        if (in.available() != 0) {
            throw new IOException(
                    "a serialized file replay enumerator checkpoint has "
                            + in.available()
                            + " trailing bytes");
        }
        return new FileReplayEnumeratorState(splits);
    }
}
