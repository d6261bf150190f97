package dev.tributary.jobs.cli;

import dev.tributary.core.config.JobConfigParser;
import dev.tributary.jobs.run.RunSummary;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary demo}: replays the bundled flights stream through the whole loop on a local
 * Flink MiniCluster with RocksDB and checkpoints, and publishes models to {@code --out}.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the demo: replays 1 M US flights of 2001, predicts late arrivals online",
            "(FTRL-Proximal logistic regression), evaluates prequentially, and publishes",
            "ONNX model versions to a registry under --out."
        })
final class DemoCommand implements Callable<Integer> {

    static final String DEMO_JOB = "demo/flights.yaml";

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "tributary-out",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin JobOptions job;

    @Override
    public Integer call() throws Exception {
        System.out.println("Tributary demo: flights of 2001, predicting arrivals 15+ minutes late");
        RunSummary summary =
                job.run(JobConfigParser.parse(BundledData.readResource(DEMO_JOB)), out, System.out);
        return summary.reference() == null || summary.reference().passed() ? 0 : 1;
    }
}
