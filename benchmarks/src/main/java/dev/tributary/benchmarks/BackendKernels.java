package dev.tributary.benchmarks;

import dev.tributary.core.config.BatchConfig;
import dev.tributary.core.config.Device;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.learn.JavaBackend;
import dev.tributary.trainer.learn.OrtBackend;
import dev.tributary.trainer.model.MiniBatchModel;
import dev.tributary.trainer.model.OnlineModel;
import dev.tributary.trainer.model.OnlineModels;
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
 * Training throughput of the two CPU backends of {@link MiniBatchModel}: {@link JavaBackend}
 * ({@code cpu}, the baseline of each model and batch size) against {@link OrtBackend} running the
 * training-step graph on ONNX Runtime's CPU execution provider with one intra-op thread ({@code
 * onnx-cpu}), at batch sizes 1, 64 and 1024, on the sparse input of {@link TrainerKernels} (30
 * Zipf-distributed hashed features into {@code 2^20} buckets plus 2 dense). {@value
 * TrainerKernels#EXAMPLES} examples, a whole number of batches of every size; one pass in the
 * set-up, then pass after pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class BackendKernels {

    @Param({"logistic-adam", "fm-adam", "mlp-adam"})
    public String model;

    @Param({"1", "64", "1024"})
    public int batch;

    @Param({"cpu", "onnx-cpu"})
    public String device;

    private FeatureVector[] vectors;
    private double[] labels;
    private OnlineModel trained;

    @Setup(Level.Trial)
    public void setUp() {
        TrainerKernels.Examples examples =
                TrainerKernels.Examples.of("sparse", TrainerKernels.EXAMPLES);
        ModelConfig config =
                TrainerKernels.config(model)
                        .withBatch(new BatchConfig(batch, BatchConfig.DEFAULT_MAX_LATENCY))
                        .withDevice(device.equals("cpu") ? Device.CPU : Device.ONNX_CPU);
        trained = OnlineModels.create(config, examples.space);
        String expected = device.equals("cpu") ? "java" : "onnx-cpu";
        if (!trained.backendName().equals(expected)) {
            throw new IllegalStateException(
                    "expected backend " + expected + ", got " + trained.backendName());
        }
        vectors = examples.vectors;
        labels = examples.labels(config.shape().objective());
        TrainerKernels.trainPass(trained, vectors, labels);
        TrainerKernels.checkFinite(trained, vectors[0], model + "/" + device + "/" + batch);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trained.close();
    }

    /** One pass over the examples, a training step every {@code batch} of them. */
    @Benchmark
    @OperationsPerInvocation(TrainerKernels.EXAMPLES)
    public void train() {
        TrainerKernels.trainPass(trained, vectors, labels);
    }
}
