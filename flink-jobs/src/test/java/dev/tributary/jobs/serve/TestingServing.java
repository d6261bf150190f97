package dev.tributary.jobs.serve;

import dev.tributary.core.config.EvaluationConfig;
import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.trainer.model.OnlineModel;
import dev.tributary.trainer.model.OnlineModels;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.List;

/** An experiment with one champion, events for it, and serving snapshots of trained champions. */
public final class TestingServing {

    private TestingServing() {}

    public static final ExperimentConfig EXPERIMENT =
            new ExperimentConfig(
                    "exp",
                    FeatureSpace.of(8, List.of()),
                    List.of(new ModelConfig("champ", ModelFamily.LOGISTIC, FtrlConfig.DEFAULTS, 0)),
                    new EvaluationConfig(100),
                    0);

    public static final FeatureVector X =
            new FeatureVector(new int[] {3}, new double[] {1}, new double[0]);

    public static LabelledExample event(String id, String experiment) {
        return new LabelledExample(id, experiment, "", 7, X, LabelledExample.NO_LABEL, 1);
    }

    /** An event about an entity. */
    public static LabelledExample event(String id, String experiment, String entityKey) {
        return new LabelledExample(id, experiment, entityKey, 7, X, LabelledExample.NO_LABEL, 1);
    }

    /** A snapshot of a champion trained {@code n} times on a positive example. */
    public static ServingSnapshot trained(int n, Arm arm) throws Exception {
        return trained("champ", 1, n, arm, null);
    }

    /**
     * A snapshot of model {@code modelId}, version {@code version}, trained {@code n} times on a
     * positive example, under a traffic split ({@code null} for none).
     */
    public static ServingSnapshot trained(
            String modelId, long version, int n, Arm arm, TrafficSplit split) throws Exception {
        OnlineModel model = OnlineModels.create(EXPERIMENT.champion(), EXPERIMENT.featureSpace());
        for (int i = 0; i < n; i++) {
            model.train(X, 1, 1);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        model.freeze().writeTo(new DataOutputStream(bytes));
        return new ServingSnapshot(
                "exp", modelId, version, arm, n, n, bytes.toByteArray(), null, split);
    }
}
