package dev.tributary.core.supervision;

import dev.tributary.core.model.Decision;
import dev.tributary.core.model.LabelledExample;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * Judges the models of one experiment on the labelled stream and decides what happens to them.
 *
 * <p>One instance per experiment. It lives inside the training operator's keyed state, so its state
 * is checkpointed together with the models it judges. For every labelled example the operator
 * calls, in this order: {@link #observe} once per model (the test step, before the model trains on
 * the example), then {@link #decide} once, then trains. Implementations must be deterministic: the
 * same calls produce the same decisions and the same serialized state.
 */
public interface Supervisor {

    /**
     * Records what a model predicted for an example before training on it: the probability of label
     * 1 (binary), one probability per class (multiclass) or the value (regression).
     */
    void observe(ModelRef model, LabelledExample example, double[] prediction);

    /**
     * Decides, after all models observed {@code example}, what the operator does next. Returns an
     * empty list when nothing is to be done.
     */
    List<Decision> decide(LabelledExample example);

    /** Tells the supervisor that the operator published a new version of a model. */
    void published(String modelId, long version);

    /** The current evaluation of every model it has observed, in the order first observed. */
    List<ModelEvaluation> evaluations();

    /** Writes the complete state, versioned, so that {@link SupervisorFactory#read} restores it. */
    void writeTo(DataOutput out) throws IOException;
}
