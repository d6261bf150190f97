package dev.tributary.jobs.report;

/**
 * A prequential metric the report can plot, with its name in a progress line ({@code
 * ExperimentStatus} JSON) and in {@code summary.json}, and which direction is better.
 */
enum Metric {
    LOG_LOSS("logLoss", "logloss", "Log loss", "log loss", true),
    AUC("auc", "auc", "AUC", "AUC", false),
    ACCURACY("accuracy", "accuracy", "Accuracy", "accuracy", false),
    RMSE("rmse", "rmse", "RMSE", "RMSE", true),
    MAE("mae", "mae", "MAE", "MAE", true);

    private final String progressName;
    private final String summaryName;
    private final String label;
    private final String inText;
    private final boolean lowerIsBetter;

    Metric(
            String progressName,
            String summaryName,
            String label,
            String inText,
            boolean lowerIsBetter) {
        this.progressName = progressName;
        this.summaryName = summaryName;
        this.label = label;
        this.inText = inText;
        this.lowerIsBetter = lowerIsBetter;
    }

    /** The field in a progress line's metrics. */
    String progressName() {
        return progressName;
    }

    /** The key in {@code summary.json}'s metrics. */
    String summaryName() {
        return summaryName;
    }

    /** How a person reads it: {@code Log loss}, {@code AUC}. */
    String label() {
        return label;
    }

    /** Its name inside a sentence: {@code log loss}, {@code AUC}. */
    String inText() {
        return inText;
    }

    boolean lowerIsBetter() {
        return lowerIsBetter;
    }
}
