package dev.tributary.jobs.testing;

import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.core.config.CheckpointConfig;
import dev.tributary.core.config.CleaningConfig;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.jobs.run.RunLayout;
import dev.tributary.jobs.run.RunSummary;
import dev.tributary.jobs.run.TrainingRun;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's flights job replayed from a JSON Lines file, as the messy-stream tests run it twice
 * (valid records only, then with bad ones mixed in) and compare what each published.
 */
public final class FlightsFileRuns {

    private FlightsFileRuns() {}

    /**
     * Runs the demo job on {@code data} (JSON Lines with an {@code id} field) under {@code
     * root/name}, with the stream rules of {@code cleaning}.
     */
    public static RunSummary run(Path data, Path root, String name, CleaningConfig cleaning)
            throws Exception {
        JobConfig demo = JobConfigParser.parse(KafkaTesting.resource("/demo/flights.yaml"));
        JobConfig job =
                demo.withSource(
                                demo.source()
                                        .withPath(data.toString())
                                        .withFormat("jsonl")
                                        .withIdField("id"))
                        .withCleaning(cleaning)
                        .withCheckpoints(new CheckpointConfig(Duration.ofSeconds(1), null))
                        .withOutputDirectory(root.resolve(name).toString());
        return TrainingRun.execute(
                job,
                new RunLayout(root.resolve(name)),
                new TrainingRun.Options(false, new LearnerSettings(5_000, 0, "test", 0)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** Every version of both demo models that the run under {@code root/name} published. */
    public static List<ModelArtifact> published(Path root, String name) {
        LocalModelRegistry registry =
                new LocalModelRegistry(new RunLayout(root.resolve(name)).registry());
        List<ModelArtifact> artifacts = new ArrayList<>();
        for (String model : List.of("logreg-ftrl", "logreg-ftrl-default")) {
            for (long version : registry.versions("flights", model)) {
                artifacts.add(registry.load("flights", model, version).orElseThrow());
            }
        }
        return artifacts;
    }
}
