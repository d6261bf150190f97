package dev.tributary.jobs.run;

import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.SourceKind;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.core.model.ReferencePrediction;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.jobs.pipeline.DeadLetterCount;
import dev.tributary.jobs.pipeline.FeaturizeFunction;
import dev.tributary.jobs.pipeline.FreshnessAccumulator;
import dev.tributary.jobs.pipeline.JsonLinesFileSink;
import dev.tributary.jobs.pipeline.StreamingJob;
import dev.tributary.jobs.pipeline.TrainingJob;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Runs a training job to completion from the command line: sets up the output folder, starts the
 * job (on a local MiniCluster, or on the cluster {@code flink run} points at), prints one live
 * progress line, then writes and returns the run summary.
 */
public final class TrainingRun {

    /**
     * @param writePredictions also write every test-step prediction to {@code predictions.jsonl}
     * @param settings settings of the training operator
     * @param bounded for a Kafka job: read the topics up to their latest offsets at start, then
     *     finish (a file job always finishes at the end of its file)
     */
    public record Options(
            boolean writePredictions, LearnerSettings settings, boolean bounded, int metricsPort) {

        /** Options for a bounded run. */
        public Options(boolean writePredictions, LearnerSettings settings) {
            this(writePredictions, settings, true);
        }

        /** Options of a run that exports no metrics. */
        public Options(boolean writePredictions, LearnerSettings settings, boolean bounded) {
            this(writePredictions, settings, bounded, 0);
        }
    }

    private static final long PROGRESS_INTERVAL_MS = 500;

    private TrainingRun() {}

    public static RunSummary execute(
            JobConfig job, RunLayout layout, Options options, PrintStream console)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkSettings.forJob(job, layout, options.metricsPort()));
        // Only a fresh local run starts from an empty output folder. A job restored from a
        // savepoint (flink run -s, execution.state-recovery.path) continues the run it resumes, and
        // on a cluster (flink run, application mode, where a JobManager failover runs this again)
        // the registry is production data: it stays, and its versions go on from there.
        boolean local = env instanceof LocalStreamEnvironment;
        if (local
                && env.getConfiguration()
                        .getOptional(StateRecoveryOptions.SAVEPOINT_PATH)
                        .isEmpty()) {
            layout.clearPreviousRun();
        }
        DataStream<ExperimentStatus> status;
        DataStream<ReferencePrediction> references;
        if (job.source().kind() == SourceKind.KAFKA) {
            StreamingJob.Streams streams =
                    StreamingJob.build(
                            env, job, layout.registry(), options.settings(), options.bounded());
            status = streams.status();
            references = streams.references();
        } else {
            TrainingJob.Streams streams =
                    TrainingJob.build(env, job, layout.registry(), options.settings());
            fileRecords(streams, layout, options);
            status = streams.status();
            references = streams.references();
        }
        status.sinkTo(JsonLinesFileSink.stampingWallTime(layout.progress()))
                .uid("progress-file")
                .name("Progress file")
                .setParallelism(1);
        references
                .sinkTo(new JsonLinesFileSink<>(layout.references(), false))
                .uid("reference-predictions-file")
                .name("Reference predictions file")
                .setParallelism(1);

        long started = System.nanoTime();
        JobClient client = env.executeAsync(job.name());
        CompletableFuture<JobExecutionResult> result = client.getJobExecutionResult();
        ProgressPrinter printer = new ProgressPrinter(console, started);
        while (true) {
            try {
                result.get(PROGRESS_INTERVAL_MS, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException stillRunning) {
                StatusFile.latest(layout.progress()).ifPresent(printer::show);
            }
        }
        JobExecutionResult finished = result.get();
        double wallSeconds = (System.nanoTime() - started) / 1e9;
        ExperimentStatus last =
                StatusFile.latest(layout.progress())
                        .orElseThrow(
                                () -> new IllegalStateException("the job reported no progress"));
        printer.show(last);
        printer.end();

        LocalModelRegistry registry = new LocalModelRegistry(layout.registry());
        String experiment = job.experiment().name();
        List<RunSummary.PublishedModel> published = new ArrayList<>();
        // Every model the run published: the configured ones and any challenger of a retrain.
        for (String model : registry.models(experiment)) {
            for (long version : registry.versions(experiment, model)) {
                ModelArtifact artifact = registry.load(experiment, model, version).orElseThrow();
                published.add(
                        new RunSummary.PublishedModel(
                                artifact.version(),
                                registry.versionDirectory(experiment, model, version)));
            }
        }
        published.sort(
                Comparator.comparingLong(
                        (RunSummary.PublishedModel p) ->
                                p.version().provenance().trainingRange().lastEventTime()));
        // The champion pointer follows promotions; without one, the configured champion.
        String championId =
                registry.champion(experiment)
                        .map(c -> c.modelId())
                        .orElse(job.experiment().champion().id());
        Optional<ModelArtifact> newestChampion = registry.latest(experiment, championId);
        ReferenceCheck.Result reference = null;
        if (newestChampion.isPresent() && options.settings().referenceSample() > 0) {
            reference = ReferenceCheck.run(newestChampion.get(), layout.references());
        }
        RunSummary summary =
                new RunSummary(
                        job.name(),
                        counter(finished, FeaturizeFunction.EVENTS_ACCUMULATOR),
                        counter(finished, DeadLetterCount.TOTAL_ACCUMULATOR),
                        deadLettersByReason(finished),
                        last,
                        wallSeconds,
                        published,
                        reference,
                        servedPredictions(job),
                        finished.getAccumulatorResult(FreshnessAccumulator.NAME),
                        registry.decisions(experiment));
        summary.write(layout.summary());
        return summary;
    }

    /** A file job's outputs that a Kafka job sends to topics go to files in the run folder. */
    private static void fileRecords(
            TrainingJob.Streams streams, RunLayout layout, Options options) {
        streams.decisions()
                .sinkTo(new JsonLinesFileSink<>(layout.decisions(), false))
                .uid("decisions-file")
                .name("Decisions file")
                .setParallelism(1);
        streams.deadLetters()
                .sinkTo(new JsonLinesFileSink<>(layout.deadLetters(), false))
                .uid("dead-letters-file")
                .name("Dead letters file")
                .setParallelism(1);
        if (options.writePredictions()) {
            streams.predictions()
                    .sinkTo(new JsonLinesFileSink<>(layout.predictions(), false))
                    .uid("predictions-file")
                    .name("Predictions file")
                    .setParallelism(1);
        } else {
            streams.predictions()
                    .sinkTo(new DiscardingSink<>())
                    .uid("predictions-discard")
                    .name("Predictions (not kept)");
        }
    }

    /** For a Kafka job, the predictions committed to its topic; a file job serves none. */
    private static Long servedPredictions(JobConfig job) {
        if (job.source().kind() != SourceKind.KAFKA) {
            return null;
        }
        KafkaSettings kafka = KafkaSettings.from(job.kafka());
        return TopicTools.countCommitted(kafka, kafka.topics().predictions());
    }

    private static Map<ReasonCode, Long> deadLettersByReason(JobExecutionResult result) {
        Map<ReasonCode, Long> byReason = new EnumMap<>(ReasonCode.class);
        for (ReasonCode reason : ReasonCode.values()) {
            byReason.put(reason, counter(result, DeadLetterCount.accumulator(reason)));
        }
        return byReason;
    }

    private static long counter(JobExecutionResult result, String name) {
        Object value = result.getAccumulatorResult(name);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Rewrites one console line in place while the job runs. */
    private static final class ProgressPrinter {
        private final PrintStream console;
        private final long started;
        private String lastLine = "";
        private ExperimentStatus lastStatus;

        ProgressPrinter(PrintStream console, long started) {
            this.console = console;
            this.started = started;
        }

        void show(ExperimentStatus status) {
            if (status.equals(lastStatus)) {
                return;
            }
            lastStatus = status;
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            String line = ProgressLine.format(status, status.examples() / seconds);
            if (!line.equals(lastLine)) {
                console.print(
                        "\r" + line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
                console.flush();
                lastLine = line;
            }
        }

        void end() {
            console.println();
        }
    }
}
