package dev.tributary.core.supervision;

/**
 * Prequential (test-then-train) metrics over some stretch of examples. A metric that is not defined
 * yet (AUC before both classes were seen, anything before the first example) is {@code NaN}, never
 * a made-up number: an absent measurement must not pass for a good one.
 *
 * @param examples number of examples (sum of weights rounded down is not used: this is a count)
 * @param logLoss mean weighted log loss
 * @param accuracy weighted share of correct decisions at threshold 0.5
 * @param auc area under the ROC curve
 */
public record Metrics(long examples, double logLoss, double accuracy, double auc) {

    public static final Metrics EMPTY = new Metrics(0, Double.NaN, Double.NaN, Double.NaN);
}
