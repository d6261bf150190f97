package dev.tributary.evaluator.prequential;

import dev.tributary.core.supervision.Metrics;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The weighted counts behind a classifier's precision, recall, F1 and expected calibration error,
 * shared by {@link RunningMetrics} (summed since a starting point), {@link WindowMetrics} (summed
 * over the window when asked) and {@link FadingMetrics} (scaled down before every example), so that
 * all three define the metrics identically.
 *
 * <p>Per class of interest (binary: class 1 alone; multiclass: every class {@code k}): the weight
 * of examples predicted {@code k}, labelled {@code k}, and both (the true positives). Per
 * calibration bin {@code b} of {@value #CALIBRATION_BINS} of equal width ({@code [0, 0.1), ...,
 * [0.9, 1]}): {@code P_b}, the weighted sum of the binned probabilities, and {@code H_b}, the
 * weight of the hits among them; binary bins the probability of class 1, a hit being label 1;
 * multiclass bins the top probability, a hit being a right top class (Guo et al. 2017). Then {@code
 * ECE = Σ_b |P_b - H_b| / W}, which is {@code Σ_b (W_b / W) |P_b / W_b - H_b / W_b|} without
 * dividing by empty bins.
 *
 * <p>Only additions and multiplications by a factor in (0, 1]: a count is exactly 0 until an
 * example of positive weight reaches it, and a part never exceeds its whole (floating-point
 * addition and multiplication are monotone), so no ratio exceeds 1. Not thread-safe.
 */
final class ClassificationCounts {

    static final int CALIBRATION_BINS = 10;

    private final double[] truePositives;
    private final double[] predicted;
    private final double[] actual;
    private final double[] binProbability = new double[CALIBRATION_BINS];
    private final double[] binHits = new double[CALIBRATION_BINS];
    private double weight;

    /**
     * @param classes 1 for a binary classifier (the counts are those of class 1), the number of
     *     classes of a multiclass one
     */
    ClassificationCounts(int classes) {
        truePositives = new double[classes];
        predicted = new double[classes];
        actual = new double[classes];
    }

    /** Adds a checked binary example: the probability of class 1, whether the label is 1. */
    void addBinary(double score, boolean positive, double w) {
        if (score >= Scoring.THRESHOLD) {
            predicted[0] += w;
            if (positive) {
                truePositives[0] += w;
            }
        }
        if (positive) {
            actual[0] += w;
        }
        addCalibration(score, positive, w);
    }

    /**
     * Adds a checked multiclass example.
     *
     * @param truth the label's class
     * @param top the most likely class
     * @param confidence its probability
     */
    void addClasses(int truth, int top, double confidence, double w) {
        predicted[top] += w;
        actual[truth] += w;
        if (top == truth) {
            truePositives[truth] += w;
        }
        addCalibration(confidence, top == truth, w);
    }

    private void addCalibration(double probability, boolean hit, double w) {
        int b = calibrationBin(probability);
        binProbability[b] += w * probability;
        if (hit) {
            binHits[b] += w;
        }
        weight += w;
    }

    /** {@code floor(10 p)}, with 1 in the last bin. */
    static int calibrationBin(double probability) {
        return Math.min(CALIBRATION_BINS - 1, (int) (probability * CALIBRATION_BINS));
    }

    /** Multiplies every count by {@code factor}, in (0, 1]: fading. */
    void scale(double factor) {
        for (int k = 0; k < predicted.length; k++) {
            truePositives[k] *= factor;
            predicted[k] *= factor;
            actual[k] *= factor;
        }
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            binProbability[b] *= factor;
            binHits[b] *= factor;
        }
        weight *= factor;
    }

    /** Makes these counts, of the same number of classes, equal to {@code other}. */
    void copyFrom(ClassificationCounts other) {
        System.arraycopy(other.truePositives, 0, truePositives, 0, truePositives.length);
        System.arraycopy(other.predicted, 0, predicted, 0, predicted.length);
        System.arraycopy(other.actual, 0, actual, 0, actual.length);
        System.arraycopy(other.binProbability, 0, binProbability, 0, CALIBRATION_BINS);
        System.arraycopy(other.binHits, 0, binHits, 0, CALIBRATION_BINS);
        weight = other.weight;
    }

    void reset() {
        Arrays.fill(truePositives, 0.0);
        Arrays.fill(predicted, 0.0);
        Arrays.fill(actual, 0.0);
        Arrays.fill(binProbability, 0.0);
        Arrays.fill(binHits, 0.0);
        weight = 0;
    }

    /**
     * The metrics with these counts' precision, recall, F1 and ECE, or with {@code NaN} for them
     * when {@code known} is false (the counts do not cover the examples the others describe).
     */
    Metrics metrics(long examples, double logLoss, double accuracy, double auc, boolean known) {
        return new Metrics(
                examples,
                logLoss,
                accuracy,
                auc,
                Double.NaN,
                Double.NaN,
                known ? precision() : Double.NaN,
                known ? recall() : Double.NaN,
                known ? f1() : Double.NaN,
                known ? ece() : Double.NaN);
    }

    /** Mean {@code TP / predicted} over the classes predicted; {@code NaN} if none was. */
    double precision() {
        return macro(predicted, null);
    }

    /** Mean {@code TP / actual} over the classes labelled; {@code NaN} if none was. */
    double recall() {
        return macro(actual, null);
    }

    /** Mean {@code 2 TP / (predicted + actual)} over the classes predicted or labelled. */
    double f1() {
        return macro(predicted, actual);
    }

    private double macro(double[] first, double[] second) {
        double sum = 0;
        int defined = 0;
        for (int k = 0; k < first.length; k++) {
            double denominator = second == null ? first[k] : first[k] + second[k];
            if (denominator > 0) {
                sum += (second == null ? 1 : 2) * truePositives[k] / denominator;
                defined++;
            }
        }
        return defined == 0 ? Double.NaN : sum / defined;
    }

    /** {@code Σ_b |P_b - H_b| / W}; {@code NaN} without weight. */
    double ece() {
        if (!(weight > 0)) {
            return Double.NaN;
        }
        double gap = 0;
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            gap += Math.abs(binProbability[b] - binHits[b]);
        }
        return gap / weight;
    }

    /**
     * Writes the weight, then per class its true positives, predicted and actual weight, then per
     * calibration bin {@code P_b} and {@code H_b}: {@code 8 · (1 + 3C + 20)} bytes.
     */
    void writeTo(DataOutput out) throws IOException {
        out.writeDouble(weight);
        for (int k = 0; k < predicted.length; k++) {
            out.writeDouble(truePositives[k]);
            out.writeDouble(predicted[k]);
            out.writeDouble(actual[k]);
        }
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            out.writeDouble(binProbability[b]);
            out.writeDouble(binHits[b]);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote into these counts, of the same number of classes.
     *
     * @param what the state being read, for error messages
     * @throws IOException if a count is negative, not finite, or a part exceeds its whole
     */
    void readFrom(DataInput in, String what) throws IOException {
        weight = count(in, what, "weight");
        for (int k = 0; k < predicted.length; k++) {
            truePositives[k] = count(in, what, "true positives of class " + k);
            predicted[k] = count(in, what, "predicted weight of class " + k);
            actual[k] = count(in, what, "actual weight of class " + k);
            if (truePositives[k] > predicted[k] || truePositives[k] > actual[k]) {
                throw new IOException(
                        "corrupt " + what + " state: more true positives than predicted or actual");
            }
        }
        for (int b = 0; b < CALIBRATION_BINS; b++) {
            binProbability[b] = count(in, what, "probability sum of calibration bin " + b);
            binHits[b] = count(in, what, "hits of calibration bin " + b);
        }
    }

    private static double count(DataInput in, String what, String name) throws IOException {
        double value = in.readDouble();
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IOException(
                    "corrupt "
                            + what
                            + " state: "
                            + name
                            + " must be finite and >= 0, was "
                            + value);
        }
        return value;
    }
}
