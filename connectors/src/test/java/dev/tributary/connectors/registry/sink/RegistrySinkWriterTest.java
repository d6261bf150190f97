package dev.tributary.connectors.registry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connectors.registry.ChampionPointer;
import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.ModelVersion;
import dev.tributary.core.model.Provenance;
import dev.tributary.core.model.Sha256;
import dev.tributary.core.model.TrainingRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrySinkWriterTest {

    private static final SinkWriter.Context NO_CONTEXT =
            new SinkWriter.Context() {
                @Override
                public long currentWatermark() {
                    return Long.MIN_VALUE;
                }

                @Override
                public Long timestamp() {
                    return null;
                }
            };

    @TempDir Path root;

    @Test
    void publishesEveryArtifactAndMovesTheChampionForwardForTheChampionModel() throws Exception {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        try (RegistrySinkWriter writer = new RegistrySinkWriter(registry, "lr")) {
            writer.write(artifact("lr", 1), NO_CONTEXT);
            assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "lr", 1));

            writer.write(artifact("fm", 1), NO_CONTEXT);
            writer.write(artifact("lr", 2), NO_CONTEXT);
            assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "lr", 2));

            // a replay after a failure: republishing is a no-op and the pointer stays forward
            writer.write(artifact("lr", 1), NO_CONTEXT);
            writer.write(artifact("lr", 2), NO_CONTEXT);
            assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "lr", 2));

            // a manual promotion holds until the champion model publishes again
            registry.setChampion("ctr", "fm", 1);
            writer.write(artifact("fm", 2), NO_CONTEXT);
            assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "fm", 1));
            writer.write(artifact("lr", 3), NO_CONTEXT);
            assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "lr", 3));
            writer.flush(true);
        }
        assertThat(registry.versions("ctr", "lr")).containsExactly(1L, 2L, 3L);
        assertThat(registry.versions("ctr", "fm")).containsExactly(1L, 2L);
        assertThat(registry.load("ctr", "lr", 2)).contains(artifact("lr", 2));
    }

    @Test
    void versionsPublishedAsChampionMoveThePointerToWhicheverModelTheyAre() throws Exception {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        try (RegistrySinkWriter writer = new RegistrySinkWriter(registry, "lr")) {
            writer.write(withArm(artifact("lr", 1), Arm.CHAMPION), NO_CONTEXT);
            writer.write(withArm(artifact("lr-r1", 1), Arm.SHADOW), NO_CONTEXT);
            writer.write(withArm(artifact("lr-r1", 2), Arm.CANARY), NO_CONTEXT);
            assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "lr", 1));

            // the challenger is promoted: its next version, published as champion, takes over
            writer.write(withArm(artifact("lr-r1", 3), Arm.CHAMPION), NO_CONTEXT);
            assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "lr-r1", 3));

            // the configured champion's id no longer matters once artifacts carry their arm
            writer.write(withArm(artifact("lr", 2), Arm.SHADOW), NO_CONTEXT);
            assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "lr-r1", 3));

            // a replayed older version of the champion does not take the pointer back
            writer.write(withArm(artifact("lr-r1", 2), Arm.CHAMPION), NO_CONTEXT);
            assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "lr-r1", 3));
            writer.write(withArm(artifact("lr-r1", 4), Arm.CHAMPION), NO_CONTEXT);
            assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "lr-r1", 4));
        }
    }

    private static ModelArtifact withArm(ModelArtifact artifact, Arm arm) {
        return new ModelArtifact(artifact.version(), artifact.onnx(), artifact.inputs(), arm);
    }

    @Test
    void withoutAChampionModelThePointerIsLeftAlone() throws Exception {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        try (RegistrySinkWriter writer = new RegistrySinkWriter(registry, null)) {
            writer.write(artifact("lr", 1), NO_CONTEXT);
        }
        assertThat(registry.versions("ctr", "lr")).containsExactly(1L);
        assertThat(registry.champion("ctr")).isEmpty();
    }

    @Test
    void differentBytesForAPublishedVersionFailTheWrite() throws Exception {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        try (RegistrySinkWriter writer = new RegistrySinkWriter(registry, "lr")) {
            writer.write(artifact("lr", 1), NO_CONTEXT);
            byte[] other = "other bytes".getBytes(StandardCharsets.UTF_8);
            ModelArtifact conflicting =
                    new ModelArtifact(version("lr", 1, Sha256.hex(other)), other);

            assertThatThrownBy(() -> writer.write(conflicting, NO_CONTEXT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already published");
        }
    }

    @Test
    void ioFailuresSurfaceAsIoExceptions() throws Exception {
        Path notADirectory = Files.writeString(root.resolve("file"), "x");
        try (RegistrySinkWriter writer =
                new RegistrySinkWriter(new LocalModelRegistry(notADirectory), "lr")) {
            assertThatThrownBy(() -> writer.write(artifact("lr", 1), NO_CONTEXT))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void sinkValidatesItsSettings() {
        assertThatThrownBy(() -> new RegistrySink(" ", "lr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rootDirectory:");
        assertThatThrownBy(() -> new RegistrySink("/registry", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("championModelId:");
        assertThat(new RegistrySink("/registry", null).championModelId()).isNull();
    }

    static ModelArtifact artifact(String model, long version) {
        byte[] onnx = (model + " weights " + version).getBytes(StandardCharsets.UTF_8);
        return new ModelArtifact(version(model, version, Sha256.hex(onnx)), onnx);
    }

    private static ModelVersion version(String model, long version, String sha256) {
        return new ModelVersion(
                "ctr",
                model,
                version,
                version - 1,
                new Provenance(
                        new TrainingRange(0, version, version), "cfg", "0.1.0", 7, "lr", "ftrl"),
                Map.of("auc", 0.5 + version / 100.0),
                sha256);
    }
}
