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
import java.util.List;

/**
 * One model of an experiment, with its role, the configuration it was built from, its latest
 * published version and what its current parameters learned from.
 */
final class ModelSlot {

    private static final long NONE = Long.MIN_VALUE;

    final ModelConfig config;

    /**
     * The id of the configuration the slot was built from: its own id for a configured model, the
     * template's for a challenger started by a retrain (which is not in the configured models).
     */
    final String template;

    Arm arm;
    OnlineModel model;
    long version;
    long firstEventTime = NONE;
    long lastEventTime = NONE;
    long trained;
    long trainedAtLastPublication;

    /** Scratch for the model's prediction of one example. */
    final double[] prediction;

    private ModelSlot(ModelConfig config, String template, Arm arm, OnlineModel model) {
        this.prediction = new double[model.outputs()];
        this.config = config;
        this.template = template;
        this.arm = arm;
        this.model = model;
    }

    /** A slot around a model, built from {@code template}, that has learned nothing yet. */
    static ModelSlot of(ModelConfig config, String template, Arm arm, OnlineModel model) {
        return new ModelSlot(config, template, arm, model);
    }

    /** A configured model with fresh parameters. */
    static ModelSlot create(ModelConfig config, Arm arm, FeatureSpace space, int cudaDevice) {
        return new ModelSlot(
                config, config.id(), arm, OnlineModels.create(config, space, cudaDevice));
    }

    String id() {
        return config.id();
    }

    ModelRef ref() {
        return new ModelRef(config.id(), version, arm);
    }

    void train(LabelledExample example) {
        model.train(example.features(), example.label(), example.weight(), example.eventTime());
        if (firstEventTime == NONE) {
            firstEventTime = example.eventTime();
        }
        lastEventTime = example.eventTime();
        trained++;
    }

    /** Trains on each example in order: a replay, before the model is judged on the stream. */
    void replay(List<LabelledExample> examples) {
        for (LabelledExample example : examples) {
            train(example);
        }
    }

    /**
     * Takes over what {@code from}'s parameters learned from, for a copy of its parameters: the
     * copy descends from the same examples.
     */
    void inheritTrainingRange(ModelSlot from) {
        firstEventTime = from.firstEventTime;
        lastEventTime = from.lastEventTime;
        trained = from.trained;
    }

    /**
     * Replaces the parameters with {@code fresh} ones, closing the old model: what they learned is
     * forgotten, the published versions stay (the next one descends from the latest).
     */
    void replaceModel(OnlineModel fresh) {
        model.close();
        model = fresh;
        firstEventTime = NONE;
        lastEventTime = NONE;
        trained = 0;
        trainedAtLastPublication = 0;
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

    /** Format 1: the id, then the body. */
    void writeTo(DataOutput out) throws IOException {
        out.writeUTF(config.id());
        writeBody(out);
    }

    /** Format 2: the id, the template id and the arm, then the body. */
    void writeWithRoleTo(DataOutput out) throws IOException {
        out.writeUTF(config.id());
        out.writeUTF(template);
        out.writeUTF(arm.name());
        writeBody(out);
    }

    private void writeBody(DataOutput out) throws IOException {
        out.writeLong(version);
        out.writeLong(firstEventTime);
        out.writeLong(lastEventTime);
        out.writeLong(trained);
        out.writeLong(trainedAtLastPublication);
        model.writeTo(out);
    }

    /**
     * Reads a slot's body; its id (and in format 2 its template and arm) were already read by the
     * caller to match it with the configuration.
     */
    static ModelSlot read(
            DataInput in,
            ModelConfig config,
            String template,
            Arm arm,
            FeatureSpace space,
            int cudaDevice)
            throws IOException {
        long version = in.readLong();
        long first = in.readLong();
        long last = in.readLong();
        long trained = in.readLong();
        long trainedAtLastPublication = in.readLong();
        ModelSlot slot =
                new ModelSlot(
                        config, template, arm, OnlineModels.read(config, space, in, cudaDevice));
        slot.version = version;
        slot.firstEventTime = first;
        slot.lastEventTime = last;
        slot.trained = trained;
        slot.trainedAtLastPublication = trainedAtLastPublication;
        return slot;
    }
}
