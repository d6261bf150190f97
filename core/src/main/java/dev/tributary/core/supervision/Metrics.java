package dev.tributary.core.supervision;

/**
 * Prequential (test-then-train) metrics over some stretch of examples. A metric that is not defined
 * yet (AUC before both classes were seen, anything before the first example) is {@code NaN}, never
 * a made-up number: an absent measurement must not pass for a good one.
 *
 * <p>Which metrics are defined depends on the task: log loss, accuracy, AUC, precision, recall, F1
 * and expected calibration error for binary labels; the same but AUC for classes; RMSE and MAE for
 * numbers. The others stay {@code NaN}. Every metric weighs examples by their weight.
 *
 * <p>Binary precision, recall and F1 are those of class 1 at threshold 0.5. Multiclass ones are
 * macro averages, each over the classes for which it is defined: precision over the classes that
 * were predicted, recall over the classes that occurred as labels, F1 ({@code 2TP / (2TP + FP +
 * FN)} per class) over the classes that did either. Hence the multiclass F1 is not the harmonic
 * mean of the macro precision and recall.
 *
 * @param examples number of examples (a count, whatever their weights)
 * @param logLoss mean weighted log loss (binary, multiclass)
 * @param accuracy weighted share of correct decisions: at threshold 0.5 (binary), the most likely
 *     class (multiclass)
 * @param auc area under the ROC curve (binary)
 * @param rmse root of the weighted mean squared error (regression)
 * @param mae weighted mean absolute error (regression)
 * @param precision {@code TP / (TP + FP)}; {@code NaN} while nothing was predicted positive
 *     (binary), macro-averaged (multiclass)
 * @param recall {@code TP / (TP + FN)}; {@code NaN} while no label was positive (binary),
 *     macro-averaged (multiclass)
 * @param f1 {@code 2TP / (2TP + FP + FN)}, the harmonic mean of precision and recall where both are
 *     defined, 0 where either is 0; {@code NaN} while nothing was positive, predicted or labelled
 *     (binary), macro-averaged (multiclass)
 * @param ece expected calibration error over 10 bins of equal width, {@code [0, 0.1), ..., [0.9,
 *     1]}: {@code Σ_b (W_b / W) |mean prediction_b - observed rate_b|}. Binary: bins of {@code
 *     P(1)}, against the share of label 1. Multiclass: bins of the top probability, against the
 *     share of correct top classes (top-label ECE: Guo et al., "On Calibration of Modern Neural
 *     Networks", ICML 2017)
 */
public record Metrics(
        long examples,
        double logLoss,
        double accuracy,
        double auc,
        double rmse,
        double mae,
        double precision,
        double recall,
        double f1,
        double ece) {

    public static final Metrics EMPTY =
            new Metrics(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** Metrics without precision, recall, F1 and ECE, which are {@code NaN}. */
    public Metrics(
            long examples, double logLoss, double accuracy, double auc, double rmse, double mae) {
        this(
                examples,
                logLoss,
                accuracy,
                auc,
                rmse,
                mae,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN);
    }

    /** Metrics of a classifier, whose regression, precision, recall, F1 and ECE are undefined. */
    public Metrics(long examples, double logLoss, double accuracy, double auc) {
        this(examples, logLoss, accuracy, auc, Double.NaN, Double.NaN);
    }
}
