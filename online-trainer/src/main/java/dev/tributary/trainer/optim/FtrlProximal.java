package dev.tributary.trainer.optim;

import dev.tributary.core.config.FtrlConfig;
import java.util.Objects;

/**
 * FTRL-Proximal, the per-coordinate online learner of McMahan et al., "Ad Click Prediction: a View
 * from the Trenches" (KDD 2013, Algorithm 1).
 *
 * <p>Each coordinate {@code i} keeps two numbers, {@code z[i]} and {@code n[i]}; its weight is not
 * stored but derived from them on demand:
 *
 * <pre>
 *   w = 0                                                        if |z| &lt;= l1
 *   w = -(z - sgn(z) l1) / ((beta + sqrt(n)) / alpha + l2)       otherwise
 * </pre>
 *
 * and a gradient {@code g} of the loss with respect to {@code w} updates them as
 *
 * <pre>
 *   sigma = (sqrt(n + g^2) - sqrt(n)) / alpha;   z += g - sigma w;   n += g^2
 * </pre>
 *
 * <p>The caller owns the {@code z} and {@code n} arrays, so that a model chooses its own layout (a
 * hashed sparse block, a dense block, the bias) and serializes them itself. This class holds only
 * the hyperparameters; it is immutable and thread-safe. Only {@link Math#sqrt}, which is correctly
 * rounded, is used, so the same inputs give the same state bit for bit on every JVM.
 */
public final class FtrlProximal {

    private final double alpha;
    private final double beta;
    private final double l1;
    private final double l2;

    public FtrlProximal(FtrlConfig config) {
        Objects.requireNonNull(config, "config");
        this.alpha = config.alpha();
        this.beta = config.beta();
        this.l1 = config.l1();
        this.l2 = config.l2();
    }

    /** The weight of a coordinate with state {@code (z, n)}, with L1 and L2 regularisation. */
    public double weight(double z, double n) {
        return weight(z, n, l1, l2);
    }

    /**
     * The weight of a coordinate that is not regularised, such as the bias: shrinking the intercept
     * towards zero would pull every prediction towards 0.5 and buys no generalisation.
     */
    public double unregularizedWeight(double z, double n) {
        return weight(z, n, 0.0, 0.0);
    }

    private double weight(double z, double n, double l1, double l2) {
        if (Math.abs(z) <= l1) {
            return 0.0;
        }
        double shrunk = z > 0 ? z - l1 : z + l1;
        return -shrunk / ((beta + Math.sqrt(n)) / alpha + l2);
    }

    /**
     * Applies gradient {@code g} to coordinate {@code i}, whose current weight is {@code w} (as
     * returned by {@link #weight} or {@link #unregularizedWeight} for the same state).
     */
    public void step(double[] z, double[] n, int i, double w, double g) {
        double before = n[i];
        double after = before + g * g;
        double sigma = (Math.sqrt(after) - Math.sqrt(before)) / alpha;
        z[i] += g - sigma * w;
        n[i] = after;
    }
}
