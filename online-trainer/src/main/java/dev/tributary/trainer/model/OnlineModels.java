package dev.tributary.trainer.model;

import dev.tributary.core.config.Device;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import java.io.DataInput;
import java.io.IOException;

/** Creates and restores models by family: the one place that maps a family to its classes. */
public final class OnlineModels {

    private OnlineModels() {}

    /**
     * Whether a model is the classic sparse click-through model, logistic regression trained with
     * FTRL-Proximal one example at a time in Java: {@link LogisticRegression} trains it without any
     * batch layout, as fast as it gets, and with the state format of the first releases. Every
     * other configuration trains as a {@link MiniBatchModel}.
     */
    static boolean isPerExampleLogistic(ModelConfig config) {
        return config.family() == ModelFamily.LOGISTIC
                && config.optimizer() instanceof FtrlConfig
                && config.device() == Device.CPU
                && config.batch().size() == 1;
    }

    /**
     * Whether a model of {@code to} can continue from the state a model of {@code from} wrote
     * ({@link OnlineModel#writeTo}, then {@link #read} under {@code to}): same family, shape,
     * optimizer type, device and state layout, so that parameters and optimizer state carry over as
     * they are and only hyperparameters (read from {@code to}) differ. How a challenger starts warm
     * from its champion.
     */
    public static boolean canContinueFrom(ModelConfig from, ModelConfig to) {
        return from.family() == to.family()
                && from.shape().equals(to.shape())
                && from.optimizer().getClass() == to.optimizer().getClass()
                && from.device() == to.device()
                && isPerExampleLogistic(from) == isPerExampleLogistic(to);
    }

    /** A fresh model for a model slot, on CUDA device 0 if it trains on a GPU. */
    public static OnlineModel create(ModelConfig config, FeatureSpace space) {
        return create(config, space, 0);
    }

    /**
     * A fresh model for a model slot.
     *
     * @param cudaDevice the CUDA device a model with {@code device: cuda} or {@code auto} uses
     */
    public static OnlineModel create(ModelConfig config, FeatureSpace space, int cudaDevice) {
        return isPerExampleLogistic(config)
                ? new LogisticRegression(config, space)
                : new MiniBatchModel(config, space, cudaDevice);
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
        return read(config, space, in, 0);
    }

    /** As {@link #read(ModelConfig, FeatureSpace, DataInput)}, on a given CUDA device. */
    public static OnlineModel read(
            ModelConfig config, FeatureSpace space, DataInput in, int cudaDevice)
            throws IOException {
        return isPerExampleLogistic(config)
                ? LogisticRegression.read(config, space, in)
                : MiniBatchModel.read(config, space, in, cudaDevice);
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
        if (header.family().equals(NetworkServingModel.KIND)) {
            return NetworkServingModel.readBody(in);
        }
        throw new IOException("unknown serving model family '" + header.family() + "'");
    }
}
