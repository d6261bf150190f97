package dev.tributary.jobs.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tributary.core.model.Arm;
import dev.tributary.core.model.LabelArrivals;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.core.model.TrafficSplit;
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

    private static TrafficSplit canary(String model, double fraction) {
        return new TrafficSplit("champ", new String[] {model}, new double[] {fraction});
    }

    private static Prediction score(ChampionScorer scorer, String entity) {
        return scorer.score(TestingServing.event("e-" + entity, "exp", entity));
    }

    @Test
    void routesEachEntityStablyToItsArmInTheSplitsShares() throws Exception {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));
        int entities = 100_000;
        scorer.update(TestingServing.trained("champ", 3, 100, Arm.CHAMPION, canary("c1", 0.05)));
        scorer.update(TestingServing.trained("c1", 1, 20, Arm.CANARY, canary("c1", 0.05)));

        boolean[] atFive = new boolean[entities];
        int canaryAtFive = 0;
        for (int i = 0; i < entities; i++) {
            Prediction p = score(scorer, "user-" + i);
            atFive[i] = p.arm() == Arm.CANARY;
            if (atFive[i]) {
                canaryAtFive++;
                assertThat(p.modelId()).isEqualTo("c1");
                assertThat(p.modelVersion()).isEqualTo(1);
            } else {
                assertThat(p.arm()).isEqualTo(Arm.CHAMPION);
                assertThat(p.modelId()).isEqualTo("champ");
                assertThat(p.modelVersion()).isEqualTo(3);
            }
        }
        // Binomial standard deviation at 5% of 100k: 0.0007; the tolerance is six of them.
        assertThat(canaryAtFive / (double) entities).isCloseTo(0.05, within(0.004));
        for (int i = 0; i < 1_000; i++) {
            assertThat(score(scorer, "user-" + i).arm() == Arm.CANARY)
                    .as("the same entity, the same arm")
                    .isEqualTo(atFive[i]);
        }

        // The next canary step, carried by a snapshot of the champion.
        scorer.update(TestingServing.trained("champ", 3, 110, Arm.CHAMPION, canary("c1", 0.25)));
        int canaryAtTwentyFive = 0;
        for (int i = 0; i < entities; i++) {
            boolean atCanary = score(scorer, "user-" + i).arm() == Arm.CANARY;
            if (atFive[i]) {
                assertThat(atCanary).as("user-" + i + " stays with the canary at 25%").isTrue();
            }
            canaryAtTwentyFive += atCanary ? 1 : 0;
        }
        assertThat(canaryAtTwentyFive / (double) entities).isCloseTo(0.25, within(0.008));
    }

    @Test
    void eventsAboutNoEntitySplitByTheirIdInTheSameShares() throws Exception {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));
        scorer.update(TestingServing.trained("champ", 1, 10, Arm.CHAMPION, canary("c1", 0.25)));
        scorer.update(TestingServing.trained("c1", 1, 10, Arm.CANARY, canary("c1", 0.25)));

        int atCanary = 0;
        for (int i = 0; i < 20_000; i++) {
            Prediction p = scorer.score(TestingServing.event("event-" + i, "exp", ""));
            atCanary += p.arm() == Arm.CANARY ? 1 : 0;
        }

        assertThat(atCanary / 20_000.0).isCloseTo(0.25, within(0.02));
    }

    @Test
    void aCanaryWhoseSnapshotHasNotArrivedIsServedByTheChampionAsTheChampion() throws Exception {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));
        TrafficSplit split = canary("c1", 0.5);

        scorer.update(TestingServing.trained("champ", 2, 10, Arm.CHAMPION, split));
        for (int i = 0; i < 200; i++) {
            Prediction p = score(scorer, "user-" + i);
            assertThat(p.modelId()).isEqualTo("champ");
            assertThat(p.arm()).isEqualTo(Arm.CHAMPION);
        }
        assertThat(scorer.servingModels("exp")).containsExactly("champ");

        assertThat(scorer.update(TestingServing.trained("c1", 0, 5, Arm.CANARY, split))).isTrue();
        assertThat(scorer.servingModels("exp")).containsExactly("champ", "c1");
        long canaries =
                java.util.stream.IntStream.range(0, 200)
                        .filter(i -> score(scorer, "user-" + i).arm() == Arm.CANARY)
                        .count();
        assertThat(canaries).isBetween(60L, 140L);
    }

    @Test
    void shadowSnapshotsAreNotServedAndModelsLeavingTheSplitAreDropped() throws Exception {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));
        TrafficSplit split = canary("c1", 0.3);
        scorer.update(TestingServing.trained("champ", 1, 10, Arm.CHAMPION, split));
        scorer.update(TestingServing.trained("c1", 1, 10, Arm.CANARY, split));

        assertThat(scorer.update(TestingServing.trained("c2", 0, 10, Arm.SHADOW, split)))
                .as("a shadow under an unchanged split changes nothing")
                .isFalse();
        assertThat(scorer.servingModels("exp")).containsExactly("champ", "c1");

        // c1 is rolled back: the champion's next snapshot carries the split without it.
        TrafficSplit championOnly = TrafficSplit.championOnly("champ");
        assertThat(scorer.update(TestingServing.trained("c2", 0, 11, Arm.SHADOW, championOnly)))
                .as("a new split changes what is served, whichever snapshot carries it")
                .isTrue();
        assertThat(scorer.servingModels("exp")).containsExactly("champ");
        assertThat(scorer.servingSnapshots("exp"))
                .singleElement()
                .satisfies(s -> assertThat(s.split()).isEqualTo(championOnly));
        for (int i = 0; i < 200; i++) {
            assertThat(score(scorer, "user-" + i).modelId()).isEqualTo("champ");
        }
    }

    @Test
    void aPromotedCanaryServesAsChampionAndTheOldChampionIsDropped() throws Exception {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));
        TrafficSplit rollout = canary("c1", 0.25);
        scorer.update(TestingServing.trained("champ", 4, 10, Arm.CHAMPION, rollout));
        scorer.update(TestingServing.trained("c1", 1, 20, Arm.CANARY, rollout));

        TrafficSplit promoted = TrafficSplit.championOnly("c1");
        scorer.update(TestingServing.trained("c1", 2, 30, Arm.CHAMPION, promoted));

        assertThat(scorer.servingModels("exp")).containsExactly("c1");
        assertThat(scorer.examplesTrained("exp")).isEqualTo(30);
        for (int i = 0; i < 200; i++) {
            Prediction p = score(scorer, "user-" + i);
            assertThat(p.modelId()).isEqualTo("c1");
            assertThat(p.modelVersion()).isEqualTo(2);
            assertThat(p.arm()).isEqualTo(Arm.CHAMPION);
        }
    }

    @Test
    void theServingChampionStaysUntilItsSuccessorsSnapshotArrives() throws Exception {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));
        scorer.update(TestingServing.trained("champ", 4, 10, Arm.CHAMPION, canary("c1", 0.2)));

        // c1 was promoted, but the first snapshot under the new split is another model's.
        TrafficSplit promoted = new TrafficSplit("c1", new String[] {"c2"}, new double[] {0.1});
        scorer.update(TestingServing.trained("c2", 1, 5, Arm.CANARY, promoted));

        assertThat(scorer.servingModels("exp")).containsExactly("champ", "c2");
        assertThat(score(scorer, "user-0").modelId()).isIn("champ", "c2");
        scorer.update(TestingServing.trained("c1", 3, 40, Arm.CHAMPION, promoted));
        assertThat(scorer.servingModels("exp")).containsExactly("c1", "c2");
    }

    @Test
    void aRolledBackChampionWithFewerExamplesStillReplacesTheOneInUse() throws Exception {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));
        TrafficSplit split = TrafficSplit.championOnly("champ");
        scorer.update(TestingServing.trained("champ", 2, 500, Arm.CHAMPION, split));
        double before = score(scorer, "u").score();

        assertThat(scorer.update(TestingServing.trained("champ", 2, 3, Arm.CHAMPION, split)))
                .isTrue();

        assertThat(score(scorer, "u").score()).isLessThan(before);
        assertThat(scorer.examplesTrained("exp")).isEqualTo(3);
    }

    @Test
    void whatIsServedSurvivesARestoreFromTheStoredSnapshots() throws Exception {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));
        TrafficSplit promoted = new TrafficSplit("c1", new String[] {"c2"}, new double[] {0.3});
        scorer.update(TestingServing.trained("champ", 4, 10, Arm.CHAMPION, canary("c2", 0.3)));
        scorer.update(TestingServing.trained("c2", 1, 7, Arm.CANARY, canary("c2", 0.3)));
        scorer.update(TestingServing.trained("c2", 1, 8, Arm.CANARY, promoted));
        List<ServingSnapshot> stored = scorer.servingSnapshots("exp");
        assertThat(stored).extracting(ServingSnapshot::split).containsOnly(promoted);

        ChampionScorer restored = new ChampionScorer(List.of(TestingServing.EXPERIMENT));
        restored.restore(stored);

        assertThat(restored.servingModels("exp")).containsExactly("champ", "c2");
        assertThat(restored.split("exp")).isEqualTo(promoted);
        for (int i = 0; i < 500; i++) {
            assertThat(score(restored, "user-" + i)).isEqualTo(score(scorer, "user-" + i));
        }
    }

    @Test
    void theChampionsLearnedLabelsAreHandedOutAtItsFirstPredictionNotACanarys() throws Exception {
        ChampionScorer scorer = new ChampionScorer(List.of(TestingServing.EXPERIMENT));
        TrafficSplit split = canary("c1", 0.5);
        LabelArrivals learned = new LabelArrivals(new long[] {100}, 1);
        scorer.update(
                TestingServing.trained("champ", 1, 10, Arm.CHAMPION, split)
                        .withLearnedLabels(learned));
        scorer.update(TestingServing.trained("c1", 1, 10, Arm.CANARY, split));

        int i = 0;
        while (score(scorer, "user-" + i).arm() != Arm.CANARY) {
            i++;
        }
        assertThat(scorer.takeFirstServed("exp")).isEqualTo(LabelArrivals.NONE);
        while (score(scorer, "user-" + i).arm() != Arm.CHAMPION) {
            i++;
        }
        assertThat(scorer.takeFirstServed("exp")).isEqualTo(learned);
        assertThat(scorer.takeFirstServed("exp")).isEqualTo(LabelArrivals.NONE);
    }
}
