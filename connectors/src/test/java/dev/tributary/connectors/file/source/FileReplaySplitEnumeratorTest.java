package dev.tributary.connectors.file.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.file.ReplayFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.junit.jupiter.api.Test;

class FileReplaySplitEnumeratorTest {

    private static final FileReplaySource SOURCE =
            FileReplaySource.create(
                    ReplayFileSettings.of("/data/events.csv", ReplayFormat.CSV, "ts", "iso"));
    private static final FileReplaySplit SPLIT =
            new FileReplaySplit("/data/events.csv", "/data/events.csv", 0);

    @Test
    void theFirstReaderToAskGetsTheSplitAndTheOthersAreToldThereAreNoMore() throws Exception {
        TestingSplitEnumeratorContext<FileReplaySplit> context = contextWithReaders(3);
        SplitEnumerator<FileReplaySplit, FileReplayEnumeratorState> enumerator =
                SOURCE.createEnumerator(context);
        enumerator.start();

        enumerator.handleSplitRequest(2, "localhost");
        enumerator.handleSplitRequest(0, "localhost");
        enumerator.handleSplitRequest(1, "localhost");

        assertThat(context.assigned).isEqualTo(Map.of(2, List.of(SPLIT)));
        assertThat(context.noMoreSplits).containsExactly(0, 1);
        assertThat(enumerator.snapshotState(1).unassignedSplits()).isEmpty();
    }

    @Test
    void splitsOfAFailedReaderGoToTheNextReaderThatAsks() throws Exception {
        TestingSplitEnumeratorContext<FileReplaySplit> context = contextWithReaders(2);
        SplitEnumerator<FileReplaySplit, FileReplayEnumeratorState> enumerator =
                SOURCE.createEnumerator(context);
        enumerator.handleSplitRequest(0, "localhost");

        enumerator.addSplitsBack(List.of(SPLIT), 0);
        assertThat(enumerator.snapshotState(2).unassignedSplits()).containsExactly(SPLIT);
        context.unregisterReader(0);
        enumerator.handleSplitRequest(0, "localhost"); // a request from a reader that is gone
        enumerator.handleSplitRequest(1, "localhost");

        assertThat(context.assigned).isEqualTo(Map.of(0, List.of(SPLIT), 1, List.of(SPLIT)));
        assertThat(context.noMoreSplits).isEmpty();
    }

    @Test
    void aRestoredEnumeratorHandsOutTheCheckpointedSplitsInOrder() throws Exception {
        FileReplaySplit a = new FileReplaySplit("a", "/a.csv", 10);
        FileReplaySplit b = new FileReplaySplit("b", "/b.csv", 0);
        TestingSplitEnumeratorContext<FileReplaySplit> context = contextWithReaders(2);
        SplitEnumerator<FileReplaySplit, FileReplayEnumeratorState> enumerator =
                SOURCE.restoreEnumerator(context, new FileReplayEnumeratorState(List.of(a, b)));

        enumerator.handleSplitRequest(1, "localhost");
        enumerator.addSplitsBack(List.of(a), 1);
        enumerator.handleSplitRequest(0, "localhost");

        assertThat(context.assigned).isEqualTo(Map.of(1, List.of(a), 0, List.of(a)));
        assertThat(enumerator.snapshotState(3).unassignedSplits()).containsExactly(b);
    }

    private static TestingSplitEnumeratorContext<FileReplaySplit> contextWithReaders(int count) {
        TestingSplitEnumeratorContext<FileReplaySplit> context =
                new TestingSplitEnumeratorContext<>(count);
        for (int subtask = 0; subtask < count; subtask++) {
            context.registerReader(subtask);
        }
        return context;
    }
}
