package dev.tributary.benchmarks;

import dev.tributary.core.config.AdaGradConfig;
import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.BatchConfig;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.config.NormalizedConfig;
import dev.tributary.core.config.Objective;
import dev.tributary.core.config.OptimizerConfig;
import dev.tributary.core.config.SgdConfig;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.model.LogisticRegression;
import dev.tributary.trainer.model.MiniBatchModel;
import dev.tributary.trainer.model.OnlineModel;
import dev.tributary.trainer.model.OnlineModels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training throughput (examples per second on one thread) of every model family and optimizer,
 * trained by {@link MiniBatchModel} in batches of {@value #BATCH} in pure Java, against the classic
 * per-example FTRL-Proximal {@link LogisticRegression} (the baseline, {@code classic-ftrl}) on the
 * same input.
 *
 * <p>Two synthetic inputs, {@value #EXAMPLES} examples generated once per trial from a fixed seed
 * ({@link Examples}): {@code sparse}, 30 hashed features into {@code 2^20} buckets whose values
 * follow a Zipf-like law (so that frequent values repeat across rows, as in click logs) plus 2
 * dense features; and {@code dense}, 32 dense features and no sparse entry. Each model trains one
 * pass over the examples in the set-up, so that weights and optimizer state are non-zero, then pass
 * after pass while measured; a pass is a whole number of batches.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class TrainerKernels {

    static final int EXAMPLES = 8192;
    static final int BATCH = 64;

    /** {@code classic-ftrl} is the baseline; the others are {@code family-optimizer}. */
    @Param({
        "classic-ftrl",
        "logistic-sgd",
        "logistic-adagrad",
        "logistic-adam",
        "logistic-ftrl",
        "logistic-normalized",
        "softmax-adam",
        "linear-sgd",
        "linear-normalized",
        "fm-sgd",
        "fm-adagrad",
        "fm-adam",
        "mlp-sgd",
        "mlp-adam"
    })
    public String model;

    @Param({"sparse", "dense"})
    public String input;

    private FeatureVector[] vectors;
    private double[] labels;
    private OnlineModel trained;

    @Setup(Level.Trial)
    public void setUp() {
        Examples examples = Examples.of(input, EXAMPLES);
        ModelConfig config;
        if (model.equals("classic-ftrl")) {
            config = config("logistic-ftrl").withBatch(BatchConfig.SINGLE);
        } else {
            config =
                    config(model)
                            .withBatch(new BatchConfig(BATCH, BatchConfig.DEFAULT_MAX_LATENCY));
        }
        trained = OnlineModels.create(config, examples.space);
        if (model.equals("classic-ftrl") != (trained instanceof LogisticRegression)) {
            throw new IllegalStateException(model + " built a " + trained.getClass());
        }
        vectors = examples.vectors;
        labels = examples.labels(config.shape().objective());
        trainPass(trained, vectors, labels);
        checkFinite(trained, vectors[0], model + "/" + input);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trained.close();
    }

    /** One training step per example, in mini-batches of {@value #BATCH} but the baseline. */
    @Benchmark
    @OperationsPerInvocation(EXAMPLES)
    public void train() {
        trainPass(trained, vectors, labels);
    }

    static void trainPass(OnlineModel model, FeatureVector[] vectors, double[] labels) {
        for (int i = 0; i < vectors.length; i++) {
            model.train(vectors[i], labels[i], 1.0);
        }
    }

    /** Fails a trial whose model diverged, which would measure arithmetic on NaN. */
    static void checkFinite(OnlineModel model, FeatureVector x, String what) {
        double p = model.predict(x);
        if (!Double.isFinite(p)) {
            throw new IllegalStateException(what + " diverged: prediction " + p);
        }
    }

    /**
     * The configuration of {@code family-optimizer} with default hyperparameters and shapes
     * (factors 8; MLP hidden [32], embedding 8), but softmax with 3 classes, on the Java backend
     * one example at a time (callers set the batch and device).
     */
    static ModelConfig config(String name) {
        int dash = name.indexOf('-');
        ModelFamily family = ModelFamily.valueOf(name.substring(0, dash).toUpperCase(Locale.ROOT));
        OptimizerConfig optimizer;
        switch (name.substring(dash + 1)) {
            case "sgd":
                optimizer = SgdConfig.DEFAULTS;
                break;
            case "adagrad":
                optimizer = AdaGradConfig.DEFAULTS;
                break;
            case "adam":
                optimizer = AdamConfig.DEFAULTS;
                break;
            case "ftrl":
                optimizer = FtrlConfig.DEFAULTS;
                break;
            case "normalized":
                optimizer = NormalizedConfig.DEFAULTS;
                break;
            default:
                throw new IllegalArgumentException("unknown optimizer in " + name);
        }
        ModelConfig config = new ModelConfig(name, family, optimizer, 42);
        if (family == ModelFamily.SOFTMAX) {
            config = config.withShape(config.shape().withObjective(Objective.MULTICLASS, 3));
        }
        return config;
    }

    /**
     * Synthetic labelled examples from a fixed seed, with labels for every objective drawn from a
     * hidden model of the same features (so that training has something to learn).
     *
     * <p>{@code sparse}: {@value #FIELDS} categorical fields with vocabularies from 10 to 10^6
     * values (log-spaced); a field's value {@code v} is drawn log-uniformly from {@code [1, V]},
     * {@code P(v) ~ 1/v}, a Zipf law of exponent 1, and hashed with the field into {@code 2^20}
     * buckets, value 1.0; plus 2 standard normal dense features. {@code dense}: 32 standard normal
     * dense features and no sparse entry, in the same {@code 2^20}-bucket space.
     */
    static final class Examples {

        static final int HASH_BITS = 20;
        static final int FIELDS = 30;
        static final int SPARSE_DENSE = 2;
        static final int DENSE_ONLY = 32;
        static final int CLASSES = 3;
        private static final long SEED = 20_260_501L;

        final FeatureSpace space;
        final FeatureVector[] vectors;
        final double[] binary;
        final double[] multiclass;
        final double[] regression;

        private Examples(
                FeatureSpace space,
                FeatureVector[] vectors,
                double[] binary,
                double[] multiclass,
                double[] regression) {
            this.space = space;
            this.vectors = vectors;
            this.binary = binary;
            this.multiclass = multiclass;
            this.regression = regression;
        }

        double[] labels(Objective objective) {
            switch (objective) {
                case BINARY:
                    return binary;
                case MULTICLASS:
                    return multiclass;
                default:
                    return regression;
            }
        }

        static Examples of(String input, int n) {
            switch (input) {
                case "sparse":
                    return generate(n, FIELDS, SPARSE_DENSE);
                case "dense":
                    return generate(n, 0, DENSE_ONLY);
                default:
                    throw new IllegalArgumentException("unknown input " + input);
            }
        }

        private static Examples generate(int n, int fields, int denseCount) {
            List<String> names = new ArrayList<>();
            for (int j = 0; j < denseCount; j++) {
                names.add("d" + j);
            }
            FeatureSpace space = FeatureSpace.of(HASH_BITS, names);
            Random random = new Random(SEED);
            int mask = (1 << HASH_BITS) - 1;
            double[][] denseWeights = new double[CLASSES][denseCount];
            for (double[] w : denseWeights) {
                for (int j = 0; j < denseCount; j++) {
                    w[j] = random.nextGaussian() / Math.sqrt(denseCount);
                }
            }
            FeatureVector[] vectors = new FeatureVector[n];
            double[] binary = new double[n];
            double[] multiclass = new double[n];
            double[] regression = new double[n];
            double[] scores = new double[CLASSES];
            for (int e = 0; e < n; e++) {
                Arrays.fill(scores, 0.0);
                int[] indices = new int[fields];
                double[] values = new double[fields];
                for (int f = 0; f < fields; f++) {
                    double vocabulary = Math.pow(10, 1 + 5.0 * f / (fields - 1));
                    long value = (long) Math.exp(random.nextDouble() * Math.log(vocabulary));
                    int index = (int) (mix(f * 0x100000001B3L + value) & mask);
                    indices[f] = index;
                    values[f] = 1.0;
                    for (int c = 0; c < CLASSES; c++) {
                        scores[c] += hiddenWeight(index, c) / Math.sqrt(fields);
                    }
                }
                double[] dense = new double[denseCount];
                for (int j = 0; j < denseCount; j++) {
                    dense[j] = random.nextGaussian();
                    for (int c = 0; c < CLASSES; c++) {
                        scores[c] += denseWeights[c][j] * dense[j];
                    }
                }
                vectors[e] = new FeatureVector(indices, values, dense);
                binary[e] = random.nextDouble() < 1 / (1 + Math.exp(-2 * scores[0])) ? 1 : 0;
                regression[e] = scores[0] + 0.1 * random.nextGaussian();
                multiclass[e] = sampleSoftmax(scores, random.nextDouble());
            }
            return new Examples(space, vectors, binary, multiclass, regression);
        }

        private static int sampleSoftmax(double[] scores, double u) {
            double total = 0;
            double[] p = new double[scores.length];
            for (int c = 0; c < scores.length; c++) {
                p[c] = Math.exp(2 * scores[c]);
                total += p[c];
            }
            double cumulative = 0;
            for (int c = 0; c < scores.length - 1; c++) {
                cumulative += p[c] / total;
                if (u < cumulative) {
                    return c;
                }
            }
            return scores.length - 1;
        }

        /** The hidden model's weight of a bucket for class {@code c}, uniform in [-1, 1). */
        private static double hiddenWeight(int index, int c) {
            return (mix(index * 3L + c + 0x5DEECE66DL) >>> 11) * 0x1.0p-52 - 1;
        }

        /** SplitMix64's finalizer. */
        static long mix(long z) {
            z += 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
