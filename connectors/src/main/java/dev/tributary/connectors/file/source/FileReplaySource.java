package dev.tributary.connectors.file.source;

import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.core.model.RawEvent;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source that replays one file (CSV or JSON Lines, optionally gzipped) as {@link
 * RawEvent}s, exactly once across failures.
 *
 * <p>The file is one split; the first reader that asks gets it and the others finish at once. The
 * reader's checkpointed state is the number of records emitted, so a restored job continues with
 * the first record after the last completed checkpoint: no record is lost and none is emitted twice
 * (downstream exactly-once then depends only on the sinks). Records carry their event time as
 * timestamp when they have one; supply a {@code WatermarkStrategy} in {@code env.fromSource}. An
 * optional rate limit ({@link ReplayFileSettings#ratePerSecond()}) paces the replay.
 *
 * <p>The split records the file's path when it was created: to replay another file, start the job
 * without its state. The path may use any scheme a Flink file system supports.
 *
 * <pre>{@code
 * env.fromSource(
 *         FileReplaySource.create(ReplayFileSettings.of("events.csv.gz", ReplayFormat.CSV,
 *                 "timestamp", "iso")),
 *         WatermarkStrategy.<RawEvent>forBoundedOutOfOrderness(Duration.ofSeconds(5)),
 *         "replay")
 *     .uid("replay");
 * }</pre>
 */
public final class FileReplaySource
        implements Source<RawEvent, FileReplaySplit, FileReplayEnumeratorState>,
                ResultTypeQueryable<RawEvent> {

    private static final long serialVersionUID = 1L;

    private final ReplayFileSettings settings;

    private FileReplaySource(ReplayFileSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** A source that replays the file {@code settings} describe. */
    public static FileReplaySource create(ReplayFileSettings settings) {
        return new FileReplaySource(settings);
    }

    /** The replay settings. */
    public ReplayFileSettings settings() {
        return settings;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawEvent, FileReplaySplit> createReader(SourceReaderContext readerContext) {
        return new FileReplaySourceReader(readerContext, settings);
    }

    @Override
    public SplitEnumerator<FileReplaySplit, FileReplayEnumeratorState> createEnumerator(
            SplitEnumeratorContext<FileReplaySplit> enumContext) {
        return new FileReplaySplitEnumerator(
                enumContext, List.of(new FileReplaySplit(settings.path(), settings.path(), 0)));
    }

    @Override
    public SplitEnumerator<FileReplaySplit, FileReplayEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<FileReplaySplit> enumContext,
            FileReplayEnumeratorState checkpoint) {
        return new FileReplaySplitEnumerator(enumContext, checkpoint.unassignedSplits());
    }

    @Override
    public SimpleVersionedSerializer<FileReplaySplit> getSplitSerializer() {
        return FileReplaySplitSerializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<FileReplayEnumeratorState>
            getEnumeratorCheckpointSerializer() {
        return FileReplayEnumeratorStateSerializer.INSTANCE;
    }

    /**
     * The produced type: {@link RawEvent} as a Flink POJO (Flink 2 treats records as POJOs and its
     * {@code Map} field with the built-in map serializer), so no Kryo fallback is involved.
     */
    @Override
    public TypeInformation<RawEvent> getProducedType() {
        return TypeInformation.of(RawEvent.class);
    }
}
