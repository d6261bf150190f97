package dev.tributary.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.jobs.pipeline.JsonLinesFileSink;
import dev.tributary.jobs.run.StatusFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress file's writer stamps each status line with its wall-clock time, which the report
 * reads for throughput; the live progress reader still reads the lines, and every other file the
 * writer writes is byte for byte what it was.
 */
class ProgressStampTest {

    @TempDir Path temp;

    private static ExperimentStatus status(long examples) {
        Metrics m = new Metrics(examples, 0.5, 0.75, Double.NaN);
        return new ExperimentStatus(
                "exp",
                examples,
                978_307_200_000L + examples,
                new ModelEvaluation[] {
                    new ModelEvaluation(new ModelRef("a", 1, Arm.CHAMPION), m, m, m)
                },
                false);
    }

    @Test
    void statusLinesCarryAWallClockStampThatTheReportReadsAndStatusFileIgnores() throws Exception {
        Path run = Files.createDirectories(temp.resolve("run"));
        Path progress = run.resolve("progress.jsonl");
        SinkWriter<ExperimentStatus> writer =
                JsonLinesFileSink.<ExperimentStatus>stampingWallTime(progress).createWriter(null);
        writer.write(status(1000), null);
        writer.write(status(2000), null);
        writer.close();
        Files.writeString(run.resolve("summary.json"), "{\"experiment\":\"exp\"}");

        List<String> lines = Files.readAllLines(progress, StandardCharsets.UTF_8);
        assertThat(RunRecords.WALL_TIME_FIELD).isEqualTo(JsonLinesFileSink.WALL_TIME_FIELD);
        // The stamp is appended; the status's own fields keep Jackson's encoding ("NaN" strings).
        String plain = new ObjectMapper().writeValueAsString(status(1000));
        assertThat(lines.get(0))
                .startsWith(plain.substring(0, plain.length() - 1) + ",\"wallTimeMs\":");
        assertThat(StatusFile.latest(progress)).contains(status(2000));

        RunRecords records = RunRecords.read(run);
        assertThat(records.progress()).hasSize(2);
        long first = records.progress().get(0).wallTime().orElseThrow();
        long second = records.progress().get(1).wallTime().orElseThrow();
        assertThat(second).isGreaterThanOrEqualTo(first);
        assertThat(records.progress().get(1).models().get(0).value(Metric.AUC)).isNaN();
    }

    @Test
    void otherSinksWriteRecordsExactlyAsBefore() throws Exception {
        Path file = temp.resolve("dead-letters.jsonl");
        DeadLetter letter = new DeadLetter("7", ReasonCode.BAD_TYPE, "x", "not a number", "{}");
        SinkWriter<DeadLetter> writer =
                new JsonLinesFileSink<DeadLetter>(file, false).createWriter(null);
        writer.write(letter, null);
        writer.close();

        String expected =
                new ObjectMapper()
                                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                                .writeValueAsString(letter)
                        + "\n";
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
