package dev.tributary.trainer.learn;

import java.util.Arrays;
import java.util.List;

/** Training steps in plain Java, in double precision: the reference every backend must match. */
public final class JavaBackend implements TrainingBackend {

    private final Predictor predictor;
    private final Head head;
    private final Optimizer optimizer;
    private double[] outputs = new double[16];
    private double[] dOutputs = new double[16];
    private final double[][] gradients;

    public JavaBackend(Predictor predictor, Head head, Optimizer optimizer) {
        this.predictor = predictor;
        this.head = head;
        this.optimizer = optimizer;
        this.gradients = new double[predictor.blocks().size()][];
    }

    @Override
    public void step(TrainingBatch batch, long step) {
        int n = batch.size() * predictor.outputs();
        if (outputs.length < n) {
            outputs = new double[Math.max(n, 2 * outputs.length)];
            dOutputs = new double[outputs.length];
        }
        optimizer.beforeForward(predictor, batch);
        predictor.forward(batch, outputs);
        head.gradient(batch, outputs, dOutputs);
        List<Block> blocks = predictor.blocks();
        for (int k = 0; k < blocks.size(); k++) {
            Block block = blocks.get(k);
            int length = block.isSparse() ? batch.rowCount() * block.cols() : block.weights.length;
            if (gradients[k] == null || gradients[k].length < length) {
                gradients[k] = new double[Math.max(length, 16)];
            } else {
                Arrays.fill(gradients[k], 0, length, 0.0);
            }
        }
        predictor.backward(batch, dOutputs, gradients);
        optimizer.step(predictor, batch, gradients, step);
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void close() {}
}
