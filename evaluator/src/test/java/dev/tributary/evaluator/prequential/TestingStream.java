package dev.tributary.evaluator.prequential;

import java.util.Random;

/**
 * A fixed, seeded stream of scored examples that looks like the output of a reasonable model: a
 * latent signal drives both the label (through a logistic link) and the score (with noise), so that
 * scores are informative but imperfect, as a real model's are.
 */
final class TestingStream {

    final double[] scores;
    final double[] labels;
    final double[] weights;

    private TestingStream(int n) {
        scores = new double[n];
        labels = new double[n];
        weights = new double[n];
    }

    int size() {
        return scores.length;
    }

    /**
     * @param intercept logit of the base rate: 0 for balanced classes, -4 for about 3% positives
     * @param varyWeights whether weights vary in [0.5, 2) rather than all being 1
     */
    static TestingStream logistic(long seed, int n, double intercept, boolean varyWeights) {
        Random random = new Random(seed);
        TestingStream stream = new TestingStream(n);
        for (int i = 0; i < n; i++) {
            double signal = random.nextGaussian();
            double truth = sigmoid(intercept + 1.5 * signal);
            stream.labels[i] = random.nextDouble() < truth ? 1.0 : 0.0;
            stream.scores[i] = sigmoid(intercept + 1.5 * signal + 0.5 * random.nextGaussian());
            stream.weights[i] = varyWeights ? 0.5 + 1.5 * random.nextDouble() : 1.0;
        }
        return stream;
    }

    /** Scores rounded to two decimals, so that many examples tie exactly. */
    static TestingStream coarse(long seed, int n) {
        TestingStream stream = logistic(seed, n, 0.0, true);
        for (int i = 0; i < n; i++) {
            stream.scores[i] = Math.round(stream.scores[i] * 100) / 100.0;
        }
        return stream;
    }

    void feed(RunningMetrics metrics, int from, int to) {
        for (int i = from; i < to; i++) {
            metrics.observe(scores[i], labels[i], weights[i]);
        }
    }

    void feed(WindowMetrics metrics, int from, int to) {
        for (int i = from; i < to; i++) {
            metrics.observe(scores[i], labels[i], weights[i]);
        }
    }

    void feed(FadingMetrics metrics, int from, int to) {
        for (int i = from; i < to; i++) {
            metrics.observe(scores[i], labels[i], weights[i]);
        }
    }

    /** The AUC by its definition, over all positive-negative pairs: O(n²), for small streams. */
    double bruteForceAuc(int from, int to) {
        double pairs = 0;
        double positives = 0;
        double negatives = 0;
        for (int i = from; i < to; i++) {
            if (labels[i] == 1.0) {
                positives += weights[i];
            } else {
                negatives += weights[i];
            }
        }
        for (int i = from; i < to; i++) {
            if (labels[i] != 1.0) {
                continue;
            }
            for (int j = from; j < to; j++) {
                if (labels[j] == 1.0) {
                    continue;
                }
                double credit = scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
                pairs += weights[i] * weights[j] * credit;
            }
        }
        return pairs / (positives * negatives);
    }

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
