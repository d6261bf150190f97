package dev.tributary.trainer.testing;

import dev.tributary.core.model.FeatureVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded stream drawn from a known logistic model: each sparse feature is present with
 * probability 1/2 (value 1.0), each dense feature is normal with its own mean and scale, and the
 * label is Bernoulli(sigmoid(true logit)). Extra noise features are present at random and have no
 * effect on the label.
 */
public final class SyntheticLogisticStream {

    /** The sparse indices of the informative features. */
    public static final int[] SPARSE_INDICES = {3, 17, 123, 456, 1000};

    /** Their true weights. */
    public static final double[] SPARSE_WEIGHTS = {1.5, -1.0, 0.8, -2.0, 1.2};

    /** Means, scales and true weights (per standard deviation) of the dense features. */
    public static final double[] DENSE_MEANS = {50.0, -3.0};

    public static final double[] DENSE_SCALES = {10.0, 0.5};
    public static final double[] DENSE_WEIGHTS = {1.0, -0.7};

    public static final double BIAS = -0.5;

    /** The sparse indices of the noise features. */
    public static final int[] NOISE_INDICES = {40, 41, 42, 43, 44, 500, 501, 502};

    public static final int HASH_BITS = 10;

    private SyntheticLogisticStream() {}

    /** {@code count} examples drawn with {@code seed}. */
    public static List<LabelledVector> generate(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledVector> stream = new ArrayList<>(count);
        int[] indexBuffer = new int[SPARSE_INDICES.length + NOISE_INDICES.length];
        for (int e = 0; e < count; e++) {
            int size = 0;
            double logit = BIAS;
            for (int f = 0; f < SPARSE_INDICES.length; f++) {
                if (random.nextBoolean()) {
                    indexBuffer[size++] = SPARSE_INDICES[f];
                    logit += SPARSE_WEIGHTS[f];
                }
            }
            for (int noise : NOISE_INDICES) {
                if (random.nextBoolean()) {
                    indexBuffer[size++] = noise;
                }
            }
            double[] dense = new double[DENSE_MEANS.length];
            for (int j = 0; j < dense.length; j++) {
                double standard = gaussian(random);
                dense[j] = DENSE_MEANS[j] + DENSE_SCALES[j] * standard;
                logit += DENSE_WEIGHTS[j] * standard;
            }
            int[] indices = Arrays.copyOf(indexBuffer, size);
            double[] values = new double[size];
            Arrays.fill(values, 1.0);
            double p = 1.0 / (1.0 + Math.exp(-logit));
            double label = random.nextDouble() < p ? 1.0 : 0.0;
            stream.add(new LabelledVector(new FeatureVector(indices, values, dense), label));
        }
        return stream;
    }

    /** The log loss of the true model on a stream: the floor a learner approaches. */
    public static double trueLogLoss(List<LabelledVector> stream) {
        double sum = 0;
        for (LabelledVector example : stream) {
            double logit = BIAS;
            for (int index : example.x().indices()) {
                for (int f = 0; f < SPARSE_INDICES.length; f++) {
                    if (SPARSE_INDICES[f] == index) {
                        logit += SPARSE_WEIGHTS[f];
                    }
                }
            }
            double[] dense = example.x().dense();
            for (int j = 0; j < dense.length; j++) {
                logit += DENSE_WEIGHTS[j] * (dense[j] - DENSE_MEANS[j]) / DENSE_SCALES[j];
            }
            sum += Prequential.logLoss(1.0 / (1.0 + Math.exp(-logit)), example.label());
        }
        return sum / stream.size();
    }

    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2.0 * Math.PI * v);
    }
}
