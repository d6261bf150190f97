package dev.tributary.connectors.registry.sink;

import dev.tributary.connectors.registry.ChampionPointer;
import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of a {@link RegistrySink}: publishes each artifact synchronously (files are fsynced
 * before {@link #write} returns, so {@link #flush} has nothing left to do) and moves the champion
 * pointer forward for the champion model: a newer version of it, or another model that became the
 * champion (published as {@link Arm#CHAMPION}).
 */
public final class RegistrySinkWriter implements SinkWriter<ModelArtifact> {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrySinkWriter.class);

    private final LocalModelRegistry registry;
    private final String championModelId;

    /**
     * @param registry where to publish
     * @param championModelId the model whose new versions become the champion, or {@code null}
     */
    public RegistrySinkWriter(LocalModelRegistry registry, String championModelId) {
        this.registry = registry;
        this.championModelId = championModelId;
    }

    @Override
    public void write(ModelArtifact artifact, Context context) throws IOException {
        ModelVersion v = artifact.version();
        try {
            Path directory = registry.publish(artifact);
            LOG.info("Published {} {} to {}", v.modelId(), v.version(), directory);
            if (becomesChampion(artifact) && isNewerChampion(v)) {
                registry.setChampion(v.experiment(), v.modelId(), v.version());
                LOG.info("{} {} is the champion of {}", v.modelId(), v.version(), v.experiment());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Whether an artifact is the champion's: published as {@link Arm#CHAMPION} (an experiment with
     * automatic rollout, where promotions change the champion model), or, where the job does not
     * say, a version of the configured champion model.
     */
    private boolean becomesChampion(ModelArtifact artifact) {
        Arm arm = artifact.arm();
        return arm == null
                ? artifact.version().modelId().equals(championModelId)
                : arm == Arm.CHAMPION;
    }

    /** Whether {@code v} moves the pointer forward (or sets it first, or takes it back). */
    private boolean isNewerChampion(ModelVersion v) {
        Optional<ChampionPointer> current = registry.champion(v.experiment());
        return current.isEmpty()
                || !current.get().modelId().equals(v.modelId())
                || current.get().version() < v.version();
    }

    @Override
    public void flush(boolean endOfInput) {
        // Every write is durable when it returns.
    }

    @Override
    public void close() {
        // Holds no resources.
    }
}
