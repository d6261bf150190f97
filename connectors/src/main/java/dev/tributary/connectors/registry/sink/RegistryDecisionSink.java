package dev.tributary.connectors.registry.sink;

import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.core.model.Decision;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes a job's supervisor decisions into a {@link LocalModelRegistry}: every decision is appended
 * to its experiment's {@code decisions.jsonl}, and a decision that changes who serves traffic
 * (canary step, promotion, rollback) rewrites its {@code traffic.json}. Run it with parallelism 1:
 * the log has one writer.
 *
 * <p>After a failure the job replays the decisions since the last checkpoint; the writer skips each
 * one the log already holds, so the log ends up as if there had been no failure. Like {@link
 * RegistrySink} it writes at once rather than at checkpoint completion, so a job that fails for
 * good may have logged decisions its last checkpoint does not know about.
 */
public final class RegistryDecisionSink implements Sink<Decision> {

    private static final long serialVersionUID = 1L;

    private final String rootDirectory;
    private final String championModelId;

    /**
     * @param rootDirectory the registry's root directory on the local file system of every task
     *     manager (a shared mount in a cluster)
     * @param championModelId the configured champion, which serves all traffic of an experiment
     *     until a recorded split says otherwise
     */
    public RegistryDecisionSink(String rootDirectory, String championModelId) {
        if (rootDirectory == null || rootDirectory.isBlank()) {
            throw new IllegalArgumentException(
                    "rootDirectory: must name the registry directory, was "
                            + (rootDirectory == null ? "null" : "blank"));
        }
        if (championModelId == null || championModelId.isBlank()) {
            throw new IllegalArgumentException(
                    "championModelId: must name the configured champion, was "
                            + (championModelId == null ? "null" : "blank"));
        }
        this.rootDirectory = rootDirectory;
        this.championModelId = championModelId;
    }

    /** The registry's root directory. */
    public String rootDirectory() {
        return rootDirectory;
    }

    @Override
    public SinkWriter<Decision> createWriter(WriterInitContext context) {
        return new RegistryDecisionWriter(
                new LocalModelRegistry(Path.of(rootDirectory)), championModelId);
    }

    @Override
    public String toString() {
        return "RegistryDecisionSink["
                + rootDirectory
                + ", champion model "
                + championModelId
                + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistryDecisionSink other
                && rootDirectory.equals(other.rootDirectory)
                && championModelId.equals(other.championModelId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rootDirectory, championModelId);
    }
}
