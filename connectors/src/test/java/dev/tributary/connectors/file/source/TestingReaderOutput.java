package dev.tributary.connectors.file.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;

/** A reader output that records what was emitted, with timestamps, and the split outputs. */
final class TestingReaderOutput<T> implements ReaderOutput<T> {

    /** What {@code collect(record)} records as timestamp: no timestamp. */
    static final long NO_TIMESTAMP = Long.MIN_VALUE;

    final List<T> records = new ArrayList<>();
    final List<Long> timestamps = new ArrayList<>();
    final Set<String> openSplitOutputs = new HashSet<>();
    final List<String> releasedSplitOutputs = new ArrayList<>();

    @Override
    public void collect(T record) {
        records.add(record);
        timestamps.add(NO_TIMESTAMP);
    }

    @Override
    public void collect(T record, long timestamp) {
        records.add(record);
        timestamps.add(timestamp);
    }

    @Override
    public void emitWatermark(Watermark watermark) {}

    @Override
    public void markIdle() {}

    @Override
    public void markActive() {}

    @Override
    public SourceOutput<T> createOutputForSplit(String splitId) {
        openSplitOutputs.add(splitId);
        return this;
    }

    @Override
    public void releaseOutputForSplit(String splitId) {
        openSplitOutputs.remove(splitId);
        releasedSplitOutputs.add(splitId);
    }
}
