package dev.tributary.core.config;

import java.util.Locale;

/** Where a model's training steps run. */
public enum Device {
    /** Pure Java on the task's own thread: the fast path for sparse linear and FM models. */
    CPU,
    /**
     * ONNX Runtime executing Tributary's training-step graph on its CPU execution provider: the
     * same graph as {@link #CUDA}, without a GPU.
     */
    ONNX_CPU,
    /** ONNX Runtime's CUDA execution provider; needs the GPU build ({@code -Pgpu}) and a device. */
    CUDA,
    /** {@link #CUDA} where the GPU build finds a CUDA device, {@link #CPU} otherwise. */
    AUTO;

    /** The name used in YAML and in provenance. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
