package dev.tributary.jobs.cli;

import picocli.CommandLine;

/** Entry point of the Tributary jar. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TributaryCommand());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        return cli;
    }
}
