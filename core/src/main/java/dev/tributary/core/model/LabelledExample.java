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
 * @param label the target (0 or 1 for binary models)
 * @param weight the example's weight in training and evaluation
 */
public record LabelledExample(
        String id,
        String experiment,
        String entityKey,
        long eventTime,
        FeatureVector features,
        double label,
        double weight) {

    public LabelledExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(features, "features");
        entityKey = entityKey == null ? "" : entityKey;
    }
}
