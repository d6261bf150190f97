package dev.tributary.core.supervision;

/**
 * Prequential (test-then-train) metrics over some stretch of examples. A metric that is not defined
 * yet (AUC before both classes were seen, anything before the first example) is {@code NaN}, never
 * a made-up number: an absent measurement must not pass for a good one.
 *
 * @param examples number of examples (sum of weights rounded down is not used: this is a count)
 * @param logLoss mean weighted log loss
 * @param accuracy weighted share of correct decisions at threshold 0.5
 *     <p>Which metrics are defined depends on the task: log loss, accuracy and AUC for binary
 *     labels; log loss (cross-entropy) and accuracy for classes; RMSE and MAE for numbers. The
 *     others stay {@code NaN}.
 * @param examples number of examples (sum of weights rounded down is not used: this is a count)
 * @param logLoss mean weighted log loss (binary, multiclass)
 * @param accuracy weighted share of correct decisions: at threshold 0.5 (binary), the most likely
 *     class (multiclass)
 * @param auc area under the ROC curve (binary)
 * @param rmse root of the weighted mean squared error (regression)
 * @param mae weighted mean absolute error (regression)
 */
public record Metrics(
        long examples, double logLoss, double accuracy, double auc, double rmse, double mae) {

    public static final Metrics EMPTY =
            new Metrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Metrics of a classifier, whose regression metrics are undefined. */
    public Metrics(long examples, double logLoss, double accuracy, double auc) {
        this(examples, logLoss, accuracy, auc, Double.NaN, Double.NaN);
    }
}
