package dev.tributary.benchmarks;

import dev.tributary.core.config.AdaGradConfig;
import dev.tributary.core.config.BatchConfig;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.model.LogisticRegression;
import dev.tributary.trainer.model.MiniBatchModel;
import dev.tributary.trainer.model.OnlineModel;
import dev.tributary.trainer.model.OnlineModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Checkpoint cost as a sparse model grows: writing a model's state ({@link OnlineModel#writeTo})
 * and restoring it ({@link OnlineModels#read}) exactly as the training operator does (a {@code
 * DataOutputStream} over a {@code ByteArrayOutputStream} of 64 KiB initially, then {@code
 * toByteArray}; a {@code DataInputStream} over a {@code ByteArrayInputStream}), for a model of
 * {@code 2^bits} sparse weights of which every one was touched, the worst case: the checkpoint
 * stores touched rows only.
 *
 * <p>Two models: {@code minibatch-adagrad}, logistic regression trained by {@link MiniBatchModel}
 * with AdaGrad (one optimizer slot; batches of 64), and {@code classic-ftrl}, the per-example
 * FTRL-Proximal {@link LogisticRegression} (z and n per coordinate). Both have 2 dense features.
 * The set-up touches every bucket once, with examples of {@value #WIDTH} consecutive buckets each,
 * and prints the checkpoint's size in bytes (a line starting {@code checkpoint-bytes}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class CheckpointKernels {

    static final int WIDTH = 512;

    @Param({"16", "18", "20", "22", "24"})
    public int bits;

    @Param({"minibatch-adagrad", "classic-ftrl"})
    public String model;

    private ModelConfig config;
    private FeatureSpace space;
    private OnlineModel trained;
    private byte[] checkpoint;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        space = FeatureSpace.of(bits, List.of("d0", "d1"));
        if (model.equals("classic-ftrl")) {
            config = new ModelConfig(model, ModelFamily.LOGISTIC, FtrlConfig.DEFAULTS, 42);
        } else {
            config =
                    new ModelConfig(model, ModelFamily.LOGISTIC, AdaGradConfig.DEFAULTS, 42)
                            .withBatch(new BatchConfig(64, BatchConfig.DEFAULT_MAX_LATENCY));
        }
        trained = OnlineModels.create(config, space);
        if (model.equals("classic-ftrl") != (trained instanceof LogisticRegression)) {
            throw new IllegalStateException(model + " built a " + trained.getClass());
        }
        long start = System.nanoTime();
        touchEveryBucket(trained, 1 << bits);
        long filled = System.nanoTime();
        checkpoint = write();
        try (OnlineModel restored = restore()) {
            if (restored.examplesTrained() != trained.examplesTrained()
                    || restored.predict(probe()) != trained.predict(probe())) {
                throw new IllegalStateException("the restored model differs");
            }
        }
        System.out.printf(
                "%ncheckpoint-bytes model=%s bits=%d bytes=%d bytes-per-weight=%.2f fill-ms=%d%n",
                model,
                bits,
                checkpoint.length,
                checkpoint.length / (double) (1 << bits),
                (filled - start) / 1_000_000);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trained.close();
    }

    /** Trains on {@code 2^bits / WIDTH} examples that together cover every bucket once. */
    private static void touchEveryBucket(OnlineModel model, int buckets) {
        Random random = new Random(7);
        for (int first = 0; first < buckets; first += WIDTH) {
            int width = Math.min(WIDTH, buckets - first);
            int[] indices = new int[width];
            double[] values = new double[width];
            for (int k = 0; k < width; k++) {
                indices[k] = first + k;
                values[k] = 1.0 / Math.sqrt(width);
            }
            double[] dense = {random.nextGaussian(), random.nextGaussian()};
            model.train(new FeatureVector(indices, values, dense), random.nextInt(2), 1.0);
        }
        if (model instanceof MiniBatchModel) {
            ((MiniBatchModel) model).flush();
        }
    }

    private static FeatureVector probe() {
        return new FeatureVector(new int[] {0, 1, 2}, new double[] {1, 1, 1}, new double[] {0, 0});
    }

    /** A checkpoint: the training operator's {@code writeBack}. */
    @Benchmark
    public byte[] write() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            trained.writeTo(out);
        }
        return bytes.toByteArray();
    }

    /**
     * A restore: the training operator's {@code decode}, for one model. Both models train in Java,
     * whose {@code close} releases nothing, so the result is left to the garbage collector.
     */
    @Benchmark
    public OnlineModel restore() throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(checkpoint))) {
            return OnlineModels.read(config, space, in);
        }
    }
}
