package dev.tributary.trainer.learn;

import dev.tributary.core.config.ModelConfig;

/** Chooses the backend a model's {@code device} asks for. */
public final class Backends {

    /** ONNX Runtime's threads within one step: one, since a Flink slot owns one core. */
    private static final int INTRA_OP_THREADS = 1;

    private Backends() {}

    /**
     * The backend of a model: {@code cpu} trains in Java, {@code onnx-cpu} and {@code cuda} with
     * ONNX Runtime on that execution provider, and {@code auto} on CUDA when this build of ONNX
     * Runtime has it ({@code -Pgpu}), else in Java.
     *
     * @param cudaDevice the CUDA device to use: the subtask's GPU as Flink assigned it, else 0
     * @throws IllegalStateException if {@code cuda} is asked for where it is not available
     */
    public static TrainingBackend create(
            ModelConfig config,
            Predictor predictor,
            Head head,
            Optimizer optimizer,
            int cudaDevice) {
        return switch (config.device()) {
            case CPU -> new JavaBackend(predictor, head, optimizer);
            case ONNX_CPU -> onnx(config, predictor, head, optimizer, false, 0);
            case CUDA -> onnx(config, predictor, head, optimizer, true, cudaDevice);
            case AUTO ->
                    OrtBackend.cudaAvailable()
                            ? onnx(config, predictor, head, optimizer, true, cudaDevice)
                            : new JavaBackend(predictor, head, optimizer);
        };
    }

    private static TrainingBackend onnx(
            ModelConfig config,
            Predictor predictor,
            Head head,
            Optimizer optimizer,
            boolean cuda,
            int cudaDevice) {
        return new OrtBackend(
                predictor, head, optimizer, config.optimizer(), cuda, cudaDevice, INTRA_OP_THREADS);
    }
}
