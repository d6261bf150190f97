package dev.tributary.jobs.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tributary.core.config.JobConfig;
import dev.tributary.jobs.pipeline.FeaturizeFunction;
import dev.tributary.jobs.pipeline.TrainingJob;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * {@code tributary bench}: the whole job on a local MiniCluster with RocksDB and checkpoints, in
 * variants that add one stage at a time, each repeated and interleaved so that the machine's noise
 * falls on all of them alike. Results are ratios against the baseline measured in the same run, the
 * replay and featurization alone, never absolute promises.
 */
public final class EndToEndBenchmark {

    /** What a variant runs. */
    public enum Variant {
        REPLAY("replay + clean + featurize (baseline)"),
        CHAMPION("+ train, judge and publish 1 model"),
        CHAMPION_AND_SHADOW("+ train, judge and publish 2 models"),
        RETRAINING("+ drift detection, retraining and rollout (the demo job)");

        final String description;

        Variant(String description) {
            this.description = description;
        }
    }

    /** The throughput of one variant over all repeats. */
    public record Row(Variant variant, List<Double> eventsPerSecond, double median, double ratio) {}

    private EndToEndBenchmark() {}

    /**
     * @param job the demo job (champion, shadow and automatic retraining), already pointing at its
     *     data
     * @param repeats counted runs per variant, after one warm-up round
     */
    public static List<Row> run(JobConfig job, RunLayout layout, int repeats, PrintStream console)
            throws Exception {
        Map<Variant, List<Double>> results = new LinkedHashMap<>();
        for (Variant v : Variant.values()) {
            results.put(v, new ArrayList<>());
        }
        // One uncounted round first: the JIT compiles the hot paths of every variant.
        for (int repeat = 0; repeat <= repeats; repeat++) {
            for (Variant variant : Variant.values()) {
                layout.clearPreviousRun();
                JobExecutionResult result = execute(jobFor(variant, job), layout, variant);
                if (repeat == 0) {
                    console.printf(Locale.ROOT, "warm-up  %s%n", variant);
                    continue;
                }
                long events =
                        result.<Long>getAccumulatorResult(FeaturizeFunction.EVENTS_ACCUMULATOR);
                double seconds = result.getNetRuntime(TimeUnit.MILLISECONDS) / 1000.0;
                double eps = events / seconds;
                results.get(variant).add(eps);
                console.printf(
                        Locale.ROOT,
                        "run %d/%d  %-22s %,d events in %.2f s: %,.0f events/s%n",
                        repeat,
                        repeats,
                        variant,
                        events,
                        seconds,
                        eps);
            }
        }
        double baseline = median(results.get(Variant.REPLAY));
        List<Row> rows = new ArrayList<>();
        results.forEach((v, eps) -> rows.add(new Row(v, eps, median(eps), median(eps) / baseline)));
        return rows;
    }

    private static JobConfig jobFor(Variant variant, JobConfig job) {
        // Retraining only where the variant says so: the others measure what they did before it.
        return switch (variant) {
            case REPLAY, RETRAINING -> job;
            case CHAMPION_AND_SHADOW -> job.withExperiment(job.experiment().withRetrain(null));
            case CHAMPION ->
                    job.withExperiment(
                            job.experiment()
                                    .withRetrain(null)
                                    .withModels(List.of(job.experiment().champion())));
        };
    }

    private static JobExecutionResult execute(JobConfig job, RunLayout layout, Variant variant)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(
                        FlinkSettings.forJob(job, layout));
        if (variant == Variant.REPLAY) {
            SingleOutputStreamOperator<?> examples = TrainingJob.examples(env, job);
            examples.sinkTo(new DiscardingSink<>());
            examples.getSideOutput(FeaturizeFunction.DEAD_LETTERS).sinkTo(new DiscardingSink<>());
        } else {
            LearnerSettings settings = new LearnerSettings(Integer.MAX_VALUE, 0, "bench");
            TrainingJob.Streams streams = TrainingJob.build(env, job, layout.registry(), settings);
            streams.predictions().sinkTo(new DiscardingSink<>());
            streams.deadLetters().sinkTo(new DiscardingSink<>());
            streams.decisions().sinkTo(new DiscardingSink<>());
            streams.references().sinkTo(new DiscardingSink<>());
            streams.status().sinkTo(new DiscardingSink<>());
        }
        return env.execute(job.name() + "-bench-" + variant.name().toLowerCase(Locale.ROOT));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Prints the result table. */
    public static void print(List<Row> rows, PrintStream console) {
        console.println();
        console.printf(Locale.ROOT, "%-58s %14s %8s%n", "variant", "events/s", "ratio");
        double baseline = rows.get(0).median();
        for (Row row : rows) {
            console.printf(
                    Locale.ROOT,
                    "%-58s %,14.0f %8.2f%n",
                    row.variant().description,
                    row.median(),
                    row.ratio());
        }
        for (Row row : rows.subList(1, rows.size())) {
            console.printf(
                    Locale.ROOT,
                    "cost of %s over the baseline: %.2f µs per event%n",
                    row.variant().name().toLowerCase(Locale.ROOT),
                    1e6 / row.median() - 1e6 / baseline);
        }
    }

    /** Writes the results as JSON. */
    public static void write(List<Row> rows, long events, int repeats, Path file)
            throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("events", events);
        root.put("repeats", repeats);
        root.put("java", System.getProperty("java.version"));
        root.put("cores", Runtime.getRuntime().availableProcessors());
        List<Map<String, Object>> variants = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("variant", row.variant().name().toLowerCase(Locale.ROOT));
            v.put("description", row.variant().description);
            v.put("events_per_second", row.eventsPerSecond().stream().map(Math::round).toList());
            v.put("median_events_per_second", Math.round(row.median()));
            v.put("ratio_to_baseline", Math.round(row.ratio() * 1000) / 1000.0);
            variants.add(v);
        }
        root.put("variants", variants);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), root);
    }
}
