package dev.tributary.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordsTest {

    @Test
    void featureVectorsCompareByContent() {
        FeatureVector a =
                new FeatureVector(new int[] {1, 7}, new double[] {1, 0.5}, new double[] {2});
        FeatureVector b =
                new FeatureVector(new int[] {1, 7}, new double[] {1, 0.5}, new double[] {2});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a)
                .isNotEqualTo(
                        new FeatureVector(
                                new int[] {1, 7}, new double[] {1, 0.5}, new double[] {3}));
    }

    @Test
    void featureVectorRejectsMismatchedSparseArrays() {
        assertThatThrownBy(() -> new FeatureVector(new int[] {1}, new double[] {}, new double[] {}))
                .hasMessageContaining("indices and values differ in length");
    }

    @Test
    void artifactRejectsBytesThatDoNotMatchTheManifestHash() {
        byte[] onnx = "model".getBytes(StandardCharsets.UTF_8);
        Provenance provenance =
                new Provenance(new TrainingRange(0, 1, 2), "cfg", "0.1.0", 0, "logistic", "ftrl");
        ModelVersion good =
                new ModelVersion("e", "m", 1, 0, provenance, Map.of(), Sha256.hex(onnx));
        ModelVersion bad =
                new ModelVersion("e", "m", 1, 0, provenance, Map.of(), Sha256.hex(new byte[0]));

        assertThat(new ModelArtifact(good, onnx).onnx()).isEqualTo(onnx);
        assertThatThrownBy(() -> new ModelArtifact(bad, onnx))
                .hasMessageContaining("do not match the SHA-256");
    }

    @Test
    void sha256IsTheStandardDigest() {
        assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
