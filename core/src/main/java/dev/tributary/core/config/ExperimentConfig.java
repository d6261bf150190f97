package dev.tributary.core.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
 * @param retrain automatic retraining and rollout, {@code null} when off: the models then keep the
 *     roles they are configured with (the first the champion, the others shadows judged beside it)
 */
public record ExperimentConfig(
        String name,
        FeatureSpace featureSpace,
        List<ModelConfig> models,
        EvaluationConfig evaluation,
        long publishEveryExamples,
        RetrainConfig retrain)
        implements Serializable {

    /** An experiment without automatic retraining. */
    public ExperimentConfig(
            String name,
            FeatureSpace featureSpace,
            List<ModelConfig> models,
            EvaluationConfig evaluation,
            long publishEveryExamples) {
        this(name, featureSpace, models, evaluation, publishEveryExamples, null);
    }

    public ExperimentConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(featureSpace, "featureSpace");
        Objects.requireNonNull(evaluation, "evaluation");
        models = List.copyOf(models);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("an experiment needs at least one model");
        }
        ModelShape first = models.get(0).shape();
        List<ModelConfig> all = new ArrayList<>(models);
        if (retrain != null) {
            all.addAll(retrain.challengers());
        }
        if (retrain != null) {
            // Challengers are found by id: a template must not shadow a model or another template.
            Set<String> ids = new HashSet<>();
            models.forEach(m -> ids.add(m.id()));
            for (ModelConfig template : retrain.challengers()) {
                if (!ids.add(template.id())) {
                    throw new IllegalArgumentException(
                            "experiment "
                                    + name
                                    + " has two models or challenger templates with id "
                                    + template.id());
                }
            }
        }
        if (retrain != null
                && first.objective().task() == Task.REGRESSION
                && !retrain.drift().detector().readsRealValues()) {
            throw new IllegalArgumentException(
                    "retrain.drift.detector: "
                            + retrain.drift().detector().yamlName()
                            + " reads 0/1 errors and cannot watch a regression; expected adwin or"
                            + " page-hinkley");
        }
        for (ModelConfig model : all) {
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
                name, featureSpace, newModels, evaluation, publishEveryExamples, retrain);
    }

    /** The same experiment with other retraining, {@code null} for none. */
    public ExperimentConfig withRetrain(RetrainConfig newRetrain) {
        return new ExperimentConfig(
                name, featureSpace, models, evaluation, publishEveryExamples, newRetrain);
    }

    /** Whether challengers are started and rolled out automatically. */
    public boolean retrains() {
        return retrain != null;
    }

    /**
     * The configuration a model of this experiment was built from, by id: a configured model, or a
     * challenger template; {@code null} for none.
     */
    public ModelConfig template(String id) {
        for (ModelConfig model : models) {
            if (model.id().equals(id)) {
                return model;
            }
        }
        if (retrain != null) {
            for (ModelConfig model : retrain.challengers()) {
                if (model.id().equals(id)) {
                    return model;
                }
            }
        }
        return null;
    }

    public ModelConfig champion() {
        return models.get(0);
    }
}
