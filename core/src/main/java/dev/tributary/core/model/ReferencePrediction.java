package dev.tributary.core.model;

import java.util.Objects;

/**
 * The in-job prediction of a just-published model version on one recent example, with the example's
 * features. Anyone can load the version's ONNX file and check that it reproduces these scores: the
 * proof that what serves outside the job is what was trained inside it.
 *
 * @param experiment the experiment
 * @param modelId the model
 * @param modelVersion the published version
 * @param id the example's event id
 * @param features the example's model input
 * @param score the in-job prediction of exactly that version
 */
public record ReferencePrediction(
        String experiment,
        String modelId,
        long modelVersion,
        String id,
        FeatureVector features,
        double score) {

    public ReferencePrediction {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(features, "features");
    }
}
