package dev.tributary.evaluator.prequential;

import dev.tributary.core.supervision.Metrics;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Prequential metrics of a binary classifier accumulated since a starting point (the start of the
 * stream, or the last {@link #reset}), in memory that does not grow with the stream.
 *
 * <p>Every example is tested before the model trains on it (Dawid 1984; Gama, Sebastião and
 * Rodrigues, "On evaluating stream learning algorithms", Machine Learning 90, 2013). For examples
 * {@code i} with score {@code p_i}, label {@code y_i} in {0, 1} and weight {@code w_i}:
 *
 * <ul>
 *   <li>log loss is {@code -Σ w_i ln(clip(y_i ? p_i : 1 - p_i)) / Σ w_i}, with probabilities
 *       clipped to {@code [1e-15, 1 - 1e-15]};
 *   <li>accuracy is the weighted share of examples where {@code p_i >= 0.5} agrees with {@code
 *       y_i};
 *   <li>AUC is the weighted probability that a positive scores above a negative, ties counting one
 *       half.
 * </ul>
 *
 * <p><b>The AUC is approximate.</b> Scores go into {@value #BINS} bins of equal width in logit
 * space over {@code [-16, 16]} (probabilities from about {@code 1.1e-7} to {@code 1 - 1.1e-7};
 * scores beyond fall into the end bins), with the positive and negative weight of every bin. Bins
 * preserve the order of scores, so a positive and a negative in different bins are ranked exactly;
 * a pair in the same bin counts one half, as a tie would. The result therefore differs from the
 * exact AUC by at most {@link #aucErrorBound()}, {@code ½ Σ_b pos_b·neg_b / (P·N)}; on the streams
 * of calibrated models the actual difference is far smaller (below {@code 1e-4} in the tests).
 * Logit bins spend their resolution where scores of rare-event models crowd, near 0 and near 1.
 *
 * <p>A metric with no evidence yet is {@code NaN}: everything before the first example of positive
 * weight, AUC until both classes have positive weight. {@link #observe} is O(1) and allocates
 * nothing; {@link #metrics()} is O({@value #BINS}). Not thread-safe.
 */
public final class RunningMetrics {

    /** Number of histogram bins of the AUC estimate. */
    public static final int BINS = 4096;

    /** Bins cover logits in {@code [-LOGIT_LIMIT, LOGIT_LIMIT]}. */
    static final double LOGIT_LIMIT = 16.0;

    private static final double BINS_PER_LOGIT = BINS / (2 * LOGIT_LIMIT);
    private static final int FORMAT_VERSION = 1;
    private static final int HAS_POSITIVE = 1;
    private static final int HAS_NEGATIVE = 2;

    private long examples;
    private double weight;
    private double loss;
    private double correct;
    private double positives;
    private double negatives;
    private final double[] positiveBins = new double[BINS];
    private final double[] negativeBins = new double[BINS];

    /** Empty metrics: no examples, every value {@code NaN}. */
    public RunningMetrics() {}

    /**
     * Adds one example.
     *
     * @param score the model's probability of the positive class, in {@code [0, 1]}
     * @param label 0 or 1
     * @param weight the example's weight, finite and {@code >= 0}
     * @throws IllegalArgumentException if any of them is out of range; nothing is recorded then
     */
    public void observe(double score, double label, double weight) {
        Scoring.check(score, label, weight);
        boolean positive = label == 1.0;
        // Both log-probabilities serve twice: one is the loss, their difference is the logit.
        double logPositive = Scoring.logLikelihood(score, true);
        double logNegative = Scoring.logLikelihood(score, false);
        int bin = bin(logPositive - logNegative);
        examples++;
        this.weight += weight;
        loss -= weight * (positive ? logPositive : logNegative);
        if (Scoring.correct(score, positive)) {
            correct += weight;
        }
        if (positive) {
            positives += weight;
            positiveBins[bin] += weight;
        } else {
            negatives += weight;
            negativeBins[bin] += weight;
        }
    }

    /** Forgets every example, as if newly created. */
    public void reset() {
        examples = 0;
        weight = 0;
        loss = 0;
        correct = 0;
        positives = 0;
        negatives = 0;
        Arrays.fill(positiveBins, 0.0);
        Arrays.fill(negativeBins, 0.0);
    }

    /** Number of examples observed, whatever their weight. */
    public long examples() {
        return examples;
    }

    /** The metrics so far; see the class comment for their definitions. */
    public Metrics metrics() {
        if (examples == 0) {
            return Metrics.EMPTY;
        }
        boolean weighted = weight > 0;
        return new Metrics(
                examples,
                weighted ? loss / weight : Double.NaN,
                weighted ? correct / weight : Double.NaN,
                auc());
    }

    /**
     * The most the histogram AUC of {@link #metrics()} can differ from the exact AUC of the same
     * examples: half the weighted share of positive-negative pairs that share a bin. {@code NaN}
     * while the AUC is undefined.
     */
    public double aucErrorBound() {
        if (!(positives > 0 && negatives > 0)) {
            return Double.NaN;
        }
        double shared = 0;
        for (int b = 0; b < BINS; b++) {
            shared += positiveBins[b] * negativeBins[b];
        }
        return 0.5 * shared / positives / negatives;
    }

    private double auc() {
        if (!(positives > 0 && negatives > 0)) {
            return Double.NaN;
        }
        double negativesBelow = 0;
        double pairs = 0;
        for (int b = 0; b < BINS; b++) {
            pairs += positiveBins[b] * (negativesBelow + 0.5 * negativeBins[b]);
            negativesBelow += negativeBins[b];
        }
        return pairs / positives / negatives;
    }

    static int bin(double logit) {
        double position = (logit + LOGIT_LIMIT) * BINS_PER_LOGIT;
        if (!(position > 0)) {
            return 0;
        }
        return position >= BINS ? BINS - 1 : (int) position;
    }

    /**
     * Writes the complete state: format version 1, then the sums, then only the non-empty bins, so
     * that a fresh or narrow histogram costs a few bytes rather than {@code 2 · 8 · BINS}.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(examples);
        out.writeDouble(weight);
        out.writeDouble(loss);
        out.writeDouble(correct);
        out.writeDouble(positives);
        out.writeDouble(negatives);
        int used = 0;
        for (int b = 0; b < BINS; b++) {
            if (positiveBins[b] != 0 || negativeBins[b] != 0) {
                used++;
            }
        }
        out.writeInt(used);
        for (int b = 0; b < BINS; b++) {
            double p = positiveBins[b];
            double n = negativeBins[b];
            if (p == 0 && n == 0) {
                continue;
            }
            out.writeShort(b);
            out.writeByte((p != 0 ? HAS_POSITIVE : 0) | (n != 0 ? HAS_NEGATIVE : 0));
            if (p != 0) {
                out.writeDouble(p);
            }
            if (n != 0) {
                out.writeDouble(n);
            }
        }
    }

    /**
     * Reads what {@link #writeTo} wrote. The result behaves exactly as the instance that was
     * written: the same metrics, and the same bytes when written again.
     *
     * @throws IOException on an unknown format version or inconsistent data
     */
    public static RunningMetrics read(DataInput in) throws IOException {
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "cannot read RunningMetrics format version "
                            + version
                            + ": this build reads version "
                            + FORMAT_VERSION);
        }
        RunningMetrics m = new RunningMetrics();
        m.examples = in.readLong();
        m.weight = in.readDouble();
        m.loss = in.readDouble();
        m.correct = in.readDouble();
        m.positives = in.readDouble();
        m.negatives = in.readDouble();
        if (m.examples < 0) {
            throw corrupt("negative example count " + m.examples);
        }
        int used = in.readInt();
        if (used < 0 || used > BINS) {
            throw corrupt(used + " bins in use, expected 0.." + BINS);
        }
        int previous = -1;
        for (int i = 0; i < used; i++) {
            int b = in.readUnsignedShort();
            if (b <= previous || b >= BINS) {
                throw corrupt("bin " + b + " after bin " + previous);
            }
            previous = b;
            int flags = in.readUnsignedByte();
            if (flags == 0 || (flags & ~(HAS_POSITIVE | HAS_NEGATIVE)) != 0) {
                throw corrupt("bin flags " + flags);
            }
            if ((flags & HAS_POSITIVE) != 0) {
                m.positiveBins[b] = in.readDouble();
            }
            if ((flags & HAS_NEGATIVE) != 0) {
                m.negativeBins[b] = in.readDouble();
            }
        }
        return m;
    }

    private static IOException corrupt(String what) {
        return new IOException("corrupt RunningMetrics state: " + what);
    }
}
