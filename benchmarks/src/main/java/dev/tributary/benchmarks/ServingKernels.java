package dev.tributary.benchmarks;

import ai.onnxruntime.OrtException;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.model.LinearServingModel;
import dev.tributary.trainer.onnx.OnnxScorer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-example cost of serving a frozen model: {@link LinearServingModel#predict} in Java (the
 * baseline) against {@link OnnxScorer#score} of the exported ONNX model in batches of 1, 64 and
 * 1024, on one ONNX Runtime intra-op thread (the scorer's default inside a Flink task slot).
 *
 * <p>The model is trained on the first 50,000 flights and scores the next {@value #SCORED}, which
 * every batch size divides, so each benchmark scores exactly the same examples.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ServingKernels {

    static final int TRAINING = 50_000;
    static final int SCORED = 8_192;

    private FeatureVector[] scored;
    private LinearServingModel serving;
    private OnnxScorer scorer;
    private List<List<FeatureVector>> batchesOf1;
    private List<List<FeatureVector>> batchesOf64;
    private List<List<FeatureVector>> batchesOf1024;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        FlightsData flights = FlightsData.load();
        serving = flights.trainedModel(TRAINING).freeze();
        scored = Arrays.copyOfRange(flights.vectors, TRAINING, TRAINING + SCORED);
        scorer = new OnnxScorer(serving.toOnnx(Map.of("tributary.model", "flights")));
        batchesOf1 = batches(1);
        batchesOf64 = batches(64);
        batchesOf1024 = batches(1024);
    }

    private List<List<FeatureVector>> batches(int size) {
        List<List<FeatureVector>> batches = new ArrayList<>(SCORED / size);
        for (int start = 0; start < SCORED; start += size) {
            batches.add(List.of(Arrays.copyOfRange(scored, start, start + size)));
        }
        return List.copyOf(batches);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        scorer.close();
    }

    /** Baseline: the frozen model's own Java prediction, one example at a time. */
    @Benchmark
    @OperationsPerInvocation(SCORED)
    public void javaPredict(Blackhole blackhole) {
        for (FeatureVector x : scored) {
            blackhole.consume(serving.predict(x));
        }
    }

    /** ONNX Runtime, one example per call. */
    @Benchmark
    @OperationsPerInvocation(SCORED)
    public void onnxBatch1(Blackhole blackhole) throws OrtException {
        score(batchesOf1, blackhole);
    }

    /** ONNX Runtime, 64 examples per call. */
    @Benchmark
    @OperationsPerInvocation(SCORED)
    public void onnxBatch64(Blackhole blackhole) throws OrtException {
        score(batchesOf64, blackhole);
    }

    /** ONNX Runtime, 1024 examples per call. */
    @Benchmark
    @OperationsPerInvocation(SCORED)
    public void onnxBatch1024(Blackhole blackhole) throws OrtException {
        score(batchesOf1024, blackhole);
    }

    private void score(List<List<FeatureVector>> batches, Blackhole blackhole) throws OrtException {
        for (List<FeatureVector> batch : batches) {
            blackhole.consume(scorer.score(batch));
        }
    }
}
