package dev.tributary.core.supervision;

import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.TrafficSplit;
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
     *
     * <p>A prediction holding a non-finite value is not an error of the caller: it is the sign of a
     * model whose parameters are no longer finite. A supervisor must not throw on it; one that
     * rolls models out answers with a {@link DecisionKind#ROLLBACK} of that model at the next
     * {@link #decide}.
     */
    void observe(ModelRef model, LabelledExample example, double[] prediction);

    /**
     * Decides, after all models observed {@code example}, what the operator does next. Returns an
     * empty list when nothing is to be done.
     */
    List<Decision> decide(LabelledExample example);

    /** Tells the supervisor that the operator published a new version of a model. */
    void published(String modelId, long version);

    /**
     * Applies a manual command at the given event time (the latest the experiment has seen) and
     * returns the decisions it leads to, to be carried out like those of {@link #decide}: at least
     * one, a {@link DecisionKind#REJECT} saying why when it cannot be carried out. A supervisor
     * that rolls nothing out rejects every command.
     */
    default List<Decision> command(ControlCommand command, long eventTime, long examples) {
        return List.of(
                new Decision(
                        command.experiment(),
                        DecisionKind.REJECT,
                        command.modelId(),
                        0,
                        eventTime,
                        examples,
                        command.kind().commandName()
                                + " (command "
                                + command.id()
                                + "): experiment "
                                + command.experiment()
                                + " has no automatic retraining configured",
                        "",
                        null,
                        Double.NaN,
                        null));
    }

    /**
     * Who serves the experiment's traffic now, following the decisions returned so far; {@code
     * null} for a supervisor that rolls nothing out (the configured champion serves everything).
     */
    default TrafficSplit traffic() {
        return null;
    }

    /**
     * The population stability of every dense input feature, in vector order; empty for a
     * supervisor that does not watch its input.
     */
    default FeatureStability[] featureDrift() {
        return new FeatureStability[0];
    }

    /** The current evaluation of every model it has observed, in the order first observed. */
    List<ModelEvaluation> evaluations();

    /** Writes the complete state, versioned, so that {@link SupervisorFactory#read} restores it. */
    void writeTo(DataOutput out) throws IOException;
}
