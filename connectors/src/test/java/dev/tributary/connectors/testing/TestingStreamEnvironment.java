package dev.tributary.connectors.testing;

import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.util.MiniClusterPipelineExecutorServiceLoader;

/**
 * A stream environment that submits to a running {@link MiniCluster}, installed as the context
 * environment by {@link TestingMiniCluster}. Unlike flink-test-utils' {@code TestStreamEnvironment}
 * it applies the job's configuration as given: no randomized settings (and no JUnit 4, which that
 * randomization needs).
 */
@SuppressWarnings("try") // close() is inherited from Flink, which declares it throws Exception
final class TestingStreamEnvironment extends StreamExecutionEnvironment {

    private TestingStreamEnvironment(
            MiniCluster miniCluster, Configuration configuration, int parallelism) {
        super(
                new MiniClusterPipelineExecutorServiceLoader(miniCluster),
                MiniClusterPipelineExecutorServiceLoader.updateConfigurationForMiniCluster(
                        configuration, List.of(), List.of()),
                null);
        setParallelism(parallelism);
    }

    static void setAsContext(MiniCluster miniCluster, int parallelism) {
        initializeContextEnvironment(
                jobConfiguration -> {
                    Configuration configuration = new Configuration();
                    configuration.addAll(jobConfiguration);
                    return new TestingStreamEnvironment(miniCluster, configuration, parallelism);
                });
    }

    static void unsetAsContext() {
        resetContextEnvironment();
    }
}
