package dev.tributary.trainer.experiment;

import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.TrainingRange;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.trainer.model.OnlineModel;
import dev.tributary.trainer.model.OnlineModels;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** One model of an experiment, with its role, its latest published version and what it learned. */
final class ModelSlot {

    private static final long NONE = Long.MIN_VALUE;

    final ModelConfig config;
    final Arm arm;
    final OnlineModel model;
    long version;
    long firstEventTime = NONE;
    long lastEventTime = NONE;
    long trained;
    long trainedAtLastPublication;

    private ModelSlot(ModelConfig config, Arm arm, OnlineModel model) {
        this.prediction = new double[model.outputs()];
        this.config = config;
        this.arm = arm;
        this.model = model;
    }

    static ModelSlot create(ModelConfig config, Arm arm, FeatureSpace space, int cudaDevice) {
        return new ModelSlot(config, arm, OnlineModels.create(config, space, cudaDevice));
    }

    ModelRef ref() {
        return new ModelRef(config.id(), version, arm);
    }

    /** Scratch for the model's prediction of one example. */
    final double[] prediction;

    void train(LabelledExample example) {
        model.train(example.features(), example.label(), example.weight(), example.eventTime());
        if (firstEventTime == NONE) {
            firstEventTime = example.eventTime();
        }
        lastEventTime = example.eventTime();
        trained++;
    }

    boolean hasLearnedSinceLastPublication() {
        return trained > trainedAtLastPublication;
    }

    TrainingRange trainingRange() {
        return new TrainingRange(
                firstEventTime == NONE ? 0 : firstEventTime,
                lastEventTime == NONE ? 0 : lastEventTime,
                trained);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeUTF(config.id());
        out.writeLong(version);
        out.writeLong(firstEventTime);
        out.writeLong(lastEventTime);
        out.writeLong(trained);
        out.writeLong(trainedAtLastPublication);
        model.writeTo(out);
    }

    /** Reads a slot; its id was already read by the caller to match it with the configuration. */
    static ModelSlot read(
            DataInput in, ModelConfig config, Arm arm, FeatureSpace space, int cudaDevice)
            throws IOException {
        long version = in.readLong();
        long first = in.readLong();
        long last = in.readLong();
        long trained = in.readLong();
        long trainedAtLastPublication = in.readLong();
        ModelSlot slot =
                new ModelSlot(config, arm, OnlineModels.read(config, space, in, cudaDevice));
        slot.version = version;
        slot.firstEventTime = first;
        slot.lastEventTime = last;
        slot.trained = trained;
        slot.trainedAtLastPublication = trainedAtLastPublication;
        return slot;
    }
}
