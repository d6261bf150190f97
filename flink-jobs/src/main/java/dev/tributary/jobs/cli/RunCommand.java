package dev.tributary.jobs.cli;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.jobs.run.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tributary run --config job.yaml}: runs the job a YAML file describes. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Runs the training job described by a YAML job file.")
final class RunCommand implements Callable<Integer> {

    @Option(
            names = "--config",
            paramLabel = "FILE",
            required = true,
            description = "The YAML job file.")
    Path config;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Output folder (default: output.directory of the job file).")
    Path out;

    @Mixin JobOptions job;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(config) || !Files.isReadable(config)) {
            throw new ConfigException(
                    "--config",
                    "\"" + config + "\" is not a readable file; expected a YAML job file");
        }
        JobConfig parsed = relativeToJobFile(JobConfigParser.parse(config));
        Path output = out != null ? out : Path.of(parsed.outputDirectory());
        RunSummary summary = job.run(parsed, output, System.out, false);
        return summary.reference() == null || summary.reference().passed() ? 0 : 1;
    }

    /**
     * A relative source path in a job file means relative to the job file, wherever it is run from.
     */
    private JobConfig relativeToJobFile(JobConfig job) {
        String path = job.source().path();
        if (path == null
                || path.startsWith(BundledData.PREFIX)
                || path.contains("://")
                || Path.of(path).isAbsolute()) {
            return job;
        }
        Path base = config.toAbsolutePath().getParent();
        return job.withSource(job.source().withPath(base.resolve(path).normalize().toString()));
    }
}
