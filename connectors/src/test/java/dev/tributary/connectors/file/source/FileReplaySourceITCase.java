package dev.tributary.connectors.file.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.file.EventTimeFormat;
import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.file.ReplayFormat;
import dev.tributary.connectors.testing.TestingMiniCluster;
import dev.tributary.core.model.RawEvent;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays a 20,000-row file on a MiniCluster (RocksDB, checkpoints every 100 ms, no Kryo), fails
 * the job once after a checkpoint completed, and checks that the output committed by the
 * checkpointed collect sink holds every record exactly once, in file order. A source that restored
 * to the wrong position would show up as duplicates (too early) or gaps (too late).
 */
class FileReplaySourceITCase {

    private static final int ROWS = 20_000;
    private static final int PARALLELISM = 2;

    @RegisterExtension
    static final TestingMiniCluster MINI_CLUSTER = new TestingMiniCluster(1, PARALLELISM);

    @TempDir Path dir;

    @Test
    void resumesExactlyAtTheLastCheckpointAfterAFailure() throws Exception {
        Path file = writeEvents(dir.resolve("events.csv"));
        // Seeded, so that a failing run can be repeated; somewhere in the first half of the file.
        long failAfter = 2_000 + new Random(20_240_301L).nextInt(6_000);
        FailOnceAfterCheckpoint.reset(failAfter);

        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                dir.resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(PARALLELISM);

        // Paced so that several checkpoints complete while the file is being read.
        ReplayFileSettings settings =
                ReplayFileSettings.of(
                                file.toString(),
                                ReplayFormat.CSV,
                                "ts",
                                EventTimeFormat.EPOCH_MILLIS)
                        .withIdField("id")
                        .withRatePerSecond(5_000);
        DataStream<String> ids =
                env.fromSource(
                                FileReplaySource.create(settings),
                                WatermarkStrategy.<RawEvent>forMonotonousTimestamps(),
                                "file-replay")
                        .uid("file-replay")
                        .map(new FailOnceAfterCheckpoint())
                        .returns(Types.STRING)
                        .uid("fail-once")
                        .name("fail-once");

        // The limit only bounds memory: duplicates beyond ROWS would still be collected.
        List<String> committed = ids.executeAndCollect("file-replay-it", 3 * ROWS);

        List<String> all = new ArrayList<>(ROWS);
        for (int row = 1; row <= ROWS; row++) {
            all.add(id(row));
        }
        assertThat(FailOnceAfterCheckpoint.FAILURES.get())
                .as("the job failed exactly once (after a checkpoint, at record %s)", failAfter)
                .isEqualTo(1);
        assertThat(FailOnceAfterCheckpoint.SEEN)
                .as("ids that reached the map function in any attempt")
                .containsExactlyInAnyOrderElementsOf(all);
        int resumedAt = FailOnceAfterCheckpoint.FIRST_ROW_AFTER_RESTART.get();
        assertThat(resumedAt)
                .as("the restarted source resumed from checkpointed state, not from the start")
                .isGreaterThan(1)
                .isLessThanOrEqualTo(FailOnceAfterCheckpoint.FAILED_AT_ROW.get());
        assertThat(committed)
                .as("the committed output: every record exactly once, in file order")
                .hasSize(ROWS)
                .containsExactlyElementsOf(all);
    }

    private static Path writeEvents(Path file) throws IOException {
        long start = 1_709_287_200_000L;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,ts,user,note\n");
            for (int row = 1; row <= ROWS; row++) {
                out.write(id(row));
                out.write(',');
                out.write(Long.toString(start + row * 10L));
                out.write(",user-");
                out.write(Integer.toString(row % 97));
                // some quoted notes span two lines, so that record boundaries are not lines
                out.write(row % 50 == 0 ? ",\"a, \"\"quoted\"\"\nnote\"\n" : ",plain\n");
            }
        }
        return file;
    }

    private static String id(int row) {
        return String.format("e%05d", row);
    }

    /**
     * Passes ids through, recording them; in the first attempt it throws once, after a checkpoint
     * completed and a seeded number of records went through. State is static because the
     * MiniCluster runs in this JVM and the function is serialized into the job.
     */
    private static final class FailOnceAfterCheckpoint extends RichMapFunction<RawEvent, String>
            implements CheckpointListener {

        static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
        static final AtomicInteger FAILURES = new AtomicInteger();
        static final AtomicBoolean CHECKPOINT_COMPLETED = new AtomicBoolean();
        static final AtomicLong PROCESSED_IN_FIRST_ATTEMPT = new AtomicLong();
        static final AtomicInteger FAILED_AT_ROW = new AtomicInteger();
        static final AtomicInteger FIRST_ROW_AFTER_RESTART = new AtomicInteger();
        static final AtomicLong FAIL_AFTER = new AtomicLong();

        private transient int attempt;

        static void reset(long failAfter) {
            SEEN.clear();
            FAILURES.set(0);
            CHECKPOINT_COMPLETED.set(false);
            PROCESSED_IN_FIRST_ATTEMPT.set(0);
            FAILED_AT_ROW.set(0);
            FIRST_ROW_AFTER_RESTART.set(0);
            FAIL_AFTER.set(failAfter);
        }

        @Override
        public void open(OpenContext openContext) {
            attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        }

        @Override
        public String map(RawEvent event) {
            if (!event.isReadable()) {
                // shows up as a mismatch in the committed output
                return "unreadable " + event.id() + ": " + event.problem();
            }
            SEEN.add(event.id());
            int row = Integer.parseInt(event.id().substring(1));
            if (attempt == 0) {
                long processed = PROCESSED_IN_FIRST_ATTEMPT.incrementAndGet();
                if (processed >= FAIL_AFTER.get()
                        && CHECKPOINT_COMPLETED.get()
                        && FAILURES.compareAndSet(0, 1)) {
                    FAILED_AT_ROW.set(row);
                    throw new IllegalStateException("expected test failure at row " + row);
                }
            } else {
                FIRST_ROW_AFTER_RESTART.compareAndSet(0, row);
            }
            return event.id();
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINT_COMPLETED.set(true);
        }
    }
}
