package dev.tributary.jobs.deploy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

/**
 * The configuration keys Flink knows, read from its option classes, so that a misspelt key in a
 * deployment file (which Flink silently ignores) fails a test instead.
 */
final class FlinkOptionKeys {

    private static final List<String> OPTION_CLASSES =
            List.of(
                    "org.apache.flink.configuration.CheckpointingOptions",
                    "org.apache.flink.configuration.ClusterOptions",
                    "org.apache.flink.configuration.CoreOptions",
                    "org.apache.flink.configuration.DeploymentOptions",
                    "org.apache.flink.configuration.ExecutionOptions",
                    "org.apache.flink.configuration.HighAvailabilityOptions",
                    "org.apache.flink.configuration.JobManagerOptions",
                    "org.apache.flink.configuration.MetricOptions",
                    "org.apache.flink.configuration.PipelineOptions",
                    "org.apache.flink.configuration.RestOptions",
                    "org.apache.flink.configuration.RestartStrategyOptions",
                    "org.apache.flink.configuration.SecurityOptions",
                    "org.apache.flink.configuration.StateBackendOptions",
                    "org.apache.flink.configuration.StateRecoveryOptions",
                    "org.apache.flink.configuration.TaskManagerOptions",
                    "org.apache.flink.configuration.WebOptions",
                    "org.apache.flink.state.rocksdb.RocksDBConfigurableOptions",
                    "org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions",
                    "org.apache.flink.state.rocksdb.RocksDBOptions");

    private static final Set<String> KEYS = load();

    private FlinkOptionKeys() {}

    /**
     * Whether Flink knows {@code key}, or it belongs to a component whose options are not on this
     * classpath: a metric reporter ({@code metrics.reporter.<name>.*}), the Kubernetes operator and
     * Flink's Kubernetes integration ({@code kubernetes.*}), the S3 file system ({@code s3.*}).
     */
    static boolean isKnown(String key) {
        return KEYS.contains(key)
                || key.startsWith("metrics.reporter.")
                || key.startsWith("kubernetes.")
                || key.startsWith("s3.");
    }

    private static Set<String> load() {
        Set<String> keys = new TreeSet<>();
        for (String name : OPTION_CLASSES) {
            try {
                for (Field field : Class.forName(name).getFields()) {
                    if (Modifier.isStatic(field.getModifiers())
                            && ConfigOption.class.isAssignableFrom(field.getType())) {
                        ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                        keys.add(option.key());
                        for (FallbackKey fallback : option.fallbackKeys()) {
                            keys.add(fallback.getKey());
                        }
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read Flink's options from " + name, e);
            }
        }
        return keys;
    }
}
