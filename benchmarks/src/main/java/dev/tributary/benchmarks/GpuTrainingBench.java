package dev.tributary.benchmarks;

import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.ModelShape;
import dev.tributary.core.config.Objective;
import dev.tributary.trainer.learn.Head;
import dev.tributary.trainer.learn.JavaBackend;
import dev.tributary.trainer.learn.Mlp;
import dev.tributary.trainer.learn.Optimizer;
import dev.tributary.trainer.learn.OrtBackend;
import dev.tributary.trainer.learn.TrainingBackend;
import dev.tributary.trainer.learn.TrainingBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The MLP training step per backend and batch size: examples per second of {@link JavaBackend} (one
 * thread), {@link OrtBackend} on ONNX Runtime's CPU execution provider (all cores) and on CUDA
 * (where {@link OrtBackend#cudaAvailable}; skipped with a message elsewhere). A plain timing loop,
 * not JMH: one step of a large batch takes milliseconds to seconds, and what matters is the ratio
 * between backends at each batch size.
 *
 * <p>The model: an MLP over 16 dense inputs and a 16-wide embedding bag of 2^18 hashed rows, hidden
 * layers 256 and 128, one binary output, Adam. Each example has 24 sparse entries drawn from a
 * skewed distribution, so that a batch touches fewer distinct rows than entries. Per backend and
 * batch size: a fresh model, {@value #WARM_UP_STEPS} warm-up steps (JIT, ONNX Runtime's arenas,
 * CUDA kernels), then steps over a rotation of pre-built batches until {@value #MEASURE_SECONDS}
 * seconds and at least {@value #MIN_STEPS} steps have passed.
 *
 * <p>Usage: {@code GpuTrainingBench [batch sizes...]}, default 256 1024 4096 8192; {@code
 * scripts/gpu-bench.sh} builds with {@code -Pgpu} and runs it.
 */
public final class GpuTrainingBench {

    private static final int SPARSE_ROWS = 1 << 18;
    private static final int DENSE = 16;
    private static final int EMBEDDING = 16;
    private static final List<Integer> HIDDEN = List.of(256, 128);
    private static final int ENTRIES = 24;
    private static final int BATCHES = 4;
    private static final int WARM_UP_STEPS = 5;
    private static final int MIN_STEPS = 5;
    private static final double MEASURE_SECONDS = 3.0;
    private static final AdamConfig ADAM = new AdamConfig(0.001, 0.9, 0.999, 1e-8);

    private GpuTrainingBench() {}

    public static void main(String[] args) {
        int[] sizes = {256, 1024, 4096, 8192};
        if (args.length > 0) {
            sizes = new int[args.length];
            for (int i = 0; i < args.length; i++) {
                sizes[i] = Integer.parseInt(args[i]);
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        boolean cuda = OrtBackend.cudaAvailable();
        System.out.printf(
                Locale.ROOT,
                "MLP %d dense + %d-wide embedding of %d rows, hidden %s, Adam; %d entries per"
                        + " example; %d cores%n",
                DENSE,
                EMBEDDING,
                SPARSE_ROWS,
                HIDDEN,
                ENTRIES,
                cores);
        if (!cuda) {
            System.out.println(
                    "CUDA skipped: no usable CUDA execution provider (build with -Pgpu on a machine"
                            + " with an NVIDIA GPU, CUDA 12 and cuDNN 9)");
        }
        System.out.printf(
                Locale.ROOT,
                "%-10s %8s %14s %10s %8s%n",
                "backend",
                "batch",
                "examples/s",
                "ms/step",
                "vs java");
        for (int size : sizes) {
            List<TrainingBatch> batches = batches(size);
            double java = run("java", size, batches, cores);
            run("onnx-cpu", size, batches, cores, java);
            if (cuda) {
                run("onnx-cuda", size, batches, cores, java);
            }
        }
    }

    private static double run(String backend, int size, List<TrainingBatch> batches, int cores) {
        return run(backend, size, batches, cores, Double.NaN);
    }

    /** Times one backend at one batch size and prints a row; returns examples per second. */
    private static double run(
            String backend, int size, List<TrainingBatch> batches, int cores, double java) {
        Head head = new Head(new ModelShape(Objective.BINARY, 1, 1.0, 8, HIDDEN, EMBEDDING, 0.01));
        Optimizer optimizer = Optimizer.of(ADAM);
        Mlp model =
                new Mlp(SPARSE_ROWS, DENSE, EMBEDDING, HIDDEN, 1, 0.01, 7, optimizer.slotCount());
        try (TrainingBackend training = create(backend, model, head, optimizer, cores)) {
            long step = 0;
            for (; step < WARM_UP_STEPS; step++) {
                training.step(batches.get((int) (step % batches.size())), step);
            }
            long start = System.nanoTime();
            long steps = 0;
            double seconds;
            do {
                training.step(batches.get((int) (step % batches.size())), step);
                step++;
                steps++;
                seconds = (System.nanoTime() - start) / 1e9;
            } while (seconds < MEASURE_SECONDS || steps < MIN_STEPS);
            double perSecond = steps * size / seconds;
            System.out.printf(
                    Locale.ROOT,
                    "%-10s %8d %14.0f %10.2f %8s%n",
                    backend,
                    size,
                    perSecond,
                    1000 * seconds / steps,
                    Double.isNaN(java)
                            ? "1.00"
                            : String.format(Locale.ROOT, "%.2f", perSecond / java));
            return perSecond;
        }
    }

    private static TrainingBackend create(
            String backend, Mlp model, Head head, Optimizer optimizer, int cores) {
        return switch (backend) {
            case "java" -> new JavaBackend(model, head, optimizer);
            case "onnx-cpu" -> new OrtBackend(model, head, optimizer, ADAM, false, 0, cores);
            case "onnx-cuda" -> new OrtBackend(model, head, optimizer, ADAM, true, 0, 1);
            default -> throw new IllegalArgumentException(backend);
        };
    }

    /** {@value #BATCHES} seeded batches of {@code size} examples, each built by its own builder. */
    private static List<TrainingBatch> batches(int size) {
        Random random = new Random(size);
        List<TrainingBatch> batches = new ArrayList<>();
        for (int n = 0; n < BATCHES; n++) {
            TrainingBatch.Builder builder = new TrainingBatch.Builder(DENSE).start();
            for (int b = 0; b < size; b++) {
                int[] indices = new int[ENTRIES];
                double[] values = new double[ENTRIES];
                for (int k = 0; k < ENTRIES; k++) {
                    // Squaring a uniform skews towards low rows: frequent features, as in hashing.
                    double u = random.nextDouble();
                    indices[k] = (int) (u * u * SPARSE_ROWS);
                    values[k] = 1.0;
                }
                double[] dense = new double[DENSE];
                for (int j = 0; j < DENSE; j++) {
                    dense[j] = random.nextGaussian();
                }
                builder.add(indices, values, dense, random.nextInt(2), 1.0);
            }
            batches.add(builder.finish());
        }
        return batches;
    }
}
