package dev.tributary.connectors.registry.sink;

import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.core.model.ModelArtifact;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Publishes the model artifacts of a job to a {@link LocalModelRegistry}, and moves the champion
 * pointer to each new version of the configured champion model.
 *
 * <p>Each artifact is published as soon as it arrives, atomically and idempotently: after a failure
 * the job replays artifacts since the last checkpoint, which republishes identical versions as
 * no-ops, so the registry ends up as if there had been no failure. It is not transactional, though:
 * a version published after the last checkpoint of a job that then fails for good stays published.
 * A two-phase-commit sink that publishes at checkpoint completion is the next step (see the
 * architecture); this one is for local runs, demos and tests.
 *
 * <p>The champion is the model of an artifact published as {@link
 * dev.tributary.core.model.Arm#CHAMPION}, or, for an artifact without an arm, the configured {@code
 * championModelId}. The champion pointer only moves forward for the champion model: a replayed
 * older version of it does not take the pointer back, whereas a manual promotion of another model
 * is left alone until the champion publishes again. (A replay across an automatic promotion points
 * back at the replaced champion until the promoted model's version is replayed too.)
 */
public final class RegistrySink implements Sink<ModelArtifact> {

    private static final long serialVersionUID = 1L;

    private final String rootDirectory;
    private final String championModelId;

    /**
     * @param rootDirectory the registry's root directory on the local file system of every task
     *     manager (a shared mount in a cluster)
     * @param championModelId the model whose versions without an arm become the champion when
     *     published, or {@code null} to move the pointer for versions published as champion only
     */
    public RegistrySink(String rootDirectory, String championModelId) {
        if (rootDirectory == null || rootDirectory.isBlank()) {
            throw new IllegalArgumentException(
                    "rootDirectory: must name the registry directory, was "
                            + (rootDirectory == null ? "null" : "blank"));
        }
        if (championModelId != null && championModelId.isBlank()) {
            throw new IllegalArgumentException(
                    "championModelId: must be null or name a model, was blank");
        }
        this.rootDirectory = rootDirectory;
        this.championModelId = championModelId;
    }

    /** The registry's root directory. */
    public String rootDirectory() {
        return rootDirectory;
    }

    /** The model whose new versions become the champion, or {@code null}. */
    public String championModelId() {
        return championModelId;
    }

    @Override
    public SinkWriter<ModelArtifact> createWriter(WriterInitContext context) {
        return new RegistrySinkWriter(
                new LocalModelRegistry(Path.of(rootDirectory)), championModelId);
    }

    @Override
    public String toString() {
        return "RegistrySink[" + rootDirectory + ", champion model " + championModelId + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegistrySink other
                && rootDirectory.equals(other.rootDirectory)
                && Objects.equals(championModelId, other.championModelId);
    }

    @Override
    public int hashCode() {
        return 31 * rootDirectory.hashCode() + Objects.hashCode(championModelId);
    }
}
