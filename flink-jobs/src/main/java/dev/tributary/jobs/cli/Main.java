package dev.tributary.jobs.cli;

import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;

/** Entry point of the Tributary jar. */
public final class Main {

    private Main() {}

    /**
     * Runs a command and ends the JVM with its exit code, unless Flink runs this main method
     * ({@code flink run}, or application mode in the JobManager): that process is Flink's to end,
     * and an exit from here would cut short its own clean-up (high-availability data, the job's
     * final status). There a failed command throws instead.
     */
    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (!runsInsideFlink()) {
            System.exit(code);
        }
        if (code != 0) {
            throw new IllegalStateException(
                    "tributary "
                            + (args.length > 0 ? args[0] : "")
                            + " ended with exit code "
                            + code);
        }
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TributaryCommand());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        return cli;
    }

    /**
     * Whether Flink's client or JobManager runs this program: it then installs a context
     * environment that jobs are submitted through; on its own the program gets a local one.
     */
    static boolean runsInsideFlink() {
        return !(StreamExecutionEnvironment.getExecutionEnvironment()
                instanceof LocalStreamEnvironment);
    }
}
