package dev.tributary.core.model;

import java.util.Objects;

/**
 * Where a model version came from: enough to reproduce it.
 *
 * @param trainingRange what it learned from
 * @param configHash SHA-256 of the model's configuration
 * @param codeVersion the Tributary version that trained it
 * @param seed the random seed of its initialisation
 * @param family the model family, e.g. {@code logistic}
 * @param optimizer the optimizer, e.g. {@code ftrl}
 * @param backend what ran its training steps: {@code java}, {@code onnx-cpu} or {@code onnx-cuda}
 * @param device the device its configuration asked for: {@code cpu}, {@code onnx-cpu}, {@code cuda}
 *     or {@code auto}
 */
public record Provenance(
        TrainingRange trainingRange,
        String configHash,
        String codeVersion,
        long seed,
        String family,
        String optimizer,
        String backend,
        String device) {

    /** What versions published before backends existed were trained by. */
    public static final String JAVA_BACKEND = "java";

    public static final String CPU_DEVICE = "cpu";

    public Provenance {
        Objects.requireNonNull(trainingRange, "trainingRange");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(codeVersion, "codeVersion");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(device, "device");
    }

    /** Provenance of a model trained in Java on the CPU. */
    public Provenance(
            TrainingRange trainingRange,
            String configHash,
            String codeVersion,
            long seed,
            String family,
            String optimizer) {
        this(
                trainingRange,
                configHash,
                codeVersion,
                seed,
                family,
                optimizer,
                JAVA_BACKEND,
                CPU_DEVICE);
    }
}
