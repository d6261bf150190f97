package dev.tributary.jobs.run;

import dev.tributary.core.config.JobConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * The Flink configuration every Tributary job runs with: RocksDB with incremental, exactly-once
 * checkpoints, no silent Kryo fallback, and a restart strategy so a failure is recovered from.
 */
public final class FlinkSettings {

    /**
     * An always-on job recovers from sporadic failures forever (a broker restart, a lost
     * TaskManager), but gives up on a crash loop: more than this many failures within {@link
     * #FAILURE_RATE_INTERVAL}.
     */
    static final int MAX_FAILURES_PER_INTERVAL = 10;

    static final Duration FAILURE_RATE_INTERVAL = Duration.ofMinutes(5);

    static final Duration RESTART_DELAY = Duration.ofSeconds(1);

    private FlinkSettings() {}

    /** The name of the Prometheus reporter in Flink's configuration keys. */
    public static final String PROMETHEUS_REPORTER = "prom";

    public static Configuration forJob(JobConfig job, RunLayout layout) {
        return forJob(job, layout, 0);
    }

    /**
     * The settings of a job, exporting every metric through Flink's Prometheus reporter on {@code
     * metricsPort} ({@code /metrics} over HTTP), or not at all for 0.
     */
    public static Configuration forJob(JobConfig job, RunLayout layout, int metricsPort) {
        Configuration conf = new Configuration();
        if (metricsPort > 0) {
            String prefix = "metrics.reporter." + PROMETHEUS_REPORTER + ".";
            conf.setString(
                    prefix + "factory.class",
                    "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            conf.setString(prefix + "port", Integer.toString(metricsPort));
            // Label values as they are (model ids hold '-' and '.'), not with '_' for each.
            conf.setString(prefix + "filterLabelValueCharacters", "false");
        }
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, job.checkpoints().interval());
        String directory = job.checkpoints().directory();
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                directory != null ? directory : layout.checkpoints().toUri().toString());
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.NAME, job.name());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "failure-rate");
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL,
                MAX_FAILURES_PER_INTERVAL);
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL,
                FAILURE_RATE_INTERVAL);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY, RESTART_DELAY);
        conf.set(CoreOptions.DEFAULT_PARALLELISM, job.parallelism());
        return conf;
    }

    /** For tests: the same settings with the checkpoint folder given. */
    public static Configuration forJob(JobConfig job, Path outputRoot) {
        return forJob(job, new RunLayout(outputRoot));
    }
}
