package dev.tributary.core.model;

import java.util.Objects;

/**
 * A featurized event with its label: what the training operator predicts on, judges and trains on,
 * in that order.
 *
 * @param id the event id
 * @param experiment the experiment the example belongs to (the training operator's key)
 * @param entityKey the entity (user, account, airport, ...) the event is about; routes serving
 *     traffic
 * @param eventTime epoch milliseconds
 * @param features the model input
 * @param label the target (0 or 1 for binary models), or {@code NaN} while not known
 * @param weight the example's weight in training and evaluation
 * @param labelledAt wall-clock epoch milliseconds when the job learned the label, or {@link
 *     #NOT_LABELLED} before that: the start of the freshness measurement. It never affects
 *     training, which depends on the data alone.
 * @param slice the value of the experiment's slice field ({@code evaluation.slices.by}) that the
 *     example's metrics are also counted under; empty when the experiment slices nothing
 */
public record LabelledExample(
        String id,
        String experiment,
        String entityKey,
        long eventTime,
        FeatureVector features,
        double label,
        double weight,
        long labelledAt,
        String slice) {

    public LabelledExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(features, "features");
        entityKey = entityKey == null ? "" : entityKey;
        slice = slice == null ? "" : slice;
    }

    /** An example in no slice. */
    public LabelledExample(
            String id,
            String experiment,
            String entityKey,
            long eventTime,
            FeatureVector features,
            double label,
            double weight,
            long labelledAt) {
        this(id, experiment, entityKey, eventTime, features, label, weight, labelledAt, "");
    }

    /** The value of {@link #label} for an example whose label is not known yet. */
    public static final double NO_LABEL = Double.NaN;

    /** The value of {@link #labelledAt} before the label is known, or when it was not recorded. */
    public static final long NOT_LABELLED = Long.MIN_VALUE;

    /** An example whose label's arrival is not recorded. */
    public LabelledExample(
            String id,
            String experiment,
            String entityKey,
            long eventTime,
            FeatureVector features,
            double label,
            double weight) {
        this(id, experiment, entityKey, eventTime, features, label, weight, NOT_LABELLED);
    }

    public boolean hasLabel() {
        return !Double.isNaN(label);
    }

    /** The same example with its label, once known. */
    public LabelledExample withLabel(double newLabel) {
        return new LabelledExample(
                id,
                experiment,
                entityKey,
                eventTime,
                features,
                newLabel,
                weight,
                labelledAt,
                slice);
    }

    /** The same example with other features (e.g. its entity features filled in). */
    public LabelledExample withFeatures(FeatureVector newFeatures) {
        return new LabelledExample(
                id,
                experiment,
                entityKey,
                eventTime,
                newFeatures,
                label,
                weight,
                labelledAt,
                slice);
    }

    /** The same example, recording when the job learned its label. */
    public LabelledExample withLabelledAt(long wallClockMillis) {
        return new LabelledExample(
                id,
                experiment,
                entityKey,
                eventTime,
                features,
                label,
                weight,
                wallClockMillis,
                slice);
    }

    /** The same example counted under a slice. */
    public LabelledExample withSlice(String newSlice) {
        return new LabelledExample(
                id,
                experiment,
                entityKey,
                eventTime,
                features,
                label,
                weight,
                labelledAt,
                newSlice);
    }
}
