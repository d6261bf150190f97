package dev.tributary.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.model.ControlCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tributary control}: its arguments, without a broker. */
class ControlCliCommandTest {

    @TempDir Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static ControlCliCommand parse(String... args) {
        ControlCliCommand command = new ControlCliCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void everyCommandNameBecomesItsKind() {
        for (ControlCommand.Kind kind : ControlCommand.Kind.values()) {
            assertThat(
                            parse(kind.commandName(), "--experiment", "flights")
                                    .toCommand("id-1", "ana@box", 42L))
                    .isEqualTo(new ControlCommand("id-1", "flights", kind, "", "ana@box", 42L));
        }
        assertThat(
                        parse("promote", "--experiment", "flights", "--model", "lr-2")
                                .toCommand("id-2", "ana@box", 7L))
                .isEqualTo(
                        new ControlCommand(
                                "id-2",
                                "flights",
                                ControlCommand.Kind.PROMOTE,
                                "lr-2",
                                "ana@box",
                                7L));
    }

    @Test
    void anUnknownCommandIsOneClearLineAndExitCodeTwo() {
        assertThat(run("control", "explode", "--experiment", "flights"))
                .isEqualTo(ErrorReporter.BAD_CONFIGURATION);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "tributary: bad configuration: COMMAND: 'explode' is not a command;"
                                + " expected one of promote, rollback, pause, resume, retrain");
    }

    @Test
    void theExperimentIsRequired() {
        assertThat(run("control", "pause")).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Missing required option: '--experiment=NAME'");

        assertThatThrownBy(() -> parse("pause", "--experiment", " ").toCommand("i", "me", 0))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--experiment: must name an experiment, was blank");
        assertThat(run("control", "--experiment", "flights"))
                .as("the command itself is required too")
                .isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void theBrokerComesFromTheFlagOrTheJobFile() throws Exception {
        assertThat(parse("pause", "--experiment", "e").kafkaSettings().bootstrapServers())
                .isEqualTo(ControlCliCommand.DEFAULT_BOOTSTRAP);
        assertThat(parse("pause", "--experiment", "e").kafkaSettings().topics().control())
                .isEqualTo("control");

        Path job = temp.resolve("job.yaml");
        Files.writeString(
                job,
                """
                source: { type: kafka, id-field: id, event-time: { field: ts } }
                kafka:
                  bootstrap-servers: broker-a:9093
                  topics: { control: ops-control }
                features: { label: y, fields: [ { name: a, type: category } ] }
                experiment:
                  name: e
                  models: [ { id: m } ]
                """);
        KafkaSettings fromFile =
                parse("pause", "--experiment", "e", "--config", job.toString()).kafkaSettings();
        assertThat(fromFile.bootstrapServers()).isEqualTo("broker-a:9093");
        assertThat(fromFile.topics().control()).isEqualTo("ops-control");
        KafkaSettings overridden =
                parse(
                                "pause",
                                "--experiment",
                                "e",
                                "--config",
                                job.toString(),
                                "--bootstrap",
                                "broker-b:9094")
                        .kafkaSettings();
        assertThat(overridden.bootstrapServers()).isEqualTo("broker-b:9094");
        assertThat(overridden.topics().control()).isEqualTo("ops-control");
    }

    @Test
    void aBadBrokerAddressIsABadConfiguration() {
        assertThat(run("control", "pause", "--experiment", "e", "--bootstrap", "nowhere"))
                .isEqualTo(ErrorReporter.BAD_CONFIGURATION);
        assertThat(err.toString()).contains("--bootstrap: bootstrapServers: 'nowhere' must be");
    }

    @Test
    void theHelpListsTheCommands() {
        assertThat(run("control", "--help")).isZero();
        assertThat(out.toString())
                .contains("promote", "rollback", "pause", "resume", "retrain", "--experiment");
        assertThat(ControlCliCommand.issuer()).contains("@");
    }
}
