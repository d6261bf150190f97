package dev.tributary.connectors.file.source;

import dev.tributary.connectors.file.ReplayFileReader;
import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.file.ReplayPacer;
import dev.tributary.core.model.RawEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the file splits assigned to one subtask with a {@link ReplayFileReader} and emits their
 * records, one per {@link #pollNext} call, stamped with their event time when they have one.
 *
 * <p>The state of a split is the number of records emitted from it. Snapshots are taken between
 * {@code pollNext} calls, so that number is exactly what downstream operators have received before
 * the checkpoint barrier; a restored split skips that many records and continues with the next.
 *
 * <p>With a rate limit the reader asks a {@link ReplayPacer} before each record and, when none is
 * due, reports itself unavailable until a timer completes its availability future; it never sleeps
 * in the task thread, so checkpoints proceed while it waits.
 */
public final class FileReplaySourceReader implements SourceReader<RawEvent, FileReplaySplit> {

    private static final Logger LOG = LoggerFactory.getLogger(FileReplaySourceReader.class);

    private final SourceReaderContext context;
    private final ReplayFileSettings settings;
    private final ArrayDeque<FileReplaySplit> pendingSplits = new ArrayDeque<>();
    private final ReplayPacer pacer;
    private ScheduledExecutorService timer;

    private FileReplaySplit currentSplit;
    private ReplayFileReader currentReader;
    private SourceOutput<RawEvent> splitOutput;
    private boolean noMoreSplits;
    private CompletableFuture<Void> available = CompletableFuture.completedFuture(null);

    /**
     * @param context the reader's context, through which it asks for splits
     * @param settings how to read the files of its splits (their paths come with the splits)
     */
    public FileReplaySourceReader(SourceReaderContext context, ReplayFileSettings settings) {
        this.context = context;
        this.settings = settings;
        this.pacer = settings.isRateLimited() ? new ReplayPacer(settings.ratePerSecond()) : null;
    }

    @Override
    public void start() {
        // Restored splits arrive through addSplits before start(); ask only when there are none.
        if (pendingSplits.isEmpty()) {
            context.sendSplitRequest();
        }
    }

    @Override
    public InputStatus pollNext(ReaderOutput<RawEvent> output) throws Exception {
        if (currentReader == null && !openNextSplit(output)) {
            if (noMoreSplits) {
                return InputStatus.END_OF_INPUT;
            }
            return unavailable();
        }
        if (pacer != null) {
            long waitNanos = pacer.acquire(System.nanoTime());
            if (waitNanos > 0) {
                return unavailableFor(waitNanos);
            }
        }
        if (!currentReader.hasNext()) {
            finishCurrentSplit(output);
            return pendingSplits.isEmpty() && noMoreSplits
                    ? InputStatus.END_OF_INPUT
                    : InputStatus.MORE_AVAILABLE;
        }
        RawEvent event = currentReader.next();
        if (event.eventTime() != RawEvent.NO_TIME) {
            splitOutput.collect(event, event.eventTime());
        } else {
            splitOutput.collect(event);
        }
        return InputStatus.MORE_AVAILABLE;
    }

    @Override
    public List<FileReplaySplit> snapshotState(long checkpointId) {
        List<FileReplaySplit> state = new ArrayList<>(pendingSplits.size() + 1);
        if (currentSplit != null) {
            state.add(currentSplit.atPosition(currentReader.position()));
        }
        state.addAll(pendingSplits);
        return state;
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<FileReplaySplit> splits) {
        pendingSplits.addAll(splits);
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() throws IOException {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (currentReader != null) {
            currentReader.close();
            currentReader = null;
        }
    }

    /**
     * Returns {@link InputStatus#NOTHING_AVAILABLE} with a fresh availability future, completed
     * when a split or the end of splits arrives.
     */
    private InputStatus unavailable() {
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    /** Like {@link #unavailable()}, and the pacer's timer completes the future after the wait. */
    private InputStatus unavailableFor(long waitNanos) {
        InputStatus status = unavailable();
        CompletableFuture<Void> wakeUp = available;
        if (timer == null) {
            int subtask = context.getIndexOfSubtask();
            timer =
                    Executors.newSingleThreadScheduledExecutor(
                            runnable -> {
                                Thread thread =
                                        new Thread(runnable, "file-replay-pacer-" + subtask);
                                thread.setDaemon(true);
                                return thread;
                            });
        }
        timer.schedule(() -> wakeUp.complete(null), waitNanos, TimeUnit.NANOSECONDS);
        return status;
    }

    private boolean openNextSplit(ReaderOutput<RawEvent> output) throws IOException {
        FileReplaySplit split = pendingSplits.poll();
        if (split == null) {
            return false;
        }
        Path path = new Path(split.path());
        InputStream stream = path.getFileSystem().open(path);
        ReplayFileReader reader = null;
        long skipped;
        try {
            reader = ReplayFileReader.open(settings.withPath(split.path()), stream);
            // Restored: records up to the checkpointed position were emitted before it.
            skipped = reader.skip(split.position());
        } catch (IOException | RuntimeException e) {
            if (reader != null) {
                reader.close();
            } else {
                stream.close();
            }
            throw e;
        }
        if (skipped < split.position()) {
            LOG.warn(
                    "{} has only {} records, fewer than the {} already emitted; was it replaced?",
                    split.path(),
                    skipped,
                    split.position());
        } else {
            LOG.info("Replaying {} from record {}", split.path(), split.position());
        }
        currentSplit = split;
        currentReader = reader;
        splitOutput = output.createOutputForSplit(split.splitId());
        return true;
    }

    private void finishCurrentSplit(ReaderOutput<RawEvent> output) throws IOException {
        LOG.info("Finished {} after {} records", currentSplit.path(), currentReader.position());
        output.releaseOutputForSplit(currentSplit.splitId());
        currentReader.close();
        currentReader = null;
        currentSplit = null;
        splitOutput = null;
        if (pendingSplits.isEmpty() && !noMoreSplits) {
            context.sendSplitRequest();
        }
    }
}
