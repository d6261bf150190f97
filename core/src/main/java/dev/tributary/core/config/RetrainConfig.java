package dev.tributary.core.config;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Automatic retraining of an experiment: when to start challengers ({@link RetrainPolicy}), which
 * detector watches for drift ({@link DriftConfig}), how challengers are rolled out ({@link
 * RolloutPlan}), and what they are built from.
 *
 * <p>A retrain starts one challenger per template, all at once, each with its own rollout: the
 * champion's own configuration when {@code challengers} is empty, otherwise each of them (for
 * example the champion's family with other hyperparameters). A challenger is named {@code <template
 * id>-r<n>}, {@code n} counting the experiment's retrains. While any challenger is in rollout no
 * further retrain starts; once one is promoted the others are rolled back.
 *
 * @param policy when to retrain
 * @param drift the detector the policy's drift trigger reads
 * @param rollout how each challenger goes from shadow to champion
 * @param challengers the templates of the challengers a retrain starts; empty for the champion's
 *     configuration
 */
public record RetrainConfig(
        RetrainPolicy policy, DriftConfig drift, RolloutPlan rollout, List<ModelConfig> challengers)
        implements Serializable {

    public RetrainConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(rollout, "rollout");
        challengers = List.copyOf(challengers);
        double largestStep = rollout.canarySteps().get(rollout.canarySteps().size() - 1);
        int concurrent = Math.max(1, challengers.size());
        if (concurrent * largestStep >= 1) {
            throw new IllegalArgumentException(
                    "rollout.canary: "
                            + concurrent
                            + " challengers at up to "
                            + largestStep
                            + " of traffic each leave the champion nothing; expected the"
                            + " challengers times the largest canary step to be < 1");
        }
    }

    /** Every default, with the champion's configuration as the only template. */
    public static RetrainConfig defaults() {
        return new RetrainConfig(
                RetrainPolicy.defaults(), DriftConfig.DEFAULT, RolloutPlan.defaults(), List.of());
    }
}
