package dev.tributary.benchmarks;

import dev.tributary.core.model.Sha256;
import dev.tributary.trainer.model.LinearServingModel;
import dev.tributary.trainer.model.LogisticRegression;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of publishing a model version of a {@code 2^18}-coordinate logistic regression trained
 * on the 60,000 flights: {@code freeze()} alone (the baseline: one pass over the FTRL state into a
 * dense weight array), {@code toOnnx()} of a frozen model alone, {@code freeze()} then {@code
 * toOnnx()} (a publication), and a publication with the SHA-256 of the ONNX bytes, as the
 * experiment learner computes it for the model version record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PublicationKernels {

    private LogisticRegression model;
    private LinearServingModel frozen;
    private Map<String, String> metadata;

    @Setup(Level.Trial)
    public void setUp() {
        model = FlightsData.load().trainedModel(FlightsData.SIZE);
        frozen = model.freeze();
        // The keys the experiment learner writes, with values of a typical size.
        metadata = new LinkedHashMap<>();
        metadata.put("tributary.experiment", "flights");
        metadata.put("tributary.model", "logreg-ftrl");
        metadata.put("tributary.version", "7");
        metadata.put("tributary.parent_version", "6");
        metadata.put("tributary.family", "logistic");
        metadata.put("tributary.optimizer", "ftrl");
        metadata.put("tributary.config_hash", "0".repeat(64));
        metadata.put("tributary.code_version", "0.1.0-SNAPSHOT");
        metadata.put("tributary.seed", "1");
        metadata.put("tributary.examples", Long.toString(model.examplesTrained()));
        metadata.put("tributary.first_event_time", "978307200000");
        metadata.put("tributary.last_event_time", "978566400000");
        metadata.put("tributary.dense_features", "log1p_distance");
    }

    /** Baseline: a frozen copy of the parameters. */
    @Benchmark
    public LinearServingModel freeze() {
        return model.freeze();
    }

    /** The ONNX encoding of an already frozen model. */
    @Benchmark
    public byte[] toOnnx() {
        return frozen.toOnnx(metadata);
    }

    /** A publication: freeze, then encode as ONNX. */
    @Benchmark
    public byte[] freezeAndToOnnx() {
        return model.freeze().toOnnx(metadata);
    }

    /** A publication and the SHA-256 of its bytes, which names the version in the registry. */
    @Benchmark
    public String freezeToOnnxAndSha256() {
        return Sha256.hex(model.freeze().toOnnx(metadata));
    }
}
