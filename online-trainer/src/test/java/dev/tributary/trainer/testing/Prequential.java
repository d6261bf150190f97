package dev.tributary.trainer.testing;

import dev.tributary.trainer.model.OnlineModel;
import java.util.Arrays;
import java.util.List;

/**
 * Test-then-train evaluation: every example is scored before the model trains on it, and the scores
 * are judged with log loss and AUC.
 */
public final class Prequential {

    private Prequential() {}

    /** The scores given before training, in stream order; trains with weight 1. */
    public static double[] run(OnlineModel model, List<LabelledVector> stream) {
        double[] scores = new double[stream.size()];
        for (int e = 0; e < scores.length; e++) {
            LabelledVector example = stream.get(e);
            scores[e] = model.predict(example.x());
            model.train(example.x(), example.label(), 1.0);
        }
        return scores;
    }

    public static double logLoss(double p, double label) {
        double clipped = Math.min(Math.max(p, 1e-15), 1 - 1e-15);
        return -(label * Math.log(clipped) + (1 - label) * Math.log(1 - clipped));
    }

    public static double meanLogLoss(double[] scores, List<LabelledVector> stream) {
        double sum = 0;
        for (int e = 0; e < scores.length; e++) {
            sum += logLoss(scores[e], stream.get(e).label());
        }
        return sum / scores.length;
    }

    /** Area under the ROC curve by the rank-sum statistic, ties sharing their mean rank. */
    public static double auc(double[] scores, List<LabelledVector> stream) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double meanRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (stream.get(order[k]).label() == 1.0) {
                    positiveRankSum += meanRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        return (positiveRankSum - positives * (positives + 1) / 2.0)
                / ((double) positives * negatives);
    }
}
