package dev.tributary.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A model version together with its ONNX bytes and its inputs: what the training operator hands to
 * the registry.
 *
 * @param inputs the feature spec and input statistics of the model, or {@code null} when unknown
 * @param arm the model's role when published; {@code null} when the job does not say (an experiment
 *     without automatic rollout, whose registry sink knows the champion by its id). A version
 *     published as {@link Arm#CHAMPION} moves the registry's champion pointer.
 */
public record ModelArtifact(ModelVersion version, byte[] onnx, ModelInputs inputs, Arm arm) {

    /** An artifact whose inputs are not known (a model trained on vectors built in code). */
    public ModelArtifact(ModelVersion version, byte[] onnx) {
        this(version, onnx, null, null);
    }

    /** An artifact whose role the registry sink reads from its configuration. */
    public ModelArtifact(ModelVersion version, byte[] onnx, ModelInputs inputs) {
        this(version, onnx, inputs, null);
    }

    public ModelArtifact {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(onnx, "onnx");
        if (!Sha256.hex(onnx).equals(version.sha256())) {
            throw new IllegalArgumentException(
                    "the ONNX bytes do not match the SHA-256 of model "
                            + version.modelId()
                            + " version "
                            + version.version());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelArtifact other
                && version.equals(other.version)
                && Arrays.equals(onnx, other.onnx)
                && Objects.equals(inputs, other.inputs)
                && arm == other.arm;
    }

    @Override
    public int hashCode() {
        return 31 * version.hashCode() + Arrays.hashCode(onnx);
    }

    @Override
    public String toString() {
        return "ModelArtifact[" + version + ", " + onnx.length + " bytes]";
    }
}
