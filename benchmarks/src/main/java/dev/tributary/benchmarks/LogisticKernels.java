package dev.tributary.benchmarks;

import dev.tributary.core.model.FeatureVector;
import dev.tributary.trainer.model.LogisticRegression;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-example cost of FTRL-Proximal logistic regression on the 60,000 flights: {@link
 * LogisticRegression#predict} (the baseline), {@link LogisticRegression#train}, and both in turn,
 * the prequential step the training operator takes for every labelled example.
 *
 * <p>The model has seen one pass over the flights before measuring starts, so that weights are
 * non-zero as in a running job; the training benchmarks then keep training pass after pass, which
 * costs the same per example as the first pass (every step touches the same five sparse
 * coordinates, one dense one and the bias).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LogisticKernels {

    private FeatureVector[] vectors;
    private double[] labels;
    private LogisticRegression model;

    @Setup(Level.Trial)
    public void setUp() {
        FlightsData flights = FlightsData.load();
        vectors = flights.vectors;
        labels = flights.labels;
        model = flights.trainedModel(FlightsData.SIZE);
    }

    /** Baseline: the probability of every flight. */
    @Benchmark
    @OperationsPerInvocation(FlightsData.SIZE)
    public void predict(Blackhole blackhole) {
        for (FeatureVector x : vectors) {
            blackhole.consume(model.predict(x));
        }
    }

    /** One FTRL-Proximal step per flight. */
    @Benchmark
    @OperationsPerInvocation(FlightsData.SIZE)
    public void train() {
        for (int i = 0; i < vectors.length; i++) {
            model.train(vectors[i], labels[i], 1.0);
        }
    }

    /** Predict, then train: the prequential step of the training operator. */
    @Benchmark
    @OperationsPerInvocation(FlightsData.SIZE)
    public void predictThenTrain(Blackhole blackhole) {
        for (int i = 0; i < vectors.length; i++) {
            blackhole.consume(model.predict(vectors[i]));
            model.train(vectors[i], labels[i], 1.0);
        }
    }
}
