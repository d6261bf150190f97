package dev.tributary.trainer.learn;

import java.util.List;

/**
 * How a model family turns parameters and an example into raw outputs ({@code outputs} numbers per
 * example, before the {@link Head}), and back-propagates the gradient of the loss to its
 * parameters. Each family writes out its math in its Javadoc; the ONNX training graph ({@code
 * TrainingGraph}) builds the very same computation from ONNX operators, and the two are held
 * together by equivalence tests.
 *
 * <p>Sparse blocks are addressed through the batch's compact rows; their gradients are compact too,
 * {@code [batch.rowCount(), cols]}. Dense blocks' gradients have the block's full shape. Not
 * thread-safe: a predictor may keep activations from {@link #forward} for {@link #backward}.
 */
public interface Predictor {

    /** The parameter blocks, in a fixed order: the order of gradients, state and graph inputs. */
    List<Block> blocks();

    /** Raw outputs per example. */
    int outputs();

    /** Raw outputs of a batch, {@code out[b * outputs + c]}. */
    void forward(TrainingBatch batch, double[] out);

    /**
     * Gradients of the batch loss for the batch last passed to {@link #forward}.
     *
     * @param dOut the loss gradient with respect to the raw outputs, {@code [size, outputs]}
     * @param gradients one array per block, zeroed by the caller, sized for the batch
     */
    void backward(TrainingBatch batch, double[] dOut, double[][] gradients);
}
