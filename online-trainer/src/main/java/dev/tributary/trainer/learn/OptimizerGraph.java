package dev.tributary.trainer.learn;

import dev.tributary.core.config.AdaGradConfig;
import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.NormalizedConfig;
import dev.tributary.core.config.OptimizerConfig;
import dev.tributary.core.config.SgdConfig;
import dev.tributary.trainer.onnx.OnnxElementType;
import dev.tributary.trainer.onnx.OnnxGraphBuilder;
import java.util.List;

/**
 * The {@link Optimizer}s' per-coordinate updates as ONNX operators, elementwise over one block's
 * weights {@code w}, gradient {@code g} and state slots (compact {@code [U, cols]} for a sparse
 * block, whole for a dense one), in float32:
 *
 * <pre>
 *   sgd:        w' = w - rate g
 *   adagrad:    n' = n + g^2;  w' = w - rate g / (sqrt(n') + eps)
 *   adam:       m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g^2
 *               w' = w - rate (m' / c1) / (sqrt(v' / c2) + eps)
 *   ftrl:       n' = n + g^2;  sigma = g^2 / (alpha (sqrt(n') + sqrt(n)))   (0 when both are 0)
 *               z' = z + g - sigma w
 *               w' = |z'| &lt;= l1 ? 0 : -(z' - sign(z') l1) / ((beta + sqrt(n')) / alpha + l2)
 *   normalized: m the batch's largest |input| of the coordinate;
 *               w1 = (m &gt; s and s &gt; 0) ? w (s / m)^2 : w;  s' = max(s, m);  G' = G + g^2
 *               w' = (s' &gt; 0 and G' &gt; 0) ? w1 - step g / (s' sqrt(G')) : w1
 *               (g / sqrt(G') evaluated as (g / a) / sqrt((sqrt(G) / a)^2 + (g / a)^2) with
 *               a = max(|g|, sqrt(G)), and G' &gt; 0 as a &gt; 0, since g^2 underflows in float)
 * </pre>
 *
 * FTRL's {@code sigma = (sqrt(n') - sqrt(n)) / alpha} is written in the algebraically equal form
 * above because in float32 the difference of two close square roots loses most of its digits. Its
 * {@code l1} and {@code l2} are 0 for blocks that are not regularized, as in Java.
 *
 * <p>The scalars that depend on the step count are computed in Java, in double, exactly as {@link
 * Optimizer} computes them, and fed as float scalar inputs: {@value #SGD_RATE} ({@code
 * SgdConfig.rate(step)}), {@value #ADAM_CORRECTION1} and {@value #ADAM_CORRECTION2} ({@code 1 -
 * beta^(step + 1)}) and {@value #NORMALIZED_STEP} ({@code rate sqrt(t / N)} with the globals after
 * this batch). So both backends follow one schedule, and the graph holds no step counter.
 */
final class OptimizerGraph {

    static final String SGD_RATE = "sgd_rate";
    static final String ADAM_CORRECTION1 = "adam_correction1";
    static final String ADAM_CORRECTION2 = "adam_correction2";
    static final String NORMALIZED_STEP = "normalized_step";

    private OptimizerGraph() {}

    /** The state slots per block, as the Java {@link Optimizer} of the configuration keeps. */
    static int slotCount(OptimizerConfig config) {
        if (config instanceof SgdConfig) {
            return 0;
        } else if (config instanceof AdaGradConfig) {
            return 1;
        }
        return 2;
    }

    /** The names of the configuration's scalar inputs, in the order {@link #scalars} fills. */
    static List<String> scalarInputs(OptimizerConfig config) {
        if (config instanceof SgdConfig) {
            return List.of(SGD_RATE);
        } else if (config instanceof AdamConfig) {
            return List.of(ADAM_CORRECTION1, ADAM_CORRECTION2);
        } else if (config instanceof NormalizedConfig) {
            return List.of(NORMALIZED_STEP);
        }
        return List.of();
    }

    /**
     * The values of {@link #scalarInputs} for the step after {@code step} earlier ones.
     *
     * @param normalizedStep {@code rate sqrt(t / N)}, used by the normalized update only
     */
    static double[] scalars(OptimizerConfig config, long step, double normalizedStep) {
        if (config instanceof SgdConfig sgd) {
            return new double[] {sgd.rate(step)};
        } else if (config instanceof AdamConfig adam) {
            return new double[] {
                1 - Math.pow(adam.beta1(), step + 1), 1 - Math.pow(adam.beta2(), step + 1)
            };
        } else if (config instanceof NormalizedConfig) {
            return new double[] {normalizedStep};
        }
        return new double[0];
    }

    /** Declares the scalar inputs as float tensors of rank 0. */
    static void declareInputs(OnnxGraphBuilder graph, OptimizerConfig config) {
        for (String name : scalarInputs(config)) {
            graph.input(name, OnnxElementType.FLOAT);
        }
    }

    /**
     * The update of one block.
     *
     * @param w the weights
     * @param slots the state slots, {@link #slotCount} of them
     * @param g the gradient, of the weights' shape
     * @param inputScale the normalized update's {@code m}, broadcastable to the weights; else null
     * @return the new weights, then the new slots
     */
    static List<String> update(
            GraphOps ops,
            OptimizerConfig config,
            boolean regularized,
            String w,
            List<String> slots,
            String g,
            String inputScale) {
        if (config instanceof SgdConfig) {
            return List.of(ops.sub(w, ops.mul(SGD_RATE, g)));
        } else if (config instanceof AdaGradConfig adaGrad) {
            String n = ops.add(slots.get(0), ops.square(g));
            String denominator = ops.add(ops.sqrt(n), ops.scalar(adaGrad.epsilon()));
            String step = ops.div(ops.mul(ops.scalar(adaGrad.learningRate()), g), denominator);
            return List.of(ops.sub(w, step), n);
        } else if (config instanceof AdamConfig adam) {
            return adam(ops, adam, w, slots, g);
        } else if (config instanceof FtrlConfig ftrl) {
            return ftrl(ops, ftrl, regularized, w, slots, g);
        } else if (config instanceof NormalizedConfig) {
            return normalized(ops, w, slots, g, inputScale);
        }
        throw new IllegalArgumentException("unknown optimizer " + config);
    }

    private static List<String> adam(
            GraphOps ops, AdamConfig adam, String w, List<String> slots, String g) {
        // 1 - beta is taken in double, then rounded once.
        String m =
                ops.add(
                        ops.mul(ops.scalar(adam.beta1()), slots.get(0)),
                        ops.mul(ops.scalar(1 - adam.beta1()), g));
        String v =
                ops.add(
                        ops.mul(ops.scalar(adam.beta2()), slots.get(1)),
                        ops.mul(ops.scalar(1 - adam.beta2()), ops.square(g)));
        String mHat = ops.div(m, ADAM_CORRECTION1);
        String vHat = ops.div(v, ADAM_CORRECTION2);
        String denominator = ops.add(ops.sqrt(vHat), ops.scalar(adam.epsilon()));
        String step = ops.div(ops.mul(ops.scalar(adam.learningRate()), mHat), denominator);
        return List.of(ops.sub(w, step), m, v);
    }

    private static List<String> ftrl(
            GraphOps ops,
            FtrlConfig ftrl,
            boolean regularized,
            String w,
            List<String> slots,
            String g) {
        String z = slots.get(0);
        String n = slots.get(1);
        String g2 = ops.square(g);
        String after = ops.add(n, g2);
        String rootAfter = ops.sqrt(after);
        String roots = ops.mul(ops.scalar(ftrl.alpha()), ops.add(rootAfter, ops.sqrt(n)));
        String zero = ops.scalar(0);
        String sigma = ops.where(ops.greater(roots, zero), ops.div(g2, roots), zero);
        String z2 = ops.add(z, ops.sub(g, ops.mul(sigma, w)));
        double l1 = regularized ? ftrl.l1() : 0.0;
        double l2 = regularized ? ftrl.l2() : 0.0;
        String shrunk = ops.sub(z2, ops.mul(ops.sign(z2), ops.scalar(l1)));
        String denominator =
                ops.add(
                        ops.div(
                                ops.add(ops.scalar(ftrl.beta()), rootAfter),
                                ops.scalar(ftrl.alpha())),
                        ops.scalar(l2));
        String weight = ops.neg(ops.div(shrunk, denominator));
        String w2 = ops.where(ops.lessOrEqual(ops.abs(z2), ops.scalar(l1)), zero, weight);
        return List.of(w2, z2, after);
    }

    private static List<String> normalized(
            GraphOps ops, String w, List<String> slots, String g, String m) {
        String s = slots.get(0);
        String zero = ops.scalar(0);
        // 1. Rescale the weights whose input grew; the ratio is read only where m > s >= 0.
        // OrtBackend lets Normalized rescale in Java before the run (NAG rescales before it
        // predicts), so this finds nothing left to do there; it keeps the graph a whole NAG step.
        String ratio = ops.div(s, m);
        String shrink = ops.and(ops.greater(m, s), ops.greater(s, zero));
        String rescaled = ops.where(shrink, ops.mul(w, ops.square(ratio)), w);
        String scale = ops.max(s, m);
        // 2. The adaptive, normalized step. g / sqrt(G + g^2) is scale-free: a first gradient of
        // 1e-26 moves a weight as far as one of 1, though its square underflows in float. So it is
        // computed from g and sqrt(G) divided by the larger of the two, a = max(|g|, sqrt(G)),
        // and applied where a > 0, the condition G + g^2 > 0 of the Java update.
        String sumSquares = ops.add(slots.get(1), ops.square(g));
        String root = ops.sqrt(slots.get(1));
        String a = ops.max(ops.abs(g), root);
        String gScaled = ops.div(g, a);
        String rootScaled = ops.div(root, a);
        String direction =
                ops.div(gScaled, ops.sqrt(ops.add(ops.square(rootScaled), ops.square(gScaled))));
        String step = ops.div(ops.mul(NORMALIZED_STEP, direction), scale);
        String apply = ops.and(ops.greater(scale, zero), ops.greater(a, zero));
        String w2 = ops.where(apply, ops.sub(rescaled, step), rescaled);
        return List.of(w2, scale, sumSquares);
    }
}
