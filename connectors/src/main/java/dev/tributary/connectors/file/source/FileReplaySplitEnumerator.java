package dev.tributary.connectors.file.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.ListIterator;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each file split to the first reader that asks, and tells readers that ask when none is left
 * that there are no more. Splits of a reader that failed before a checkpoint come back through
 * {@link #addSplitsBack} and go to the next reader that asks, at the position they had when they
 * were assigned.
 */
public final class FileReplaySplitEnumerator
        implements SplitEnumerator<FileReplaySplit, FileReplayEnumeratorState> {

    private static final Logger LOG = LoggerFactory.getLogger(FileReplaySplitEnumerator.class);

    private final SplitEnumeratorContext<FileReplaySplit> context;
    private final ArrayDeque<FileReplaySplit> unassigned;

    /**
     * @param context the enumerator's context, through which it assigns splits
     * @param unassignedSplits the splits to hand out, in order
     */
    public FileReplaySplitEnumerator(
            SplitEnumeratorContext<FileReplaySplit> context,
            Collection<FileReplaySplit> unassignedSplits) {
        this.context = context;
        this.unassigned = new ArrayDeque<>(unassignedSplits);
    }

    @Override
    public void start() {
        // Readers ask for splits when they start; nothing to discover.
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        if (!context.registeredReaders().containsKey(subtaskId)) {
            // The reader failed after asking; it asks again when it comes back.
            return;
        }
        FileReplaySplit split = unassigned.poll();
        if (split == null) {
            context.signalNoMoreSplits(subtaskId);
        } else {
            LOG.info("Assigning {} to subtask {}", split, subtaskId);
            context.assignSplit(split, subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<FileReplaySplit> splits, int subtaskId) {
        if (!splits.isEmpty()) {
            LOG.info("Subtask {} failed; {} go back to the queue", subtaskId, splits);
        }
        // Put them first, in their order, so that files are still replayed in order.
        ListIterator<FileReplaySplit> back = splits.listIterator(splits.size());
        while (back.hasPrevious()) {
            unassigned.addFirst(back.previous());
        }
    }

    @Override
    public void addReader(int subtaskId) {
        // Readers request splits themselves (SourceReaderContext#sendSplitRequest).
    }

    @Override
    public FileReplayEnumeratorState snapshotState(long checkpointId) {
        return new FileReplayEnumeratorState(new ArrayList<>(unassigned));
    }

    @Override
    public void close() {
        // Holds no resources.
    }
}
