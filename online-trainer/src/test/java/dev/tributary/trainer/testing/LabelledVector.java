package dev.tributary.trainer.testing;

import dev.tributary.core.model.FeatureVector;

/** A feature vector with its binary label, as the test streams produce them. */
public record LabelledVector(FeatureVector x, double label) {}
