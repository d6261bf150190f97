package dev.tributary.trainer.experiment;

import dev.tributary.core.config.EvaluationConfig;
import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded synthetic labelled streams and a small experiment to learn them. */
public final class TestingStreams {

    private TestingStreams() {}

    public static ExperimentConfig experiment(String name, long publishEvery) {
        return experiment(
                name,
                publishEvery,
                List.of(
                        new ModelConfig("champion", ModelFamily.LOGISTIC, FtrlConfig.DEFAULTS, 0),
                        new ModelConfig(
                                "challenger",
                                ModelFamily.LOGISTIC,
                                new FtrlConfig(0.2, 1, 0, 1),
                                0)));
    }

    /** An experiment of the given models over this stream's feature space. */
    public static ExperimentConfig experiment(
            String name, long publishEvery, List<ModelConfig> models) {
        return new ExperimentConfig(
                name,
                FeatureSpace.of(12, List.of("x")),
                models,
                new EvaluationConfig(1000),
                publishEvery);
    }

    /**
     * Examples from a known logistic model: 20 categories with fixed effects, and one dense feature
     * with a positive effect.
     */
    public static List<LabelledExample> stream(String experiment, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<LabelledExample> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int category = random.nextInt(20);
            double x = random.nextDouble() * 10;
            double logit = (category - 10) * 0.2 + 0.3 * (x - 5);
            double label = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            FeatureVector features =
                    new FeatureVector(
                            new int[] {category * 7 + 1}, new double[] {1.0}, new double[] {x});
            out.add(
                    new LabelledExample(
                            "e" + i,
                            experiment,
                            "entity" + category,
                            1_000L * i,
                            features,
                            label,
                            1.0));
        }
        return out;
    }
}
