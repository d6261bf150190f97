package dev.tributary.evaluator.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Tests of {@link SequentialComparison}, including the acceptance simulation of the rollout issue.
 *
 * <p>The simulated traffic: per example a true log-odds {@code -1 + 1.5 z} (so the positive rate is
 * about 0.33), a label drawn from it, and each model predicting the true log-odds plus its own
 * Gaussian noise of standard deviation {@code σ}; the loss is the log loss. A noisier model has a
 * higher expected loss, and the two losses of an example are correlated through the shared label,
 * as on real paired traffic. Each scenario runs 1,000 rollouts (seeds 1,000 to 1,999), monitored
 * after every pair for up to 20,000 pairs, with the default parameters. Measured:
 *
 * <ul>
 *   <li>equal models ({@code σ = 0.6} both, mean log loss about 0.51): promoted in 0 of 1,000
 *       rollouts (bound: 5%; the theory gives at most {@code α/2 = 2.5%}), rolled back in 0;
 *   <li>worse challenger ({@code σ 0.6 → 0.9}, loss higher by about 0.034 nats, 7%): promoted in 0,
 *       declared worse in 999 of 1,000, after a median of 12,718 pairs;
 *   <li>better challenger ({@code σ 0.9 → 0.6}, the mirror image): declared better in 1,000 of
 *       1,000, after a median of 12,468 pairs (the boundary, not {@code minPairs}, sets the pace
 *       for effects of this size).
 * </ul>
 */
class SequentialComparisonTest {

    private static final int ROLLOUTS = 1_000;
    private static final int MAX_PAIRS = 20_000;
    private static final long FIRST_SEED = 1_000;

    @Test
    void equalModelsArePromotedInAtMostFivePercentOfRollouts() {
        Simulation simulation = Simulation.run(0.6, 0.6);

        double falsePromotionRate = simulation.promoted() / (double) ROLLOUTS;
        assertThat(falsePromotionRate).isLessThanOrEqualTo(0.05);
        // Golden counts on the seeded streams (see the class comment).
        assertThat(simulation.promoted()).isEqualTo(0);
        assertThat(simulation.rolledBack()).isEqualTo(0);
    }

    @Test
    void worseChallengerIsNeverPromotedAndMostlyRolledBack() {
        Simulation simulation = Simulation.run(0.6, 0.9);

        assertThat(simulation.meanDifference()).isBetween(-0.04, -0.03);
        assertThat(simulation.promoted()).isZero();
        assertThat(simulation.rolledBack()).isEqualTo(999);
        assertThat(simulation.medianFirstWorse()).isEqualTo(12_718);
    }

    @Test
    void betterChallengerIsDetectedInMostRollouts() {
        Simulation simulation = Simulation.run(0.9, 0.6);

        assertThat(simulation.meanDifference()).isBetween(0.03, 0.04);
        assertThat(simulation.rolledBack()).isZero();
        assertThat(simulation.promoted()).isEqualTo(1_000);
        assertThat(simulation.medianFirstBetter()).isEqualTo(12_468);
    }

    @Test
    void withoutDataTheVerdictIsInconclusive() {
        Evidence evidence = new SequentialComparison().evidence();

        assertThat(evidence.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(evidence.pairs()).isZero();
        assertThat(evidence.invalid()).isZero();
        assertThat(evidence.meanDifference()).isNaN();
        assertThat(evidence.statistic()).isNaN();
        assertThat(evidence.lower()).isEqualTo(-SequentialComparison.DEFAULT_LOSS_CLIP);
        assertThat(evidence.upper()).isEqualTo(SequentialComparison.DEFAULT_LOSS_CLIP);
    }

    @Test
    void invalidLossesAreCountedAndNeverEvidence() {
        double[] invalid = {
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1e-9, -3.0
        };
        SequentialComparison comparison = new SequentialComparison(0.05, 1, 0, 10, 100);
        long refused = 0;
        for (int i = 0; i < 1_000_000; i++) {
            double bad = invalid[i % invalid.length];
            // Bad on either side, or both; the other side a perfect challenger's 0.
            assertThat(comparison.observe(i % 3 == 0 ? 5.0 : bad, i % 3 == 1 ? 0.0 : bad))
                    .isFalse();
            refused++;
        }

        Evidence evidence = comparison.evidence();
        assertThat(evidence.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(evidence.pairs()).isZero();
        assertThat(evidence.invalid()).isEqualTo(refused);
        assertThat(evidence.meanDifference()).isNaN();
    }

    @Test
    void invalidPairsBetweenValidOnesChangeNothingButTheirCount() {
        SequentialComparison clean = new SequentialComparison();
        SequentialComparison mixed = new SequentialComparison();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 5_000; i++) {
            double champion = random.nextDouble(2.0);
            double challenger = random.nextDouble(1.8);
            clean.observe(champion, challenger);
            mixed.observe(champion, challenger);
            mixed.observe(Double.NaN, challenger);
            mixed.observe(champion, Double.POSITIVE_INFINITY);
        }

        Evidence expected = clean.evidence();
        Evidence actual = mixed.evidence();
        assertThat(actual.invalid()).isEqualTo(10_000);
        assertThat(
                        new Evidence(
                                actual.verdict(),
                                actual.pairs(),
                                0,
                                actual.meanDifference(),
                                actual.lower(),
                                actual.upper(),
                                actual.statistic()))
                .isEqualTo(expected);
    }

    @Test
    void fewerThanMinPairsIsInconclusiveEvenForAHugeImprovement() {
        SequentialComparison comparison = new SequentialComparison();
        for (int i = 0; i < 999; i++) {
            comparison.observe(5.0, 0.0);
        }

        Evidence before = comparison.evidence();
        // The interval is far above 0, yet 999 pairs are not enough to promote.
        assertThat(before.lower()).isGreaterThan(4.0);
        assertThat(before.verdict()).isEqualTo(Verdict.INCONCLUSIVE);

        comparison.observe(5.0, 0.0);
        assertThat(comparison.evidence().verdict()).isEqualTo(Verdict.CHALLENGER_BETTER);
    }

    @Test
    void aMarginMustBeExceededForPromotion() {
        SequentialComparison comparison = new SequentialComparison(0.05, 1_000, 0.5, 10, 100);
        for (int i = 0; i < 20_000; i++) {
            comparison.observe(i % 2 == 0 ? 1.0 : 0.8, 0.5);
        }

        Evidence evidence = comparison.evidence();
        // Mean 0.4 and a narrow interval above 0, but not above the margin 0.5.
        assertThat(evidence.meanDifference()).isCloseTo(0.4, within(1e-9));
        assertThat(evidence.lower()).isGreaterThan(0.0);
        assertThat(evidence.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void aClearlyWorseChallengerIsRolledBackBeforeMinPairs() {
        // The documented asymmetry: rolling back needs no minimum, the boundary alone decides.
        SequentialComparison comparison = new SequentialComparison();
        int pairs = 0;
        while (comparison.evidence().verdict() == Verdict.INCONCLUSIVE) {
            comparison.observe(0.0, 10.0);
            pairs++;
        }

        assertThat(comparison.evidence().verdict()).isEqualTo(Verdict.CHALLENGER_WORSE);
        // Golden: a challenger that loses L = 10 nats more on every example is rolled back after
        // 24 pairs, long before the 1,000 a promotion needs.
        assertThat(pairs).isEqualTo(24);
    }

    @Test
    void aStalledStreamKeepsTheVerdict() {
        SequentialComparison comparison = new SequentialComparison();
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 3_000; i++) {
            comparison.observe(random.nextDouble(2.0), random.nextDouble(2.0));
        }

        Evidence first = comparison.evidence();
        for (int i = 0; i < 10_000; i++) {
            assertThat(comparison.evidence()).isEqualTo(first);
        }
        assertThat(first.pairs()).isEqualTo(3_000);
        assertThat(first.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void boundaryMatchesTheAuthorsReferenceImplementation() {
        // confseq (Howard et al.), uniform_boundaries_unittest.cpp:
        // poly_stitching_bound(v = 100, alpha = 0.05, v_min = 10, c = 3) = 64.48755 (s 1.4, eta 2).
        // Here alpha / 2 per side and c = 2 L: alpha 0.1, L 1.5.
        SequentialComparison comparison = new SequentialComparison(0.1, 1, 0, 1.5, 10);

        assertThat(comparison.boundary(100)).isCloseTo(64.48755, within(1e-5));
        // Below m the boundary is the one at m.
        assertThat(comparison.boundary(3)).isEqualTo(comparison.boundary(10));
    }

    @Test
    void intervalOnATinyExampleMatchesTheHandComputation() {
        // L = 1, alpha = 0.05 (0.025 per side), m = 1, one pair suffices to promote.
        SequentialComparison comparison = new SequentialComparison(0.05, 1, 0, 1.0, 1.0);
        // d = 1 (the champion's loss 3 is clipped to L = 1), 1, -1, 1.
        comparison.observe(3.0, 0.0);
        comparison.observe(1.0, 0.0);
        comparison.observe(0.0, 1.0);
        comparison.observe(1.0, 0.0);

        // Mean 0.5; V = (1 - 0)² + (1 - 1)² + (-1 - 1)² + (1 - 1/3)² = 49/9; half-width
        // u(max(V, m)) / 4 = 8.454531: the interval is clipped to [-L, L].
        Evidence early = comparison.evidence();
        assertThat(early.meanDifference()).isEqualTo(0.5);
        assertThat(early.lower()).isEqualTo(-1.0);
        assertThat(early.upper()).isEqualTo(1.0);
        assertThat(early.statistic()).isCloseTo(0.5 / 8.45453090435235, within(1e-12));
        assertThat(early.verdict()).isEqualTo(Verdict.INCONCLUSIVE);

        // d = 0.5, -0.25, 0.75, 0.5 repeated 50 times: mean 0.375, V = 29.363077, u(V) / 200 =
        // 0.225292, so [0.149708, 0.600292] (computed independently from the formula).
        SequentialComparison longer = new SequentialComparison(0.05, 1, 0, 1.0, 1.0);
        for (int i = 0; i < 50; i++) {
            longer.observe(0.75, 0.25);
            longer.observe(0.25, 0.5);
            longer.observe(1.0, 0.25);
            longer.observe(0.5, 0.0);
        }
        Evidence evidence = longer.evidence();
        assertThat(evidence.pairs()).isEqualTo(200);
        assertThat(evidence.meanDifference()).isCloseTo(0.375, within(1e-12));
        assertThat(evidence.lower()).isCloseTo(0.14970830158628914, within(1e-9));
        assertThat(evidence.upper()).isCloseTo(0.6002916984137108, within(1e-9));
        assertThat(evidence.statistic()).isCloseTo(0.375 / 0.2252916984137108, within(1e-9));
        assertThat(evidence.verdict()).isEqualTo(Verdict.CHALLENGER_BETTER);
    }

    @Test
    void serializationRoundTripContinuesIdentically() throws IOException {
        SequentialComparison original = new SequentialComparison();
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 5_000; i++) {
            original.observe(random.nextDouble(1.0), random.nextDouble(0.95));
        }
        original.observe(Double.NaN, 1.0);

        SequentialComparison restored = SequentialComparison.read(input(bytes(original)));
        assertThat(restored.evidence()).isEqualTo(original.evidence());
        for (int i = 0; i < 20_000; i++) {
            double champion = random.nextDouble(1.0);
            double challenger = random.nextDouble(0.95);
            original.observe(champion, challenger);
            restored.observe(champion, challenger);
            assertThat(restored.evidence()).isEqualTo(original.evidence());
        }
        assertThat(bytes(restored)).isEqualTo(bytes(original));
        assertThat(restored.variance()).isEqualTo(original.variance());
    }

    @Test
    void readRefusesUnknownVersionsAndCorruptState() throws IOException {
        byte[] valid = bytes(new SequentialComparison());
        byte[] future = valid.clone();
        future[3] = 2;
        assertThatThrownBy(() -> SequentialComparison.read(input(future)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 2");

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buffer);
        out.writeInt(1);
        out.writeLong(10);
        out.writeLong(0);
        out.writeDouble(Double.NaN);
        out.writeDouble(1.0);
        out.writeDouble(1.0);
        assertThatThrownBy(() -> SequentialComparison.read(input(buffer.toByteArray())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt");
    }

    @Test
    void rejectsParametersOutOfRange() {
        assertThatThrownBy(() -> new SequentialComparison(0, 1, 0, 10, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequentialComparison(Double.NaN, 1, 0, 10, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequentialComparison(0.05, 0, 0, 10, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequentialComparison(0.05, 1, -0.1, 10, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequentialComparison(0.05, 1, Double.NaN, 10, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new SequentialComparison(0.05, 1, 0, Double.POSITIVE_INFINITY, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SequentialComparison(0.05, 1, 0, 10, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(SequentialComparison comparison) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        comparison.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    /**
     * The outcome of {@link #ROLLOUTS} seeded rollouts: per rollout, the first pair at which each
     * verdict was read ({@code 0}: never). A rollout stops at its first {@code CHALLENGER_BETTER}
     * (it would be promoted) and otherwise runs all {@link #MAX_PAIRS} pairs, so that a late {@code
     * CHALLENGER_BETTER} after a {@code CHALLENGER_WORSE} would still be counted.
     */
    private record Simulation(int[] firstBetter, int[] firstWorse, double meanDifference) {

        static Simulation run(double championNoise, double challengerNoise) {
            double[][] outcomes =
                    IntStream.range(0, ROLLOUTS)
                            .parallel()
                            .mapToObj(
                                    rollout ->
                                            rollout(
                                                    FIRST_SEED + rollout,
                                                    championNoise,
                                                    challengerNoise))
                            .toArray(double[][]::new);
            int[] firstBetter = new int[ROLLOUTS];
            int[] firstWorse = new int[ROLLOUTS];
            double meanDifference = 0;
            for (int i = 0; i < ROLLOUTS; i++) {
                firstBetter[i] = (int) outcomes[i][0];
                firstWorse[i] = (int) outcomes[i][1];
                meanDifference += outcomes[i][2] / ROLLOUTS;
            }
            return new Simulation(firstBetter, firstWorse, meanDifference);
        }

        /** {first CHALLENGER_BETTER, first CHALLENGER_WORSE, mean difference of the run}. */
        private static double[] rollout(long seed, double championNoise, double challengerNoise) {
            SplittableRandom random = new SplittableRandom(seed);
            SequentialComparison comparison = new SequentialComparison();
            int firstBetter = 0;
            int firstWorse = 0;
            for (int pair = 1; pair <= MAX_PAIRS; pair++) {
                double logOdds = -1 + 1.5 * random.nextGaussian();
                boolean positive = random.nextDouble() < 1 / (1 + StrictMath.exp(-logOdds));
                double championLoss =
                        logLoss(logOdds + championNoise * random.nextGaussian(), positive);
                double challengerLoss =
                        logLoss(logOdds + challengerNoise * random.nextGaussian(), positive);
                comparison.observe(championLoss, challengerLoss);
                Verdict verdict = comparison.evidence().verdict();
                if (verdict == Verdict.CHALLENGER_WORSE && firstWorse == 0) {
                    firstWorse = pair;
                }
                if (verdict == Verdict.CHALLENGER_BETTER) {
                    firstBetter = pair;
                    break;
                }
            }
            return new double[] {firstBetter, firstWorse, comparison.evidence().meanDifference()};
        }

        /** The log loss of a prediction given as log-odds: {@code ln(1 + e^(-m))}, m the margin. */
        private static double logLoss(double logOdds, boolean positive) {
            double margin = positive ? logOdds : -logOdds;
            return margin > 0
                    ? StrictMath.log1p(StrictMath.exp(-margin))
                    : -margin + StrictMath.log1p(StrictMath.exp(margin));
        }

        int promoted() {
            return (int) Arrays.stream(firstBetter).filter(pair -> pair > 0).count();
        }

        int rolledBack() {
            return (int) Arrays.stream(firstWorse).filter(pair -> pair > 0).count();
        }

        int medianFirstBetter() {
            return median(firstBetter);
        }

        int medianFirstWorse() {
            return median(firstWorse);
        }

        private static int median(int[] firstPairs) {
            int[] detected = Arrays.stream(firstPairs).filter(pair -> pair > 0).sorted().toArray();
            return detected.length == 0 ? 0 : detected[(detected.length - 1) / 2];
        }
    }
}
