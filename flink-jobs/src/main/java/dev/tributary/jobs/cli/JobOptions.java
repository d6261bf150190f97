package dev.tributary.jobs.cli;

import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.SourceKind;
import dev.tributary.jobs.run.DecisionStory;
import dev.tributary.jobs.run.QualityText;
import dev.tributary.jobs.run.RunLayout;
import dev.tributary.jobs.run.RunSummary;
import dev.tributary.jobs.run.TrainingRun;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** Options shared by {@code demo} and {@code run}, and the run both of them do. */
final class JobOptions {

    @Option(
            names = "--events",
            paramLabel = "N",
            description = "Replay at most N events (default: the whole source).")
    long events;

    @Option(
            names = "--write-predictions",
            description = "Also write every prediction to predictions.jsonl in the output folder.")
    boolean writePredictions;

    @Option(
            names = "--status-every",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Report progress every N labelled examples (default: ${DEFAULT-VALUE}).")
    int statusEvery;

    @Option(
            names = "--reference-sample",
            paramLabel = "N",
            defaultValue = "10000",
            description =
                    "At each publication, record the new version's in-job scores on the N most"
                            + " recent examples, and check the newest ONNX model against them at"
                            + " the end (default: ${DEFAULT-VALUE}; 0 to skip).")
    int referenceSample;

    @Option(
            names = "--report",
            description =
                    "When the run is done, also write report.html (plots of the run) to the output"
                            + " folder; 'tributary report' writes it for any finished run.")
    boolean report;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            defaultValue = "0",
            description =
                    "Export every metric for Prometheus at http://localhost:PORT/metrics while the"
                            + " job runs (default: 0, no export).")
    int metricsPort;

    /** Fails on a bad option before anything starts, naming the option. */
    void validate() {
        if (metricsPort < 0 || metricsPort > 65535) {
            throw new ConfigException(
                    "--metrics-port", metricsPort + " must be a TCP port, 1..65535 (0 = none)");
        }
        if (events < 0) {
            throw new ConfigException("--events", events + " must be >= 0 (0 = the whole source)");
        }
        if (statusEvery < 1) {
            throw new ConfigException("--status-every", statusEvery + " must be >= 1");
        }
        if (referenceSample < 0) {
            throw new ConfigException(
                    "--reference-sample", referenceSample + " must be >= 0 (0 = no check)");
        }
    }

    /**
     * Runs the job and prints its summary.
     *
     * @param bounded for a Kafka job, whether to stop at the topics' latest offsets at start
     */
    RunSummary run(JobConfig job, Path out, PrintStream console, boolean bounded) throws Exception {
        validate();
        RunLayout layout = new RunLayout(out);
        JobConfig resolved = job.withOutputDirectory(layout.root().toString());
        if (job.source().kind() == SourceKind.FILE) {
            resolved =
                    resolved.withSource(
                            job.source()
                                    .withPath(
                                            BundledData.resolve(job.source().path(), layout.data()))
                                    .withMaxEvents(events > 0 ? events : job.source().maxEvents()));
        }
        LearnerSettings settings =
                new LearnerSettings(
                        statusEvery,
                        referenceSample,
                        VersionProvider.version(),
                        // Only the Kafka job has a scorer to send parameters to.
                        job.source().kind() == SourceKind.KAFKA ? job.serving().updateEvery() : 0);
        if (metricsPort > 0) {
            console.printf(
                    Locale.ROOT,
                    "Metrics for Prometheus at http://localhost:%d/metrics while the job runs%n",
                    metricsPort);
        }
        RunSummary summary =
                TrainingRun.execute(
                        resolved,
                        layout,
                        new TrainingRun.Options(writePredictions, settings, bounded, metricsPort),
                        console);
        printSummary(summary, layout, console);
        if (report) {
            console.println("Report: " + ReportCommand.write(layout.root()));
        }
        return summary;
    }

    private static void printSummary(RunSummary s, RunLayout layout, PrintStream console) {
        if (s.predictions() != null) {
            console.printf(
                    Locale.ROOT, "%,d predictions served (committed to Kafka)%n", s.predictions());
        }
        if (s.freshness() != null && !s.freshness().isEmpty()) {
            console.printf(
                    Locale.ROOT,
                    "Freshness, label arrival to first prediction by a model that learned it:"
                            + " p50 %,.0f ms, p99 %,.0f ms%n",
                    s.freshness().quantile(0.5),
                    s.freshness().quantile(0.99));
        }
        console.printf(
                Locale.ROOT,
                "Done in %.1f s: %,d events, %,d trained, %,d dead letters, %,.0f events/s%n",
                s.wallSeconds(),
                s.events(),
                s.finalStatus().examples(),
                s.deadLetters(),
                s.throughputEventsPerSecond());
        for (var e : s.finalStatus().evaluations()) {
            var m = e.sinceStart();
            String quality = QualityText.detailed(m, ", ");
            console.printf(
                    Locale.ROOT,
                    "Prequential %s (%s, since start): %s%n",
                    e.model().modelId(),
                    e.model().arm().name().toLowerCase(Locale.ROOT),
                    quality);
        }
        if (s.finalStatus().evaluations().length > 0) {
            String worst = QualityText.worstSlices(s.finalStatus().champion().worstSlices());
            if (!worst.isEmpty()) {
                console.printf(
                        Locale.ROOT,
                        "Worst slices of %s (faded): %s%n",
                        s.finalStatus().champion().model().modelId(),
                        worst);
            }
        }
        String inputDrift = QualityText.featureDrift(s.finalStatus().featureDrift());
        if (!inputDrift.isEmpty()) {
            console.printf(Locale.ROOT, "Input drift (PSI, last window): %s%n", inputDrift);
        }
        String champion =
                s.finalStatus().evaluations().length > 0
                        ? s.finalStatus().champion().model().modelId()
                        : null;
        s.models().stream()
                .filter(p -> p.version().modelId().equals(champion))
                .reduce((first, second) -> second)
                .ifPresent(
                        newest ->
                                console.printf(
                                        Locale.ROOT,
                                        "Published %d model versions to %s; newest champion %s v%d (sha256 %s)%n",
                                        s.models().size(),
                                        layout.registry(),
                                        newest.version().modelId(),
                                        newest.version().version(),
                                        newest.version().sha256().substring(0, 16)));
        if (s.decisions() != null) {
            DecisionStory.lines(s.decisions()).forEach(console::println);
        }
        if (s.reference() != null) {
            console.printf(
                    Locale.ROOT,
                    "ONNX Runtime %s the in-job predictions of %s v%d on %,d examples: max |diff| %.2e%n",
                    s.reference().passed() ? "reproduces" : "does NOT reproduce",
                    s.reference().model(),
                    s.reference().version(),
                    s.reference().examples(),
                    s.reference().maxAbsDiff());
        }
        console.println("Summary: " + layout.summary());
    }
}
