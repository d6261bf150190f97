package dev.tributary.jobs.cli;

import picocli.CommandLine.Command;

/** The top-level {@code tributary} command. */
@Command(
        name = "tributary",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description =
                "Trains machine-learning models continuously on event streams, inside Apache Flink.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            ProduceCommand.class,
            BenchCommand.class,
            GenerateCommand.class,
            ControlCliCommand.class,
            ReportCommand.class
        })
final class TributaryCommand implements Runnable {

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
