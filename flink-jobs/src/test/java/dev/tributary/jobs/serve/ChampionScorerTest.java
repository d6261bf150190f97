package dev.tributary.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.model.Arm;
import dev.tributary.core.model.Prediction;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChampionScorerTest {

    @Test
    void servesTheUntrainedChampionUntilTheFirstSnapshot() {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));

        Prediction p = scorer.score(TestingServing.event("e1", "exp"));

        assertThat(p.score()).isEqualTo(0.5);
        assertThat(p.modelId()).isEqualTo("champ");
        assertThat(p.modelVersion()).isZero();
        assertThat(p.arm()).isEqualTo(Arm.CHAMPION);
        assertThat(p.label()).isNaN();
    }

    @Test
    void servesTheNewestChampionSnapshotAndNeverRollsBack() throws Exception {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));

        assertThat(scorer.update(TestingServing.trained(50, Arm.CHAMPION))).isTrue();
        double after50 = scorer.score(TestingServing.event("e1", "exp")).score();
        assertThat(scorer.update(TestingServing.trained(10, Arm.CHAMPION))).isFalse();
        assertThat(scorer.update(TestingServing.trained(500, Arm.SHADOW))).isFalse();

        assertThat(after50).isGreaterThan(0.5);
        assertThat(scorer.score(TestingServing.event("e2", "exp")).score()).isEqualTo(after50);
        assertThat(scorer.score(TestingServing.event("e3", "exp")).modelVersion()).isEqualTo(1);
        assertThat(scorer.examplesTrained("exp")).isEqualTo(50);
    }

    @Test
    void anUnknownExperimentHasNoPrediction() {
        assertThat(
                        new ChampionScorer(List.of(TestingServing.EXPERIMENT))
                                .score(TestingServing.event("e1", "other")))
                .isNull();
    }
}
