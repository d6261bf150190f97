package dev.tributary.trainer.model;

import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.ModelConfig;
import java.io.DataInput;
import java.io.IOException;

/** Creates and restores models by family: the one place that maps a family to its classes. */
public final class OnlineModels {

    private OnlineModels() {}

    /** A fresh model for a model slot. */
    public static OnlineModel create(ModelConfig config, FeatureSpace space) {
        return switch (config.family()) {
            case LOGISTIC -> new LogisticRegression(config, space);
        };
    }

    /**
     * A model restored from what {@link OnlineModel#writeTo} wrote, continuing exactly where it
     * left off. Hyperparameters come from {@code config}, not from the state.
     *
     * @throws IOException on an unknown format version, a state of another family, or a state
     *     written for another feature space
     */
    public static OnlineModel read(ModelConfig config, FeatureSpace space, DataInput in)
            throws IOException {
        return switch (config.family()) {
            case LOGISTIC -> LogisticRegression.read(config, space, in);
        };
    }

    /**
     * A serving model restored from what {@link ServingModel#writeTo} wrote.
     *
     * @throws IOException on an unknown format version or model family
     */
    public static ServingModel readServing(DataInput in) throws IOException {
        StateFormat.Header header =
                StateFormat.readHeader(in, StateFormat.SERVING_VERSION, "serving model");
        if (header.family().equals(LogisticRegression.FAMILY)) {
            return LinearServingModel.readBody(in, header.version());
        }
        throw new IOException("unknown serving model family '" + header.family() + "'");
    }
}
