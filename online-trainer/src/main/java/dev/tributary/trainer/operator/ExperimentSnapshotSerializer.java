package dev.tributary.trainer.operator;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link ExperimentSnapshot}: a length-prefixed byte array. Its own format is
 * versioned through {@link Snapshot}; the learner's format is versioned inside the bytes.
 */
public final class ExperimentSnapshotSerializer
        extends TypeSerializerSingleton<ExperimentSnapshot> {

    public static final ExperimentSnapshotSerializer INSTANCE = new ExperimentSnapshotSerializer();

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public ExperimentSnapshot createInstance() {
        return new ExperimentSnapshot(new byte[0]);
    }

    @Override
    public ExperimentSnapshot copy(ExperimentSnapshot from) {
        return from;
    }

    @Override
    public ExperimentSnapshot copy(ExperimentSnapshot from, ExperimentSnapshot reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ExperimentSnapshot record, DataOutputView target) throws IOException {
        target.writeInt(record.bytes().length);
        target.write(record.bytes());
    }

    @Override
    public ExperimentSnapshot deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return new ExperimentSnapshot(bytes);
    }

    @Override
    public ExperimentSnapshot deserialize(ExperimentSnapshot reuse, DataInputView source)
            throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<ExperimentSnapshot> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores this serializer from a checkpoint; version 1 is the only format so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ExperimentSnapshot> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
