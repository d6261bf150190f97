package dev.tributary.trainer.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.AdamConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.config.ModelShape;
import dev.tributary.core.config.Objective;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictorsTest {

    private static ModelConfig config(ModelFamily family) {
        return new ModelConfig("m", family, AdamConfig.DEFAULTS, 13L);
    }

    @Test
    void linearFamiliesGetALinearPredictorWithTheObjectivesOutputs() {
        Predictor logistic = Predictors.create(config(ModelFamily.LOGISTIC), 32, 2, 2);
        ModelConfig softmax =
                config(ModelFamily.SOFTMAX)
                        .withShape(
                                ModelShape.defaultsFor(ModelFamily.SOFTMAX)
                                        .withObjective(Objective.MULTICLASS, 4));
        ModelConfig linear = config(ModelFamily.LINEAR);

        assertThat(logistic).isInstanceOf(LinearPredictor.class);
        assertThat(logistic.outputs()).isEqualTo(1);
        assertThat(Predictors.create(softmax, 32, 2, 2).outputs()).isEqualTo(4);
        assertThat(Predictors.create(linear, 32, 0, 2)).isInstanceOf(LinearPredictor.class);
        assertThat(Predictors.initialWeight(logistic, 2, 5)).isEqualTo(0.0);
    }

    @Test
    void fmTakesItsSizesAndSeedFromTheConfig() {
        ModelConfig config =
                config(ModelFamily.FM)
                        .withShape(new ModelShape(Objective.HUBER, 1, 1.0, 5, List.of(3), 2, 0.25));
        Predictor fm = Predictors.create(config, 32, 2, 2);

        assertThat(fm).isInstanceOf(FactorizationMachine.class);
        assertThat(fm.blocks().get(4).cols()).isEqualTo(5);
        assertThat(fm.blocks().get(4).slotCount()).isEqualTo(2);
        assertThat(fm.blocks().get(4).weights()[7])
                .isEqualTo(0.25 * InitialValues.gaussian(13L, 2, 7))
                .isEqualTo(Predictors.initialWeight(fm, 4, 7));
    }

    @Test
    void fmRejectsAMulticlassObjective() {
        ModelConfig config =
                config(ModelFamily.FM)
                        .withShape(
                                ModelShape.defaultsFor(ModelFamily.FM)
                                        .withObjective(Objective.MULTICLASS, 3));

        assertThatThrownBy(() -> Predictors.create(config, 32, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiclass");
    }

    @Test
    void mlpTakesItsSizesAndSeedFromTheConfig() {
        ModelConfig config =
                config(ModelFamily.MLP)
                        .withShape(
                                new ModelShape(
                                        Objective.MULTICLASS, 3, 1.0, 5, List.of(6, 4), 2, 0.25));
        Predictor mlp = Predictors.create(config, 32, 2, 0);

        assertThat(mlp).isInstanceOf(Mlp.class);
        assertThat(mlp.outputs()).isEqualTo(3);
        assertThat(mlp.blocks())
                .extracting(Block::toString)
                .containsExactly(
                        "embedding[32 x 2, sparse]",
                        "w1[4 x 6]",
                        "b1[1 x 6]",
                        "w2[6 x 4]",
                        "b2[1 x 4]",
                        "wo[4 x 3]",
                        "bo[1 x 3]");
        assertThat(mlp.blocks().get(0).weights()[3])
                .isEqualTo(0.25 * InitialValues.gaussian(13L, 1, 3))
                .isEqualTo(Predictors.initialWeight(mlp, 0, 3));
    }
}
