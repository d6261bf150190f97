package dev.tributary.core.config;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * One experiment: the models trained side by side on the same labelled stream, how they are judged
 * and when they are published. The first model is the champion.
 *
 * @param name the experiment name, also the training operator's key
 * @param featureSpace the input every model of the experiment consumes
 * @param models the model slots, champion first; at least one
 * @param evaluation how models are evaluated
 * @param publishEveryExamples publish a new version of every model after this many labelled
 *     examples
 */
public record ExperimentConfig(
        String name,
        FeatureSpace featureSpace,
        List<ModelConfig> models,
        EvaluationConfig evaluation,
        long publishEveryExamples)
        implements Serializable {

    public ExperimentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(featureSpace, "featureSpace");
        Objects.requireNonNull(evaluation, "evaluation");
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one model");
        }
        ModelShape first = models.get(0).shape();
        for (ModelConfig model : models) {
            ModelShape shape = model.shape();
            if (shape.objective().task() != first.objective().task()
                    || shape.outputs() != first.outputs()) {
                throw new IllegalArgumentException(
                        "every model of experiment "
                                + name
                                + " must learn the same label: "
                                + model.id()
                                + " is "
                                + shape.objective().yamlName()
                                + " with "
                                + shape.outputs()
                                + " outputs, "
                                + models.get(0).id()
                                + " "
                                + first.objective().yamlName()
                                + " with "
                                + first.outputs()
                                + " outputs");
            }
        }
    }

    /** What the experiment's models learn: the same task for all of them. */
    public Task task() {
        return champion().shape().objective().task();
    }

    /** The number of classes of a multiclass task; 1 otherwise. */
    public int classes() {
        return champion().shape().outputs();
    }

    /** The same experiment with other model slots. */
    public ExperimentConfig withModels(List<ModelConfig> newModels) {
        return new ExperimentConfig(
                name, featureSpace, newModels, evaluation, publishEveryExamples);
    }

    public ModelConfig champion() {
        return models.get(0);
    }
}
