package dev.tributary.evaluator.supervisor;

import dev.tributary.core.config.EvaluationConfig;
import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.config.SliceConfig;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.Supervisor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Drives a supervisor the way the training operator does, on a fixed seeded stream: for every
 * labelled example each model observes its score (a binary prediction), then the supervisor
 * decides; PUBLISH decisions are carried out at once (or not, to test what happens then) by telling
 * the supervisor the next version.
 */
final class TestingOperator {

    static final String EXPERIMENT = "checkout";
    static final String CHAMPION = "champion";
    static final String CHALLENGER = "challenger";

    final LabelledExample[] examples;
    private final double[][] scores;
    private final String[] modelIds;

    Supervisor supervisor;
    boolean publishes = true;

    /** A stream of {@code n} examples with scores for the models, the first scoring best. */
    TestingOperator(Supervisor supervisor, long seed, int n, String... modelIds) {
        this.supervisor = supervisor;
        this.modelIds = modelIds.clone();
        this.examples = new LabelledExample[n];
        this.scores = new double[modelIds.length][n];
        Random random = new Random(seed);
        FeatureVector none = new FeatureVector(new int[0], new double[0], new double[0]);
        for (int i = 0; i < n; i++) {
            double signal = random.nextGaussian();
            double label = random.nextDouble() < sigmoid(-1 + 1.5 * signal) ? 1.0 : 0.0;
            double weight = i % 7 == 0 ? 2.0 : 1.0;
            examples[i] =
                    new LabelledExample(
                            "e" + i,
                            EXPERIMENT,
                            "user" + i % 13,
                            eventTime(i),
                            none,
                            label,
                            weight,
                            LabelledExample.NOT_LABELLED,
                            "region" + i % 4);
            for (int m = 0; m < modelIds.length; m++) {
                double noise = (0.3 + m) * random.nextGaussian();
                scores[m][i] = sigmoid(-1 + 1.5 * signal + noise);
            }
        }
    }

    static ExperimentConfig experiment(int window, long publishEvery) {
        return new ExperimentConfig(
                EXPERIMENT,
                FeatureSpace.of(4, List.of()),
                List.of(model(CHAMPION, 1), model(CHALLENGER, 2)),
                new EvaluationConfig(window),
                publishEvery);
    }

    /**
     * An experiment that also slices by region: four regions, of which the first three are measured
     * one by one and the fourth falls into {@code (other)}; the worst three with at least 10
     * examples are reported.
     */
    static ExperimentConfig slicedExperiment(int window, long publishEvery) {
        ExperimentConfig plain = experiment(window, publishEvery);
        return new ExperimentConfig(
                EXPERIMENT,
                plain.featureSpace(),
                plain.models(),
                new EvaluationConfig(window, new SliceConfig("region", 3, 10, 3)),
                publishEvery);
    }

    private static ModelConfig model(String id, long seed) {
        return new ModelConfig(id, ModelFamily.LOGISTIC, FtrlConfig.DEFAULTS, seed);
    }

    /** Event time of the i-th example (0-based). */
    static long eventTime(int i) {
        return 1_700_000_000_000L + 1000L * i;
    }

    double score(String modelId, int i) {
        return scores[Arrays.asList(modelIds).indexOf(modelId)][i];
    }

    /** Runs examples {@code from} (inclusive) to {@code to}; every model observes every one. */
    List<Decision> run(int from, int to) {
        return run(from, to, modelIds);
    }

    /** Runs examples {@code from} to {@code to}; only the given models observe them. */
    List<Decision> run(int from, int to, String... observing) {
        List<Decision> decisions = new ArrayList<>();
        for (int i = from; i < to; i++) {
            for (String modelId : observing) {
                supervisor.observe(ref(modelId), examples[i], new double[] {score(modelId, i)});
            }
            List<Decision> made = supervisor.decide(examples[i]);
            decisions.addAll(made);
            if (publishes) {
                for (Decision decision : made) {
                    supervisor.published(decision.modelId(), version(decision.modelId()) + 1);
                }
            }
        }
        return decisions;
    }

    ModelRef ref(String modelId) {
        return new ModelRef(
                modelId, version(modelId), modelId.equals(CHAMPION) ? Arm.CHAMPION : Arm.SHADOW);
    }

    /** The version the supervisor reports, 0 for a model it has not seen. */
    long version(String modelId) {
        ModelEvaluation evaluation = evaluation(modelId);
        return evaluation == null ? 0 : evaluation.model().version();
    }

    ModelEvaluation evaluation(String modelId) {
        for (ModelEvaluation evaluation : supervisor.evaluations()) {
            if (evaluation.model().modelId().equals(modelId)) {
                return evaluation;
            }
        }
        return null;
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
