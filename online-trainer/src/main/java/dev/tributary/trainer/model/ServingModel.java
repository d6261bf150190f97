package dev.tributary.trainer.model;

import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.InputStatistics;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * An immutable, frozen model: what is published, shipped to the scorer and exported to ONNX.
 * Thread-safe.
 */
public interface ServingModel {

    /**
     * The score: the probability that the label is 1 (binary), the value (regression) or the most
     * likely class (multiclass), bit for bit what the live model returned when it was frozen.
     *
     * @throws IllegalArgumentException if the dense part does not have the expected length
     * @throws IndexOutOfBoundsException if a sparse index lies outside the feature space
     */
    double predict(FeatureVector x);

    /**
     * The model as ONNX bytes computing the same prediction in double precision. The bytes are a
     * function of the parameters and the metadata only, so the same model gives the same bytes.
     *
     * @param metadata stored as the model's {@code metadata_props}, in key order
     */
    byte[] toOnnx(Map<String, String> metadata);

    /**
     * Whether every learned parameter is finite. A model that is not predicts NaN or saturates for
     * good, so it is neither published nor served; the supervisor rolls it back instead.
     */
    boolean isFinite();

    /** The statistics the model prepares its dense inputs with, as frozen. */
    InputStatistics inputStatistics();

    /** Per category field with a learned vocabulary, how many values were in it when frozen. */
    Map<String, Long> vocabularyAdmitted();

    /**
     * Writes the model, versioned, so that {@link OnlineModels#readServing} restores an equal one.
     */
    void writeTo(DataOutput out) throws IOException;
}
