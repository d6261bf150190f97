package dev.tributary.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's contract with users, without starting a job. */
class CommandLineTest {

    @TempDir Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("demo", "run", "generate", "--version");
    }

    @Test
    void versionNamesTributaryAndJava() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("tributary ").contains("Java ");
    }

    @Test
    void aBadJobFileIsOneClearLineAndExitCodeTwo() throws Exception {
        Path job = temp.resolve("job.yaml");
        Files.writeString(
                job,
                """
                source: { path: x.csv, event-time: { field: ts } }
                features: { label: y, fields: [ { name: a, type: category } ] }
                experiment:
                  name: e
                  models: [ { id: m, optimizer: { alpha: -0.1 } } ]
                """);

        assertThat(run("run", "--config", job.toString()))
                .isEqualTo(ErrorReporter.BAD_CONFIGURATION);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "tributary: bad configuration: experiment.models[0].optimizer.alpha: -0.1 must"
                                + " be > 0");
    }

    @Test
    void aMissingJobFileIsOneClearLineWithItsPath() {
        Path missing = temp.resolve("nope.yaml");

        assertThat(run("run", "--config", missing.toString()))
                .isEqualTo(ErrorReporter.BAD_CONFIGURATION);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "tributary: bad configuration: --config: \""
                                + missing
                                + "\" is not a readable file; expected a YAML job file");
    }

    @Test
    void generateClicksWritesTheFileTheExampleReads() throws Exception {
        Path file = temp.resolve("data/clicks.jsonl");

        assertThat(run("generate", "clicks", "--events", "100", "--out", file.toString())).isZero();

        assertThat(Files.readAllLines(file)).hasSize(100).allMatch(l -> l.contains("\"clicked\":"));
        assertThat(run("generate", "clicks", "--events", "0", "--out", file.toString()))
                .isEqualTo(ErrorReporter.BAD_CONFIGURATION);
        assertThat(err.toString()).contains("--events: 0 must be >= 1");
    }

    @Test
    void aNegativeEventCountIsABadConfiguration() {
        assertThat(run("demo", "--events", "-5", "--out", temp.toString()))
                .isEqualTo(ErrorReporter.BAD_CONFIGURATION);
        assertThat(err.toString()).contains("--events: -5 must be >= 0");
    }
}
