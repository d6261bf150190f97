package dev.tributary.core.config;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a model within its family: its objective and the sizes of its parts. Fields that do
 * not apply to a family keep their defaults and are ignored by it.
 *
 * @param objective the loss; fixed by {@code logistic} (binary) and {@code softmax} (multiclass),
 *     chosen for the others
 * @param classes the number of classes of a multiclass objective, {@code >= 2}; 1 otherwise
 * @param huberDelta the threshold of the Huber loss, positive
 * @param factors the factorization machine's latent dimension, {@code >= 1}
 * @param hidden the MLP's hidden layer widths, one or two layers
 * @param embeddingDim the width of the MLP's hashed embedding bag, {@code >= 1}
 * @param initScale the standard deviation of random initial weights (factors, embeddings; MLP
 *     layers use He initialisation instead)
 */
public record ModelShape(
        Objective objective,
        int classes,
        double huberDelta,
        int factors,
        List<Integer> hidden,
        int embeddingDim,
        double initScale)
        implements Serializable {

    public static final double DEFAULT_HUBER_DELTA = 1.0;
    public static final int DEFAULT_FACTORS = 8;
    public static final List<Integer> DEFAULT_HIDDEN = List.of(32);
    public static final int DEFAULT_EMBEDDING_DIM = 8;
    public static final double DEFAULT_INIT_SCALE = 0.01;

    public ModelShape {
        Objects.requireNonNull(objective, "objective");
        hidden = List.copyOf(hidden);
        if (objective == Objective.MULTICLASS ? classes < 2 : classes != 1) {
            throw new IllegalArgumentException(
                    "classes must be >= 2 for a multiclass objective and 1 otherwise, was "
                            + classes);
        }
        if (!(huberDelta > 0)) {
            throw new IllegalArgumentException("huberDelta must be > 0, was " + huberDelta);
        }
        if (factors < 1) throw new IllegalArgumentException("factors must be >= 1");
        if (hidden.isEmpty() || hidden.size() > 2 || hidden.stream().anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden must be one or two widths >= 1: " + hidden);
        }
        if (embeddingDim < 1) throw new IllegalArgumentException("embeddingDim must be >= 1");
        if (!(initScale >= 0 && initScale < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("initScale must be finite and >= 0");
        }
    }

    /** The default shape of a family: its natural objective and the default sizes. */
    public static ModelShape defaultsFor(ModelFamily family) {
        Objective objective =
                switch (family) {
                    case LOGISTIC, FM, MLP -> Objective.BINARY;
                    case SOFTMAX -> Objective.MULTICLASS;
                    case LINEAR -> Objective.SQUARED;
                };
        return new ModelShape(
                objective,
                objective == Objective.MULTICLASS ? 2 : 1,
                DEFAULT_HUBER_DELTA,
                DEFAULT_FACTORS,
                DEFAULT_HIDDEN,
                DEFAULT_EMBEDDING_DIM,
                DEFAULT_INIT_SCALE);
    }

    /**
     * The number of outputs the predictor computes: the classes of a multiclass objective, or 1.
     */
    public int outputs() {
        return objective == Objective.MULTICLASS ? classes : 1;
    }

    public ModelShape withObjective(Objective objective, int classes) {
        return new ModelShape(
                objective, classes, huberDelta, factors, hidden, embeddingDim, initScale);
    }
}
