package dev.tributary.trainer.experiment;

import java.io.Serializable;
import java.util.Objects;

/**
 * Operational settings of a learner that are not part of the experiment's definition.
 *
 * @param statusEvery emit a progress report every this many labelled examples (at least 1)
 * @param referenceSample keep this many recent examples and, at every publication, emit the new
 *     version's in-job scores on them (0 to keep none)
 * @param codeVersion the Tributary version, recorded in every model's provenance
 * @param servingEvery send every model's current parameters to the scorer every this many labelled
 *     examples, besides at every publication (0: at publications only)
 * @param cudaDevice the CUDA device that models with {@code device: cuda} (or {@code auto}) train
 *     on: the GPU Flink assigned to this subtask, 0 without one
 */
public record LearnerSettings(
        int statusEvery, int referenceSample, String codeVersion, int servingEvery, int cudaDevice)
        implements Serializable {

    /** Settings that update the scorer at publications only. */
    public LearnerSettings(int statusEvery, int referenceSample, String codeVersion) {
        this(statusEvery, referenceSample, codeVersion, 0);
    }

    /** Settings for CUDA device 0. */
    public LearnerSettings(
            int statusEvery, int referenceSample, String codeVersion, int servingEvery) {
        this(statusEvery, referenceSample, codeVersion, servingEvery, 0);
    }

    /** The same settings for the subtask's own GPU. */
    public LearnerSettings withCudaDevice(int device) {
        return new LearnerSettings(statusEvery, referenceSample, codeVersion, servingEvery, device);
    }

    public LearnerSettings {
        Objects.requireNonNull(codeVersion, "codeVersion");
        if (statusEvery < 1) {
            throw new IllegalArgumentException("statusEvery must be >= 1, was " + statusEvery);
        }
        if (servingEvery < 0) {
            throw new IllegalArgumentException("servingEvery must be >= 0, was " + servingEvery);
        }
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("cudaDevice must be >= 0, was " + cudaDevice);
        }
        if (referenceSample < 0) {
            throw new IllegalArgumentException(
                    "referenceSample must be >= 0, was " + referenceSample);
        }
    }
}
