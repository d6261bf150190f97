package dev.tributary.benchmarks;

import dev.tributary.core.supervision.Metrics;
import dev.tributary.evaluator.prequential.RunningMetrics;
import dev.tributary.evaluator.prequential.WindowMetrics;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of prequential evaluation, on the real prequential scores of a logistic regression over
 * the 60,000 flights (each flight predicted before the model trained on it).
 *
 * <p>Two groups. Per example: {@link RunningMetrics#observe} (the baseline) against {@link
 * WindowMetrics#observe} on a window of {@value #WINDOW}. Per read of the metrics: {@link
 * RunningMetrics#metrics()} (the baseline, AUC from a histogram of {@value RunningMetrics#BINS}
 * bins) against {@link WindowMetrics#metrics()} (exact AUC over the {@value #WINDOW} examples of
 * the window, sorted). The window caches its AUC until the next example, so each read in both
 * benchmarks follows one {@code observe}, as in the operator; that adds tens of nanoseconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class EvaluationKernels {

    static final int WINDOW = 10_000;

    private double[] scores;
    private double[] labels;
    private RunningMetrics running;
    private WindowMetrics window;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        FlightsData flights = FlightsData.load();
        scores = flights.prequentialScores();
        labels = flights.labels;
        running = new RunningMetrics();
        window = new WindowMetrics(WINDOW);
        for (int i = 0; i < scores.length; i++) {
            running.observe(scores[i], labels[i], 1.0);
            window.observe(scores[i], labels[i], 1.0);
        }
    }

    /** Baseline, per example: log loss, accuracy and the AUC histogram since the start. */
    @Benchmark
    @OperationsPerInvocation(FlightsData.SIZE)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public RunningMetrics runningObserve() {
        for (int i = 0; i < scores.length; i++) {
            running.observe(scores[i], labels[i], 1.0);
        }
        return running;
    }

    /** Per example: the ring buffer of the sliding window, with its periodic re-summing. */
    @Benchmark
    @OperationsPerInvocation(FlightsData.SIZE)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public WindowMetrics windowObserve() {
        for (int i = 0; i < scores.length; i++) {
            window.observe(scores[i], labels[i], 1.0);
        }
        return window;
    }

    /** Baseline, per read: one example, then the metrics with the histogram AUC. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Metrics runningMetrics() {
        int i = advance();
        running.observe(scores[i], labels[i], 1.0);
        return running.metrics();
    }

    /** Per read: one example, then the metrics with the exact AUC over the window. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Metrics windowMetrics() {
        int i = advance();
        window.observe(scores[i], labels[i], 1.0);
        return window.metrics();
    }

    private int advance() {
        int i = next;
        next = i + 1 == scores.length ? 0 : i + 1;
        return i;
    }
}
