package dev.tributary.trainer.learn;

import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelShape;
import dev.tributary.core.config.Objective;
import java.util.List;

/** The predictor of a model configuration, and the initial values of its coordinates. */
public final class Predictors {

    private Predictors() {}

    /**
     * A freshly initialized predictor for a model.
     *
     * @param sparseRows the sparse dimension (hashed space plus vocabularies)
     * @param denseWidth the number of dense inputs
     * @param slotCount the optimizer's state arrays per block ({@link Optimizer#slotCount})
     * @throws IllegalArgumentException for a factorization machine with a multiclass objective
     */
    public static Predictor create(
            ModelConfig config, int sparseRows, int denseWidth, int slotCount) {
        return create(config, sparseRows, denseWidth, slotCount, true);
    }

    /**
     * A copy of a predictor's weights (and touched rows), without optimizer state: what a frozen
     * model holds. The copy skips initialization, since every weight is overwritten.
     */
    public static Predictor frozenCopy(
            ModelConfig config, int sparseRows, int denseWidth, Predictor live) {
        Predictor copy = create(config, sparseRows, denseWidth, 0, false);
        List<Block> from = live.blocks();
        List<Block> to = copy.blocks();
        for (int k = 0; k < from.size(); k++) {
            to.get(k).copyWeightsFrom(from.get(k));
        }
        return copy;
    }

    private static Predictor create(
            ModelConfig config, int sparseRows, int denseWidth, int slotCount, boolean initialize) {
        ModelShape shape = config.shape();
        return switch (config.family()) {
            case LOGISTIC, SOFTMAX, LINEAR ->
                    new LinearPredictor(sparseRows, denseWidth, shape.outputs(), slotCount);
            case FM -> {
                if (shape.objective() == Objective.MULTICLASS) {
                    // Rendle's machine scores one output; a multiclass FM would need one machine
                    // per class, which nothing here builds.
                    throw new IllegalArgumentException(
                            "model "
                                    + config.id()
                                    + ": a factorization machine has one output and cannot train"
                                    + " the "
                                    + shape.objective().yamlName()
                                    + " objective");
                }
                yield new FactorizationMachine(
                        sparseRows,
                        denseWidth,
                        shape.factors(),
                        shape.initScale(),
                        config.seed(),
                        slotCount,
                        initialize);
            }
            case MLP ->
                    new Mlp(
                            sparseRows,
                            denseWidth,
                            shape.embeddingDim(),
                            shape.hidden(),
                            shape.outputs(),
                            shape.initScale(),
                            config.seed(),
                            slotCount,
                            initialize);
        };
    }

    /**
     * The initial value of coordinate {@code index} (row-major) of block {@code blockIndex} of
     * {@link Predictor#blocks}: what a freshly created predictor holds there, and what a sparse row
     * a checkpoint did not store is restored to.
     */
    public static double initialWeight(Predictor predictor, int blockIndex, int index) {
        if (predictor instanceof LinearPredictor linear) {
            return linear.initialWeight(blockIndex, index);
        } else if (predictor instanceof FactorizationMachine fm) {
            return fm.initialWeight(blockIndex, index);
        } else if (predictor instanceof Mlp mlp) {
            return mlp.initialWeight(blockIndex, index);
        }
        throw new IllegalArgumentException("unknown predictor " + predictor.getClass().getName());
    }
}
