package dev.tributary.jobs.report;

import static dev.tributary.jobs.report.TestingRunFolder.HOUR;
import static dev.tributary.jobs.report.TestingRunFolder.T0;
import static dev.tributary.jobs.report.TestingRunFolder.binary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a run's folder: strict about what must be there, lenient about what lines carry. */
class RunRecordsTest {

    @TempDir Path temp;

    @Test
    void aFolderWithoutASummaryIsNotAFinishedRunAndTheMessageSaysWhichFileIsMissing()
            throws Exception {
        Path dir = Files.createDirectories(temp.resolve("half"));
        Files.writeString(dir.resolve("progress.jsonl"), "");

        assertThatThrownBy(() -> RunRecords.read(dir))
                .isInstanceOf(NotAFinishedRunException.class)
                .hasMessageStartingWith(dir + " is not a finished Tributary run")
                .hasMessageContaining("it has no summary.json")
                .extracting(e -> ((NotAFinishedRunException) e).missing())
                .isEqualTo("summary.json");
    }

    @Test
    void aFolderWithoutProgressIsNotAFinishedRunEither() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("odd"));
        Files.writeString(dir.resolve("summary.json"), "{}");

        assertThatThrownBy(() -> RunRecords.read(dir))
                .isInstanceOf(NotAFinishedRunException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("it has no progress.jsonl");
    }

    @Test
    void aMissingFolderIsNamed() {
        Path dir = temp.resolve("nowhere");

        assertThatThrownBy(() -> RunRecords.read(dir))
                .isInstanceOf(NotAFinishedRunException.class)
                .hasMessage(dir + " is not a finished Tributary run: no such folder");
    }

    @Test
    void unknownFieldsAreIgnoredUndefinedMetricsAreNaNAndTheWallStampIsOptional() throws Exception {
        Path dir =
                new TestingRunFolder(temp.resolve("run"))
                        // An old line: no faded metrics, no slices, no wall time.
                        .progressLine(
                                "{\"experiment\":\"exp\",\"examples\":10,\"eventTime\":"
                                        + T0
                                        + ",\"evaluations\":[{\"model\":{\"modelId\":\"a\","
                                        + "\"version\":0,\"arm\":\"CHAMPION\"},\"window\":"
                                        + "{\"examples\":10,\"logLoss\":0.5,\"auc\":\"NaN\"}}],"
                                        + "\"last\":false}")
                        // A newer line: fields this reader does not know, and a stamp.
                        .progressLine(
                                "{\"experiment\":\"exp\",\"examples\":20,\"eventTime\":"
                                        + (T0 + HOUR)
                                        + ",\"evaluations\":[{\"model\":{\"modelId\":\"a\","
                                        + "\"version\":1,\"arm\":\"CHAMPION\",\"extra\":1},"
                                        + "\"window\":{\"logLoss\":0.4,\"auc\":0.7,\"new\":2}}],"
                                        + "\"featureDrift\":[{\"feature\":\"x\",\"psi\":0.1}],"
                                        + "\"wallTimeMs\":1234,\"last\":true}")
                        .write();

        RunRecords run = RunRecords.read(dir);

        assertThat(run.progress()).hasSize(2);
        ProgressPoint old = run.progress().get(0);
        assertThat(old.wallTime()).isEmpty();
        assertThat(old.models().get(0).value(Metric.LOG_LOSS)).isEqualTo(0.5);
        assertThat(old.models().get(0).value(Metric.AUC)).isNaN();
        assertThat(old.models().get(0).value(Metric.RMSE)).isNaN();
        ProgressPoint newer = run.progress().get(1);
        assertThat(newer.wallTime()).hasValue(1234);
        assertThat(newer.eventTime()).isEqualTo(T0 + HOUR);
        assertThat(newer.models().get(0).version()).isEqualTo(1);
        assertThat(newer.models().get(0).value(Metric.AUC)).isEqualTo(0.7);
    }

    @Test
    void aCountWrittenAgainAfterARestartIsReadOnceTheLastWrittenWinning() throws Exception {
        Path dir =
                new TestingRunFolder(temp.resolve("run"))
                        .progress(1000, T0, 1L, binary("a", 0, "CHAMPION", 0.6, 0.7))
                        .progress(2000, T0 + HOUR, 2L, binary("a", 0, "CHAMPION", 0.5, 0.7))
                        .progress(1000, T0, 3L, binary("a", 0, "CHAMPION", 0.6, 0.7))
                        .progress(2000, T0 + HOUR, 4L, binary("a", 0, "CHAMPION", 0.5, 0.7))
                        .progress(3000, T0 + 2 * HOUR, 5L, binary("a", 0, "CHAMPION", 0.4, 0.7))
                        .write();

        RunRecords run = RunRecords.read(dir);

        assertThat(run.progress())
                .extracting(ProgressPoint::examples)
                .containsExactly(1000L, 2000L, 3000L);
        assertThat(run.progress())
                .extracting(p -> p.wallTime().getAsLong())
                .containsExactly(3L, 4L, 5L);
    }

    @Test
    void decisionsComeFromTheRunThenTheRegistryLogThenTheSummary() throws Exception {
        TestingRunFolder folder =
                new TestingRunFolder(temp.resolve("run"))
                        .progress(1000, T0, binary("a", 0, "CHAMPION", 0.6, 0.7))
                        .decision("DRIFT", "a", T0, Double.NaN)
                        .decision("CANARY", "c", T0, 0.05);
        Path dir = folder.write();
        RunRecords fromRun = RunRecords.read(dir);
        assertThat(fromRun.decisionsFile()).isEqualTo("decisions.jsonl");
        assertThat(fromRun.decisions())
                .extracting(DecisionPoint::kind)
                .containsExactly("DRIFT", "CANARY");
        assertThat(fromRun.decisions().get(0).traffic()).isNaN();
        assertThat(fromRun.decisions().get(1).traffic()).isEqualTo(0.05);

        // A Kafka job's folder: the decisions went to a topic, the registry kept its log.
        Path registry = Files.createDirectories(dir.resolve("registry/exp"));
        Files.move(dir.resolve("decisions.jsonl"), registry.resolve("decisions.jsonl"));
        RunRecords fromRegistry = RunRecords.read(dir);
        assertThat(fromRegistry.decisionsFile()).isEqualTo("registry/exp/decisions.jsonl");
        assertThat(fromRegistry.decisions()).isEqualTo(fromRun.decisions());

        // Only the summary: its decisions, kinds in lower case, traffic only where it changed.
        Files.delete(registry.resolve("decisions.jsonl"));
        var listed = folder.summary().putArray("decisions");
        listed.addObject()
                .put("kind", "promote")
                .put("model", "c")
                .put("version", 2)
                .put("event_time_ms", T0 + HOUR)
                .put("examples", 5)
                .put("reason", "proven")
                .put("source", "a")
                .put("traffic", 1.0);
        folder.withoutDecisionsFile().write();
        RunRecords fromSummary = RunRecords.read(dir);
        assertThat(fromSummary.decisionsFile()).isEqualTo("summary.json");
        assertThat(fromSummary.decisions())
                .containsExactly(
                        new DecisionPoint("PROMOTE", "c", 2, T0 + HOUR, 5, 1.0, "a", "proven"));
    }

    @Test
    void aLineThatIsNotJsonIsReportedWithItsFileAndLine() throws Exception {
        Path dir =
                new TestingRunFolder(temp.resolve("run"))
                        .progress(1000, T0, binary("a", 0, "CHAMPION", 0.6, 0.7))
                        .progressLine("{\"examples\": 2000, broken")
                        .write();

        assertThatThrownBy(() -> RunRecords.read(dir))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(NotAFinishedRunException.class)
                .hasMessageContaining(
                        dir.resolve("progress.jsonl").toAbsolutePath() + " line 2 is not JSON");
    }
}
