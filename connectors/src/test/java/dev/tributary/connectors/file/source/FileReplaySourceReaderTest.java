package dev.tributary.connectors.file.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.file.ReplayFormat;
import dev.tributary.core.model.RawEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.core.io.InputStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReplaySourceReaderTest {

    private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
    private static final int ROWS = 10;

    @TempDir Path dir;
    private ReplayFileSettings settings;
    private FileReplaySplit split;

    @BeforeEach
    void writeFile() throws IOException {
        StringBuilder text = new StringBuilder("id,ts,v\n");
        for (int i = 1; i <= ROWS; i++) {
            // every third row has no event time
            String ts = i % 3 == 0 ? "" : Instant.ofEpochMilli(T0 + i).toString();
            text.append("e")
                    .append(i)
                    .append(',')
                    .append(ts)
                    .append(",\"x,")
                    .append(i)
                    .append("\"\n");
        }
        Path file = Files.writeString(dir.resolve("events.csv"), text);
        settings =
                ReplayFileSettings.of(file.toString(), ReplayFormat.CSV, "ts", "iso")
                        .withIdField("id");
        split = new FileReplaySplit("split-0", file.toString(), 0);
    }

    @Test
    void emitsRecordsWithEventTimestampsAndEndsAfterNoMoreSplits() throws Exception {
        TestingSourceReaderContext context = new TestingSourceReaderContext();
        TestingReaderOutput<RawEvent> output = new TestingReaderOutput<>();
        try (FileReplaySourceReader reader =
                (FileReplaySourceReader) FileReplaySource.create(settings).createReader(context)) {
            reader.start();
            assertThat(context.splitRequests).isEqualTo(1);
            assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(reader.isAvailable()).isNotDone();

            reader.addSplits(List.of(split));
            assertThat(reader.isAvailable()).isDone();
            pollUntilUnavailable(reader, output);

            // the split is done: the reader asked for another and waits
            assertThat(context.splitRequests).isEqualTo(2);
            assertThat(reader.isAvailable()).isNotDone();
            assertThat(reader.snapshotState(1)).isEmpty();
            reader.notifyNoMoreSplits();
            assertThat(reader.isAvailable()).isDone();
            assertThat(reader.pollNext(output)).isEqualTo(InputStatus.END_OF_INPUT);
        }

        assertThat(output.records).extracting(RawEvent::id).containsExactlyElementsOf(ids(1, ROWS));
        for (int i = 1; i <= ROWS; i++) {
            long expected = i % 3 == 0 ? TestingReaderOutput.NO_TIMESTAMP : T0 + i;
            assertThat(output.timestamps.get(i - 1))
                    .as("timestamp of row %s", i)
                    .isEqualTo(expected);
        }
        assertThat(output.releasedSplitOutputs).containsExactly("split-0");
        assertThat(output.openSplitOutputs).isEmpty();
    }

    @Test
    void aRestoredReaderContinuesAfterTheLastSnapshotWithoutGapOrRepeat() throws Exception {
        List<RawEvent> emitted = new ArrayList<>();
        List<FileReplaySplit> checkpoint;

        TestingReaderOutput<RawEvent> first = new TestingReaderOutput<>();
        try (FileReplaySourceReader reader =
                new FileReplaySourceReader(new TestingSourceReaderContext(), settings)) {
            reader.addSplits(List.of(split));
            reader.start();
            for (int i = 0; i < 4; i++) {
                assertThat(reader.pollNext(first)).isEqualTo(InputStatus.MORE_AVAILABLE);
            }
            checkpoint = reader.snapshotState(7);
            // records after the snapshot are lost with the failure and must come again
            reader.pollNext(first);
            reader.pollNext(first);
        }
        assertThat(checkpoint).containsExactly(split.atPosition(4));
        emitted.addAll(first.records.subList(0, 4));

        TestingSourceReaderContext context = new TestingSourceReaderContext();
        TestingReaderOutput<RawEvent> second = new TestingReaderOutput<>();
        try (FileReplaySourceReader reader =
                (FileReplaySourceReader) FileReplaySource.create(settings).createReader(context)) {
            reader.addSplits(checkpoint);
            reader.start();
            assertThat(context.splitRequests).isZero();
            reader.pollNext(second);
            reader.pollNext(second);
            assertThat(reader.snapshotState(8)).containsExactly(split.atPosition(6));
            reader.notifyNoMoreSplits();
            InputStatus status;
            do {
                status = reader.pollNext(second);
            } while (status == InputStatus.MORE_AVAILABLE);
            assertThat(status).isEqualTo(InputStatus.END_OF_INPUT);
        }
        emitted.addAll(second.records);

        assertThat(emitted).extracting(RawEvent::id).containsExactlyElementsOf(ids(1, ROWS));
    }

    @Test
    void aRateLimitedReaderWaitsWithoutBlockingAndThenContinues() throws Exception {
        TestingReaderOutput<RawEvent> output = new TestingReaderOutput<>();
        try (FileReplaySourceReader reader =
                new FileReplaySourceReader(
                        new TestingSourceReaderContext(), settings.withRatePerSecond(20))) {
            reader.addSplits(List.of(split));
            reader.start();
            assertThat(reader.pollNext(output)).isEqualTo(InputStatus.MORE_AVAILABLE);
            assertThat(output.records).hasSize(1);

            // the next permit is 50 ms away: the reader reports unavailable, emits nothing
            assertThat(reader.pollNext(output)).isEqualTo(InputStatus.NOTHING_AVAILABLE);
            assertThat(output.records).hasSize(1);

            reader.isAvailable().get(30, TimeUnit.SECONDS);
            pollUntilUnavailable(reader, output);
            assertThat(output.records).hasSizeGreaterThan(1);
            // state counts what was emitted, whatever the pacing
            assertThat(reader.snapshotState(1))
                    .containsExactly(split.atPosition(output.records.size()));
        }
    }

    private static void pollUntilUnavailable(
            SourceReader<RawEvent, FileReplaySplit> reader, TestingReaderOutput<RawEvent> output)
            throws Exception {
        while (reader.pollNext(output) == InputStatus.MORE_AVAILABLE) {
            // keep reading
        }
    }

    private static List<String> ids(int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            ids.add("e" + i);
        }
        return ids;
    }
}
