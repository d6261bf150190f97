package dev.tributary.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.model.Arm;
import dev.tributary.core.model.LabelArrivals;
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

    @Test
    void handsOutTheLearnedLabelsArrivalsOnceAtTheFirstPredictionOfTheModelThatLearnedThem()
            throws Exception {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));
        LabelArrivals first = new LabelArrivals(new long[] {100, 200}, 2);
        LabelArrivals second = new LabelArrivals(new long[] {300}, 4);

        scorer.score(TestingServing.event("e0", "exp"));
        assertThat(scorer.takeFirstServed("exp"))
                .as("the untrained model learned none")
                .isEqualTo(LabelArrivals.NONE);
        scorer.update(TestingServing.trained(10, Arm.CHAMPION).withLearnedLabels(first));
        scorer.score(TestingServing.event("e1", "exp"));

        assertThat(scorer.takeFirstServed("exp")).isEqualTo(first);
        scorer.score(TestingServing.event("e2", "exp"));
        assertThat(scorer.takeFirstServed("exp"))
                .as("only at the first prediction")
                .isEqualTo(LabelArrivals.NONE);

        // Two models without a prediction between: the newer serves the labels of both.
        scorer.update(TestingServing.trained(20, Arm.CHAMPION).withLearnedLabels(first));
        scorer.update(TestingServing.trained(30, Arm.CHAMPION).withLearnedLabels(second));
        scorer.score(TestingServing.event("e3", "exp"));
        LabelArrivals both = scorer.takeFirstServed("exp");
        assertThat(both.sampleMillis()).containsExactly(100, 200, 300);
        assertThat(both.labels()).isEqualTo(6);
        assertThat(scorer.takeFirstServed("other")).isEqualTo(LabelArrivals.NONE);
    }
}
