package dev.tributary.jobs.cli;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.jobs.run.EndToEndBenchmark;
import dev.tributary.jobs.run.RunLayout;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tributary bench}: end-to-end throughput of the demo job, stage by stage, as ratios against
 * the replay-and-featurize baseline measured in the same run.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures the demo job end to end on a local MiniCluster (RocksDB, checkpoints):",
            "replay + featurize alone (the baseline), then with 1 and 2 models trained, judged",
            "and published; prints events/s and ratios to the baseline, writes bench.json."
        })
final class BenchCommand implements Callable<Integer> {

    @Option(
            names = "--events",
            paramLabel = "N",
            defaultValue = "1000000",
            description = "Events per run (default: ${DEFAULT-VALUE}).")
    long events;

    @Option(
            names = "--repeats",
            paramLabel = "R",
            defaultValue = "3",
            description =
                    "Runs per variant, interleaved; the median counts (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "tributary-out/bench",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (events < 1) {
            throw new ConfigException("--events", events + " must be >= 1");
        }
        if (repeats < 1) {
            throw new ConfigException("--repeats", repeats + " must be >= 1");
        }
        RunLayout layout = new RunLayout(out);
        JobConfig demo = JobConfigParser.parse(BundledData.readResource(DemoCommand.DEMO_JOB));
        JobConfig job =
                demo.withSource(
                        demo.source()
                                .withPath(BundledData.resolve(demo.source().path(), layout.data()))
                                .withMaxEvents(events));
        List<EndToEndBenchmark.Row> rows = EndToEndBenchmark.run(job, layout, repeats, System.out);
        EndToEndBenchmark.print(rows, System.out);
        Path report = layout.root().resolve("bench.json");
        EndToEndBenchmark.write(rows, events, repeats, report);
        System.out.println("Results: " + report);
        return 0;
    }
}
