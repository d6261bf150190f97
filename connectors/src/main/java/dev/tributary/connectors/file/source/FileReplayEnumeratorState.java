package dev.tributary.connectors.file.source;

import java.util.List;

/**
 * The checkpointed state of a {@link FileReplaySplitEnumerator}: the splits no reader holds yet.
 * Splits held by readers are in the readers' own state.
 *
 * @param unassignedSplits splits still to hand out, in order
 */
public record FileReplayEnumeratorState(List<FileReplaySplit> unassignedSplits) {

    public FileReplayEnumeratorState {
        unassignedSplits = List.copyOf(unassignedSplits);
    }
}
