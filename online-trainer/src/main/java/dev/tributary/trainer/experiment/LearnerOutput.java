package dev.tributary.trainer.experiment;

import dev.tributary.core.model.Decision;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ReferencePrediction;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.core.supervision.ExperimentStatus;

/**
 * Where an {@link ExperimentLearner} sends what it produces; the operator maps these to streams.
 */
public interface LearnerOutput {

    /** A model's test-step prediction for a labelled example. */
    void prediction(Prediction prediction);

    /** A decision the supervisor made and the learner carried out. */
    void decision(Decision decision);

    /** A newly published model version. */
    void artifact(ModelArtifact artifact);

    /** The in-job score of a just-published version on a recent example. */
    void reference(ReferencePrediction reference);

    /** A progress report. */
    void status(ExperimentStatus status);

    /** A model's current parameters for the in-job scorer. Outputs that serve nothing ignore it. */
    default void serving(ServingSnapshot snapshot) {}
}
