package dev.tributary.connectors.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension that starts one Flink MiniCluster per test class and makes {@code
 * StreamExecutionEnvironment.getExecutionEnvironment(conf)} submit to it in each test.
 *
 * <p>It does what flink-test-utils' {@code MiniClusterExtension} does, which cannot be used here:
 * that extension is built on the JUnit 4 {@code ExternalResource} (and its {@code
 * TestStreamEnvironment} on JUnit 4 rules), and the build bans JUnit 4.
 */
public final class TestingMiniCluster
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final int taskManagers;
    private final int slotsPerTaskManager;
    private Path temporaryDirectory;
    private MiniCluster miniCluster;

    public TestingMiniCluster(int taskManagers, int slotsPerTaskManager) {
        this.taskManagers = taskManagers;
        this.slotsPerTaskManager = slotsPerTaskManager;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        temporaryDirectory = Files.createTempDirectory("tributary-minicluster");
        Configuration configuration = new Configuration();
        configuration.set(CoreOptions.TMP_DIRS, temporaryDirectory.toString());
        // Small, fixed memory as flink-test-utils uses: enough for RocksDB, little for 2 cores.
        configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("80m"));
        miniCluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(configuration)
                                .setNumTaskManagers(taskManagers)
                                .setNumSlotsPerTaskManager(slotsPerTaskManager)
                                .withRandomPorts()
                                .build());
        miniCluster.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TestingStreamEnvironment.setAsContext(miniCluster, taskManagers * slotsPerTaskManager);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestingStreamEnvironment.unsetAsContext();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (miniCluster != null) {
                miniCluster.close();
            }
        } finally {
            deleteRecursively(temporaryDirectory);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
