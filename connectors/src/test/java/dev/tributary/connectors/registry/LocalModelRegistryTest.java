package dev.tributary.connectors.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.ModelVersion;
import dev.tributary.core.model.Provenance;
import dev.tributary.core.model.Sha256;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.core.model.TrainingRange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryTest {

    @TempDir Path root;

    @Test
    void publishWritesTheLayoutAndLeavesNoTemporaryFiles() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        ModelArtifact artifact = artifact("ctr", "lr", 3, "weights-v3");

        Path directory = registry.publish(artifact);

        assertThat(directory).isEqualTo(root.resolve("ctr/models/lr/3"));
        assertThat(directory.resolve("model.onnx")).hasBinaryContent(artifact.onnx());
        assertThat(directory.resolve("manifest.json")).isRegularFile();
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.map(p -> root.relativize(p).toString()))
                    .containsExactlyInAnyOrder(
                            "",
                            "ctr",
                            "ctr/models",
                            "ctr/models/lr",
                            "ctr/models/lr/3",
                            "ctr/models/lr/3/model.onnx",
                            "ctr/models/lr/3/manifest.json");
        }
    }

    @Test
    void manifestIsDeterministicPrettyJsonWithAFixedKeyOrder() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        ModelArtifact artifact = artifact("ctr", "lr", 3, "weights-v3");

        Path directory = registry.publish(artifact);

        String sha = artifact.version().sha256();
        assertThat(directory.resolve("manifest.json"))
                .content(StandardCharsets.UTF_8)
                .isEqualTo(
                        """
                        {
                          "format_version" : 1,
                          "experiment" : "ctr",
                          "model" : "lr",
                          "version" : 3,
                          "parent_version" : 2,
                          "sha256" : "%s",
                          "onnx_file" : "model.onnx",
                          "size_bytes" : 10,
                          "metrics" : {
                            "auc" : 0.8125,
                            "coverage" : NaN,
                            "logloss" : 0.4
                          },
                          "provenance" : {
                            "training_range" : {
                              "first_event_time" : 1709287200000,
                              "last_event_time" : 1709290800000,
                              "examples" : 100000
                            },
                            "config_hash" : "c0ffee",
                            "code_version" : "0.1.0",
                            "seed" : -42,
                            "family" : "logistic",
                            "optimizer" : "ftrl",
                            "backend" : "java",
                            "device" : "cpu"
                          }
                        }
                        """
                                .formatted(sha)
                                .replace("NaN", "\"NaN\""));
    }

    @Test
    void manifestRoundTripsTheModelVersionExactly() {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        ModelVersion edgy =
                new ModelVersion(
                        "exp-1",
                        "fm.v2",
                        Long.MAX_VALUE,
                        0,
                        new Provenance(
                                new TrainingRange(Long.MIN_VALUE, -1, 0),
                                "",
                                "0.1.0-SNAPSHOT+abc",
                                Long.MIN_VALUE,
                                null,
                                null),
                        Map.of(
                                "tiny", Double.MIN_VALUE,
                                "third", 1.0 / 3,
                                "inf", Double.POSITIVE_INFINITY,
                                "ninf", Double.NEGATIVE_INFINITY,
                                "nan", Double.NaN,
                                "zero", -0.0,
                                "ünïcode \"quoted\"", 1e300),
                        Sha256.hex(new byte[] {1, 2, 3}));
        ModelArtifact artifact = new ModelArtifact(edgy, new byte[] {1, 2, 3});
        registry.publish(artifact);

        ModelArtifact loaded = registry.load("exp-1", "fm.v2", Long.MAX_VALUE).orElseThrow();

        assertThat(loaded).isEqualTo(artifact);
        assertThat(loaded.version()).isEqualTo(edgy);
        assertThat(loaded.version().metrics().get("zero")).isEqualTo(-0.0);
    }

    @Test
    void publishingTheSameVersionAgainIsANoOpAndDifferentBytesAreRefused() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        ModelArtifact artifact = artifact("ctr", "lr", 1, "weights");
        Path directory = registry.publish(artifact);
        long modified = Files.getLastModifiedTime(directory.resolve("manifest.json")).toMillis();

        assertThat(registry.publish(artifact)).isEqualTo(directory);
        assertThat(Files.getLastModifiedTime(directory.resolve("manifest.json")).toMillis())
                .isEqualTo(modified);

        ModelArtifact other = artifact("ctr", "lr", 1, "other weights");
        assertThatThrownBy(() -> registry.publish(other))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("model lr version 1 of experiment ctr is already published")
                .hasMessageContaining(artifact.version().sha256())
                .hasMessageContaining(other.version().sha256());
        assertThat(registry.load("ctr", "lr", 1)).contains(artifact);
        assertThat(hiddenEntries(root.resolve("ctr/models/lr"))).isEmpty();
    }

    @Test
    void aPublicationThatLosesTheRenameRaceChecksTheWinnersBytes() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        ModelArtifact artifact = artifact("ctr", "lr", 4, "weights");
        Path target = registry.publish(artifact);
        long modified = Files.getLastModifiedTime(target.resolve("manifest.json")).toMillis();

        // what a writer whose existence check ran before the winner's rename does next
        assertThat(registry.writeAndRename(artifact, target)).isEqualTo(target);
        assertThatThrownBy(() -> registry.writeAndRename(artifact("ctr", "lr", 4, "other"), target))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already published");

        assertThat(registry.load("ctr", "lr", 4)).contains(artifact);
        assertThat(Files.getLastModifiedTime(target.resolve("manifest.json")).toMillis())
                .isEqualTo(modified);
        assertThat(hiddenEntries(root.resolve("ctr/models/lr"))).isEmpty();
    }

    @Test
    void loadDetectsACorruptedOnnxFile() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        Path directory = registry.publish(artifact("ctr", "lr", 2, "weights-v2"));
        Path onnx = directory.resolve("model.onnx");
        byte[] bytes = Files.readAllBytes(onnx);
        bytes[3] ^= 0x20;
        Files.write(onnx, bytes);

        assertThatThrownBy(() -> registry.load("ctr", "lr", 2))
                .isInstanceOf(RegistryIntegrityException.class)
                .hasMessageContaining("model.onnx is corrupt: its SHA-256 is " + Sha256.hex(bytes))
                .hasMessageContaining("the manifest says");
        assertThatThrownBy(() -> registry.latest("ctr", "lr"))
                .isInstanceOf(RegistryIntegrityException.class);

        Files.write(onnx, new byte[] {1});
        assertThatThrownBy(() -> registry.load("ctr", "lr", 2))
                .isInstanceOf(RegistryIntegrityException.class)
                .hasMessageContaining("it has 1 bytes, the manifest says 10");

        Files.delete(onnx);
        assertThatThrownBy(() -> registry.load("ctr", "lr", 2))
                .isInstanceOf(RegistryIntegrityException.class)
                .hasMessageContaining("model.onnx is missing");
    }

    @Test
    void loadDetectsAnInvalidOrMisplacedManifest() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        Path directory = registry.publish(artifact("ctr", "lr", 2, "weights-v2"));
        Path manifest = directory.resolve("manifest.json");
        String json = Files.readString(manifest);

        Files.writeString(manifest, json.replace("\"version\" : 2", "\"version\" : 5"));
        assertThatThrownBy(() -> registry.load("ctr", "lr", 2))
                .isInstanceOf(RegistryIntegrityException.class)
                .hasMessageContaining("describes model lr version 5 of experiment ctr");

        Files.writeString(
                manifest, json.replace("\"format_version\" : 1", "\"format_version\" : 2"));
        assertThatThrownBy(() -> registry.load("ctr", "lr", 2))
                .isInstanceOf(RegistryIntegrityException.class)
                .hasMessageContaining("has format_version 2");

        Files.writeString(manifest, json.replace("\"seed\" : -42", "\"seed\" : \"x\""));
        assertThatThrownBy(() -> registry.load("ctr", "lr", 2))
                .isInstanceOf(RegistryIntegrityException.class)
                .hasMessageContaining("field 'seed' is missing or not an integer");

        Files.writeString(manifest, "{ not json");
        assertThatThrownBy(() -> registry.load("ctr", "lr", 2))
                .isInstanceOf(RegistryIntegrityException.class)
                .hasMessageContaining("is not valid JSON");
    }

    @Test
    void versionsAndLatestIgnoreTemporaryAndForeignEntries() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        assertThat(registry.versions("ctr", "lr")).isEmpty();
        assertThat(registry.latest("ctr", "lr")).isEmpty();
        assertThat(registry.load("ctr", "lr", 1)).isEmpty();

        for (long version : new long[] {2, 10, 1}) {
            registry.publish(artifact("ctr", "lr", version, "weights-" + version));
        }
        Path modelDirectory = root.resolve("ctr/models/lr");
        Files.createDirectory(modelDirectory.resolve(".11.tmp-dead"));
        Files.createDirectory(modelDirectory.resolve("notes"));
        Files.createDirectory(modelDirectory.resolve("007"));
        Files.writeString(modelDirectory.resolve("12"), "a file, not a version");

        assertThat(registry.versions("ctr", "lr")).containsExactly(1L, 2L, 10L);
        assertThat(registry.latest("ctr", "lr"))
                .hasValueSatisfying(a -> assertThat(a.version().version()).isEqualTo(10));
        assertThat(registry.versions("ctr", "other")).isEmpty();
    }

    @Test
    void championPointerIsWrittenAtomicallyAndOnlyForPublishedVersions() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        assertThat(registry.champion("ctr")).isEmpty();
        registry.publish(artifact("ctr", "lr", 1, "w1"));
        registry.publish(artifact("ctr", "fm", 1, "w2"));

        registry.setChampion("ctr", "lr", 1);
        assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "lr", 1));
        registry.setChampion("ctr", "fm", 1);
        assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "fm", 1));
        assertThat(root.resolve("ctr/champion.json"))
                .content(StandardCharsets.UTF_8)
                .isEqualTo(
                        """
                        {
                          "format_version" : 1,
                          "experiment" : "ctr",
                          "model" : "fm",
                          "version" : 1
                        }
                        """);
        assertThat(hiddenEntries(root.resolve("ctr"))).isEmpty();

        assertThatThrownBy(() -> registry.setChampion("ctr", "lr", 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("that version is not published");
        assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "fm", 1));
    }

    @Test
    void decisionsAreAppendedAsJsonLinesAndReadBackExactly() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        Map<String, Double> evidence = new LinkedHashMap<>();
        evidence.put("pairs", 2_000.0);
        evidence.put("lower", Double.NaN);
        evidence.put("mean_difference", -0.0125);
        Decision retrain =
                new Decision(
                        "ctr",
                        DecisionKind.RETRAIN,
                        "lr-r1",
                        0,
                        5_000,
                        40_000,
                        "drift \"adwin\" on lr",
                        "lr-template",
                        RetrainPolicy.Action.WARM,
                        Double.NaN,
                        evidence);
        Decision canary =
                new Decision(
                        "ctr",
                        DecisionKind.CANARY,
                        "lr-r1",
                        2,
                        9_000,
                        60_000,
                        "better by 0.01",
                        "",
                        null,
                        0.05,
                        Map.of("pairs", 20_000.0));

        assertThat(registry.decisions("ctr")).isEmpty();
        registry.appendDecision(retrain);
        registry.appendDecision(canary);

        assertThat(registry.decisions("ctr")).containsExactly(retrain, canary);
        assertThat(registry.decisions("other")).isEmpty();
        List<String> lines = Files.readAllLines(root.resolve("ctr/decisions.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .startsWith("{\"experiment\":\"ctr\",\"kind\":\"RETRAIN\",\"modelId\":\"lr-r1\"")
                .contains("\"action\":\"WARM\",\"traffic\":null")
                .contains("\"lower\":null");
    }

    @Test
    void aDecisionLineTornByACrashIsSkippedAndCutOffByTheNextAppend() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        Decision first = new Decision("ctr", DecisionKind.DRIFT, "lr", 1_000, 10, "drift");
        Decision second = new Decision("ctr", DecisionKind.PAUSE, "", 2_000, 20, "paused");
        registry.appendDecision(first);
        Path log = root.resolve("ctr/decisions.jsonl");
        Files.writeString(log, "{\"experiment\":\"ctr\",\"ki", StandardOpenOption.APPEND);

        assertThat(registry.decisions("ctr")).containsExactly(first);
        registry.appendDecision(second);

        assertThat(registry.decisions("ctr")).containsExactly(first, second);
        assertThat(Files.readAllLines(log)).hasSize(2);
    }

    @Test
    void aDamagedDecisionLineNamesTheFileAndLine() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        registry.appendDecision(new Decision("ctr", DecisionKind.DRIFT, "lr", 1_000, 10, "d"));
        Path log = root.resolve("ctr/decisions.jsonl");
        Files.writeString(log, "{\"kind\":\"SOMETHING\"}\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> registry.decisions("ctr"))
                .isInstanceOf(RegistryIntegrityException.class)
                .hasMessageContaining(log + ":2");
    }

    @Test
    void trafficIsReplacedAtomicallyAndReadBack() throws IOException {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        Decision canary = new Decision("ctr", DecisionKind.CANARY, "lr-r1", 9_000, 60_000, "");
        TrafficSplit split = new TrafficSplit("lr", new String[] {"lr-r1"}, new double[] {0.25});

        assertThat(registry.traffic("ctr")).isEmpty();
        registry.setTraffic("ctr", TrafficSplit.championOnly("lr"), canary);
        registry.setTraffic("ctr", split, canary);

        assertThat(registry.traffic("ctr")).contains(split);
        assertThat(root.resolve("ctr/traffic.json"))
                .content(StandardCharsets.UTF_8)
                .isEqualTo(
                        """
                        {
                          "format_version" : 1,
                          "experiment" : "ctr",
                          "champion" : "lr",
                          "champion_fraction" : 0.75,
                          "canaries" : [ {
                            "model" : "lr-r1",
                            "fraction" : 0.25
                          } ],
                          "decided_by" : {
                            "kind" : "CANARY",
                            "model" : "lr-r1",
                            "event_time" : 9000,
                            "examples" : 60000
                          }
                        }
                        """);
        try (Stream<Path> files = Files.list(root.resolve("ctr"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("traffic.json");
        }
    }

    @Test
    void namesThatAreNotSinglePathSegmentsAreRejected() {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        for (String bad : new String[] {"", ".hidden", "..", "a/b", "a\\b"}) {
            assertThatThrownBy(() -> registry.versions(bad, "lr"))
                    .as("experiment '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a valid registry name");
            assertThatThrownBy(() -> registry.load("ctr", bad, 1))
                    .as("model '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> registry.publish(artifact("../escape", "lr", 1, "w")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(root.getParent().resolve("escape")).doesNotExist();
    }

    static ModelArtifact artifact(String experiment, String model, long version, String bytes) {
        byte[] onnx = bytes.getBytes(StandardCharsets.UTF_8);
        return new ModelArtifact(
                new ModelVersion(
                        experiment,
                        model,
                        version,
                        version - 1,
                        new Provenance(
                                new TrainingRange(1_709_287_200_000L, 1_709_290_800_000L, 100_000),
                                "c0ffee",
                                "0.1.0",
                                -42,
                                "logistic",
                                "ftrl"),
                        Map.of("logloss", 0.4, "auc", 0.8125, "coverage", Double.NaN),
                        Sha256.hex(onnx)),
                onnx);
    }

    private static List<Path> hiddenEntries(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(p -> p.getFileName().toString().startsWith(".")).toList();
        }
    }
}
