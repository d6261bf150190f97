package dev.tributary.trainer.model;

import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.model.FeatureVector;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A model that learns one example at a time: the training operator predicts on each labelled
 * example (the test step), then trains on it.
 *
 * <p>Implementations are deterministic: the same sequence of calls yields the same predictions and
 * the same serialized state bit for bit, on any JVM. They are not thread-safe; the operator owns a
 * model and calls it from one thread.
 */
public interface OnlineModel extends AutoCloseable {

    /** The configuration this model was created with. */
    ModelConfig config();

    /** The shape of the vectors this model accepts. */
    FeatureSpace featureSpace();

    /**
     * The probability that the label is 1, in double precision.
     *
     * @throws IllegalArgumentException if the dense part does not have the feature space's length
     * @throws IndexOutOfBoundsException if a sparse index lies outside the feature space
     */
    double predict(FeatureVector x);

    /** The numbers {@link #predictAll} writes: one, or one per class of a multiclass model. */
    default int outputs() {
        return 1;
    }

    /**
     * The whole prediction: the probability of label 1 (binary), one probability per class
     * (multiclass) or the value (regression). {@link #predict} is its score: the probability, the
     * value, or the most likely class.
     */
    default void predictAll(FeatureVector x, double[] prediction) {
        prediction[0] = predict(x);
    }

    /**
     * Learns from one example. Validates the whole example before changing any state, so that a
     * rejected example leaves the model as it was.
     *
     * @param label the target in {@code [0, 1]}
     * @param weight the example's weight, finite and {@code >= 0}; weight 0 changes nothing
     * @throws IllegalArgumentException if the example, label or weight is invalid
     */
    void train(FeatureVector x, double label, double weight);

    /**
     * Learns from one example that happened at {@code eventTime} (epoch milliseconds). A model that
     * trains in mini-batches reads the time to bound a batch's latency; others ignore it.
     */
    default void train(FeatureVector x, double label, double weight, long eventTime) {
        train(x, label, weight);
    }

    /**
     * An immutable snapshot of the current parameters, whose {@link ServingModel#predict} returns
     * bit for bit what {@link #predict} returns now, and keeps doing so while this model trains on.
     */
    ServingModel freeze();

    /**
     * What runs the training steps, for provenance: {@code java}, {@code onnx-cpu} or {@code
     * onnx-cuda}.
     */
    default String backendName() {
        return "java";
    }

    /** Releases native resources a backend holds; the model must not be used afterwards. */
    @Override
    default void close() {}

    /** The number of examples trained on with a positive weight. */
    long examplesTrained();

    /**
     * Writes the complete state, so that {@link OnlineModels#read} restores a model that continues
     * exactly as this one would. The format starts with a format version int and holds no
     * hyperparameters: those come from the configuration at restore.
     */
    void writeTo(DataOutput out) throws IOException;
}
