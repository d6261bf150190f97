package dev.tributary.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A frozen copy of one model's current parameters, sent from the training operator to the in-job
 * scorer as soon as it is taken (no checkpoint, no registry round trip), so that serving follows
 * learning closely. It is not a published version: {@code version} is the latest published version
 * the parameters descend from, and {@code examplesTrained} says how much they learned since the
 * start.
 *
 * @param experiment the experiment
 * @param modelId the model
 * @param version the latest published version (0 before the first publication)
 * @param arm the model's role when the snapshot was taken
 * @param examplesTrained examples the model had learned from
 * @param eventTime event time of the last example learned from, epoch milliseconds
 * @param model the serialized serving model (the trainer's {@code ServingModel.writeTo})
 * @param learnedLabels when the labels learned since the previous snapshot arrived, for the
 *     freshness measurement (the champion's snapshots carry them) * @param split the experiment's
 *     traffic split when the snapshot was taken; {@code null} for an experiment without automatic
 *     rollout, whose configured champion serves everything
 */
public record ServingSnapshot(
        String experiment,
        String modelId,
        long version,
        Arm arm,
        long examplesTrained,
        long eventTime,
        byte[] model,
        LabelArrivals learnedLabels,
        TrafficSplit split) {

    public ServingSnapshot {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(arm, "arm");
        Objects.requireNonNull(model, "model");
        learnedLabels = learnedLabels == null ? LabelArrivals.NONE : learnedLabels;
    }

    /** A snapshot without label arrivals. */
    public ServingSnapshot(
            String experiment,
            String modelId,
            long version,
            Arm arm,
            long examplesTrained,
            long eventTime,
            byte[] model) {
        this(experiment, modelId, version, arm, examplesTrained, eventTime, model, null, null);
    }

    /** A snapshot of an experiment without automatic rollout. */
    public ServingSnapshot(
            String experiment,
            String modelId,
            long version,
            Arm arm,
            long examplesTrained,
            long eventTime,
            byte[] model,
            LabelArrivals learnedLabels) {
        this(
                experiment,
                modelId,
                version,
                arm,
                examplesTrained,
                eventTime,
                model,
                learnedLabels,
                null);
    }

    /** The same snapshot under another traffic split. */
    public ServingSnapshot withSplit(TrafficSplit newSplit) {
        return new ServingSnapshot(
                experiment,
                modelId,
                version,
                arm,
                examplesTrained,
                eventTime,
                model,
                learnedLabels,
                newSplit);
    }

    /** The same snapshot, carrying the arrivals of the labels it learned since the previous. */
    public ServingSnapshot withLearnedLabels(LabelArrivals arrivals) {
        return new ServingSnapshot(
                experiment,
                modelId,
                version,
                arm,
                examplesTrained,
                eventTime,
                model,
                arrivals,
                split);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServingSnapshot other
                && experiment.equals(other.experiment)
                && modelId.equals(other.modelId)
                && version == other.version
                && arm == other.arm
                && examplesTrained == other.examplesTrained
                && eventTime == other.eventTime
                && Arrays.equals(model, other.model)
                && learnedLabels.equals(other.learnedLabels)
                && Objects.equals(split, other.split);
    }

    @Override
    public int hashCode() {
        return Objects.hash(experiment, modelId, version, arm, examplesTrained, eventTime)
                + 31 * Arrays.hashCode(model);
    }

    @Override
    public String toString() {
        return "ServingSnapshot["
                + experiment
                + "/"
                + modelId
                + " v"
                + version
                + " "
                + arm
                + ", "
                + examplesTrained
                + " examples, "
                + model.length
                + " bytes]";
    }
}
