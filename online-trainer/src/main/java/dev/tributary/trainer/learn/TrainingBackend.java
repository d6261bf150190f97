package dev.tributary.trainer.learn;

/**
 * Runs training steps on a predictor's blocks: the forward pass, the loss gradient, the backward
 * pass and the optimizer's update. The blocks in Java memory are the model's state whatever the
 * backend, so a model checkpoints, restores, freezes and exports the same way on every device, and
 * can move between devices across a restart.
 */
public interface TrainingBackend extends AutoCloseable {

    /**
     * Applies one step.
     *
     * @param step the number of steps the model took before this one
     */
    void step(TrainingBatch batch, long step);

    /** What ran the steps, for provenance: {@code java}, {@code onnx-cpu} or {@code onnx-cuda}. */
    String name();

    /** Releases native resources; a no-op for Java. */
    @Override
    void close();
}
