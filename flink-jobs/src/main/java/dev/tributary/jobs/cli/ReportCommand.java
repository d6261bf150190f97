package dev.tributary.jobs.cli;

import dev.tributary.core.config.ConfigException;
import dev.tributary.jobs.report.NotAFinishedRunException;
import dev.tributary.jobs.report.RunReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary report}: writes the report of a finished run, one self-contained HTML file of
 * plots, into the run's output folder, and prints its path.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = {
            "Writes report.html into a finished run's output folder: the run's facts and plots of",
            "quality over event time per model, drift detections and decisions, canary traffic,",
            "throughput and the champion's worst slices. One self-contained file, readable",
            "offline."
        })
final class ReportCommand implements Callable<Integer> {

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "tributary-out",
            description =
                    "The output folder of a finished run (default: ${DEFAULT-VALUE}, where demo"
                            + " and run write).")
    Path out;

    @Override
    public Integer call() throws Exception {
        System.out.println("Report: " + write(out));
        return 0;
    }

    /**
     * Writes the report of the run in {@code out}; a folder that is not a finished run's is a bad
     * {@code --out}, reported as one line naming the folder and the missing file.
     */
    static Path write(Path out) throws Exception {
        try {
            return RunReport.write(out);
        } catch (NotAFinishedRunException e) {
            throw new ConfigException("--out", e.getMessage());
        }
    }
}
