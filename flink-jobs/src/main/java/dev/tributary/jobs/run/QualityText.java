package dev.tributary.jobs.run;

import dev.tributary.core.supervision.FeatureStability;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.SliceEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The defined metrics of a model, as one line of text: log loss, accuracy and AUC of a binary
 * model, log loss and accuracy of a multiclass one, RMSE and MAE of a regression. A metric that
 * does not apply to the task is left out rather than shown as {@code NaN}.
 */
public final class QualityText {

    private QualityText() {}

    /** For example {@code log loss 0.4478, accuracy 0.8071, AUC 0.7674}. */
    public static String of(Metrics m, String separator) {
        List<String> parts = new ArrayList<>();
        add(parts, "log loss", m.logLoss());
        add(parts, "accuracy", m.accuracy());
        add(parts, "AUC", m.auc());
        add(parts, "RMSE", m.rmse());
        add(parts, "MAE", m.mae());
        return parts.isEmpty() ? "no metrics yet" : String.join(separator, parts);
    }

    /**
     * The same, followed by the classification metrics of a binary or multiclass model: precision,
     * recall, F1 and expected calibration error.
     */
    public static String detailed(Metrics m, String separator) {
        List<String> parts = new ArrayList<>();
        add(parts, "precision", m.precision());
        add(parts, "recall", m.recall());
        add(parts, "F1", m.f1());
        add(parts, "ECE", m.ece());
        String base = of(m, separator);
        return parts.isEmpty() ? base : base + separator + String.join(separator, parts);
    }

    /**
     * The worst slices in a line, e.g. {@code ORD log loss 0.6120 (n 1,234); ATL log loss 0.5841 (n
     * 2,001)}: each slice's loss (log loss, or RMSE for regression) and example count; empty for
     * none.
     */
    public static String worstSlices(SliceEvaluation[] slices) {
        List<String> parts = new ArrayList<>();
        for (SliceEvaluation slice : slices) {
            Metrics m = slice.metrics();
            boolean regression = Double.isNaN(m.logLoss());
            parts.add(
                    String.format(
                            Locale.ROOT,
                            "%s %s %.4f (n %,d)",
                            slice.slice(),
                            regression ? "RMSE" : "log loss",
                            regression ? m.rmse() : m.logLoss(),
                            m.examples()));
        }
        return String.join("; ", parts);
    }

    /**
     * Every feature's population stability in a line, e.g. {@code distance 0.0031 stable; delay
     * 0.4120 significant}; a feature without an index yet says {@code undefined}; empty for none.
     */
    public static String featureDrift(FeatureStability[] features) {
        List<String> parts = new ArrayList<>();
        for (FeatureStability f : features) {
            parts.add(
                    Double.isNaN(f.psi())
                            ? f.feature() + " " + f.shift()
                            : String.format(
                                    Locale.ROOT, "%s %.4f %s", f.feature(), f.psi(), f.shift()));
        }
        return String.join("; ", parts);
    }

    private static void add(List<String> parts, String name, double value) {
        if (!Double.isNaN(value)) {
            parts.add(String.format(Locale.ROOT, "%s %.4f", name, value));
        }
    }
}
