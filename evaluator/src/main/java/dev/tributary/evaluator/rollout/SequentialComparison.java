package dev.tributary.evaluator.rollout;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A sequential comparison of a challenger with the champion on the same labelled examples, valid
 * under continuous monitoring: its verdict may be read after every example, and a rollout may act
 * on the first verdict it sees, without inflating the error rate (no "peeking" problem).
 *
 * <p>It is fed, per labelled example that both models scored, the pair {@code (championLoss,
 * challengerLoss)}. A loss that is {@code NaN}, infinite or negative makes the pair {@code
 * invalid}: it is counted and never used as evidence. A valid loss is clipped to {@code [0, L]}
 * ({@code L = lossClip}, default 10 nats, the log loss of a probability of {@code e^-10 ≈ 4.5e-5}
 * on the true class), so each difference {@code d_i = clip(championLoss) - clip(challengerLoss)}
 * lies in {@code [-L, L]}. The parameter judged is the mean {@code μ} of {@code d} (of the clipped
 * losses; for i.i.d. pairs, otherwise the average conditional mean): positive when the challenger
 * is better.
 *
 * <p>The method is the empirical-Bernstein confidence sequence with the polynomial stitching
 * boundary of Howard, Ramdas, McAuliffe and Sekhon, "Time-uniform, nonparametric, nonasymptotic
 * confidence sequences", Annals of Statistics 49(2), 2021 (Theorem 4 with Theorem 1, eq. (10)). It
 * assumes only bounded observations, no normality. After {@code t} valid pairs, with the sample
 * mean {@code d̄_t} and the predictable variance process
 *
 * <pre>
 *   V_t = Σ_{i ≤ t} (d_i - d̄_{i-1})²      (d̄_0 = 0; d̄_{i-1} ∈ [-L, L] is known before d_i),
 * </pre>
 *
 * {@code S_t = Σ (d_i - μ)} is sub-exponential with variance process {@code V_t} and scale {@code c
 * = 2L} (Theorem 4), so for {@code v ≥ m} the stitched boundary
 *
 * <pre>
 *   u(v) = sqrt(k1² v ℓ(v) + (k2 c ℓ(v))²) + k2 c ℓ(v),
 *   ℓ(v) = s ln ln(η v / m) + ln(ζ(s) / (ln η)^s) + ln(2 / α),
 *   k1 = (η^(1/4) + η^(-1/4)) / √2,   k2 = (√η + 1) / 2,
 * </pre>
 *
 * is crossed by {@code S_t} or by {@code -S_t} at any time {@code t ≥ 1}, evaluated at {@code
 * max(V_t, m)}, with probability at most {@code α/2} each (Theorem 1 with the error split over the
 * two sides). Hence, with probability at least {@code 1 - α}, for all {@code t} simultaneously,
 *
 * <pre>
 *   μ ∈ [d̄_t - u(max(V_t, m)) / t,  d̄_t + u(max(V_t, m)) / t] ∩ [-L, L],
 * </pre>
 *
 * and this holds at any stopping time: the verdict may be read as often as wanted. The constants
 * are the paper's recommendation, {@code s = 1.4} and {@code η = 2} ({@code ζ} is the Riemann zeta
 * function, {@code ζ(1.4) = 3.1055...}). {@code m} ({@code vMin}, default 100 in squared loss
 * units: about 1,000 pairs with a difference variance of 0.1) is where the boundary is tightest; it
 * is fixed in advance, never tuned on the data.
 *
 * <p>The verdict, from {@code t} valid pairs and that interval {@code [lower, upper]}:
 *
 * <ul>
 *   <li>{@link Verdict#CHALLENGER_BETTER} if {@code t >= minPairs} (default 1,000) and {@code lower
 *       > margin} (default 0; a positive margin asks for a practically relevant improvement);
 *   <li>else {@link Verdict#CHALLENGER_WORSE} if {@code upper < 0}, whatever {@code t};
 *   <li>else {@link Verdict#INCONCLUSIVE}, and always without valid pairs.
 * </ul>
 *
 * <p>The asymmetry is deliberate. A promotion is the risky action: {@code minPairs} guards it
 * against what the statistics cannot see (a novelty effect, an unrepresentative first burst of
 * traffic, a label stream that delivers the easy labels first). A rollback is the safe action: the
 * confidence sequence is valid at any time, so a challenger already proven worse at level {@code
 * α/2} is reported at once, rather than kept on live traffic until {@code minPairs}. The boundary
 * itself still asks for dozens of pairs even for a challenger that loses {@code L} on every
 * example, and hundreds for realistic differences. Under the null {@code μ = 0} the probability of
 * ever declaring {@code CHALLENGER_BETTER} is at most {@code α/2}; for {@code μ < 0} it is smaller.
 *
 * <p>The {@link Evidence#statistic()} is the standardized mean {@code d̄_t / (u(max(V_t, m)) / t)}:
 * the interval (before the intersection with {@code [-L, L]}) excludes 0 exactly when its magnitude
 * exceeds 1; {@code NaN} without pairs. Without pairs the interval is the trivial {@code [-L, L]}
 * and the mean is {@code NaN}.
 *
 * <p>The state is O(1): counts, the Welford running mean and sum of squares, and {@code V_t}. All
 * arithmetic is {@code StrictMath} or exact IEEE operations, so the same stream gives the same
 * verdicts on every JVM. Not thread-safe.
 */
public final class SequentialComparison {

    /** The default error probability {@code α} of the confidence sequence (both sides). */
    public static final double DEFAULT_ALPHA = 0.05;

    /** The default number of valid pairs before a challenger can be declared better. */
    public static final long DEFAULT_MIN_PAIRS = 1_000;

    /** The default margin the lower end must exceed for {@code CHALLENGER_BETTER}. */
    public static final double DEFAULT_MARGIN = 0.0;

    /** The default clip bound {@code L}: each loss is clipped to {@code [0, L]}, in nats. */
    public static final double DEFAULT_LOSS_CLIP = 10.0;

    /** The default {@code m}, the variance process at which the boundary is tightest. */
    public static final double DEFAULT_V_MIN = 100.0;

    /** The stitching exponent {@code s} recommended by Howard et al. (2021). */
    static final double S = 1.4;

    /** The stitching epoch ratio {@code η} recommended by Howard et al. (2021). */
    static final double ETA = 2.0;

    /** {@code ζ(1.4)}, the Riemann zeta function at {@code s}. */
    static final double ZETA_S = 3.105547277977581;

    private static final int FORMAT_VERSION = 1;

    private final double alpha;
    private final long minPairs;
    private final double margin;
    private final double lossClip;
    private final double vMin;

    private final double k1Squared;
    private final double k2c;
    private final double ellConstant;

    private long pairs;
    private long invalid;
    private double mean;
    private double sumSquares;
    private double varianceProcess;

    /** A comparison with the defaults: α 0.05, 1,000 pairs, margin 0, losses clipped to 10. */
    public SequentialComparison() {
        this(DEFAULT_ALPHA, DEFAULT_MIN_PAIRS, DEFAULT_MARGIN, DEFAULT_LOSS_CLIP, DEFAULT_V_MIN);
    }

    /**
     * A comparison with the given parameters.
     *
     * @param alpha the error probability of the confidence sequence, in {@code (0, 1)}
     * @param minPairs valid pairs before {@code CHALLENGER_BETTER} is possible, {@code >= 1}
     * @param margin what the interval's lower end must exceed for {@code CHALLENGER_BETTER},
     *     finite, {@code >= 0} and {@code < lossClip}
     * @param lossClip the clip bound {@code L} of each loss, finite and {@code > 0}
     * @param vMin the boundary's {@code m}, finite and {@code > 0}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public SequentialComparison(
            double alpha, long minPairs, double margin, double lossClip, double vMin) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha " + alpha + " must be in (0, 1)");
        }
        if (minPairs < 1) {
            throw new IllegalArgumentException("minPairs " + minPairs + " must be >= 1");
        }
        if (!(lossClip > 0) || Double.isInfinite(lossClip)) {
            throw new IllegalArgumentException("lossClip " + lossClip + " must be finite and > 0");
        }
        if (!(margin >= 0 && margin < lossClip)) {
            throw new IllegalArgumentException(
                    "margin " + margin + " must be >= 0 and < lossClip " + lossClip);
        }
        if (!(vMin > 0) || Double.isInfinite(vMin)) {
            throw new IllegalArgumentException("vMin " + vMin + " must be finite and > 0");
        }
        this.alpha = alpha;
        this.minPairs = minPairs;
        this.margin = margin;
        this.lossClip = lossClip;
        this.vMin = vMin;
        double k1 = (StrictMath.pow(ETA, 0.25) + StrictMath.pow(ETA, -0.25)) / StrictMath.sqrt(2);
        this.k1Squared = k1 * k1;
        this.k2c = (StrictMath.sqrt(ETA) + 1) / 2 * (2 * lossClip);
        this.ellConstant =
                StrictMath.log(ZETA_S / StrictMath.pow(StrictMath.log(ETA), S))
                        + StrictMath.log(2 / alpha);
    }

    /**
     * Records one labelled example scored by both models. If either loss is {@code NaN}, infinite
     * or negative the example only counts as invalid; otherwise both are clipped to {@code [0, L]}
     * and their difference becomes evidence.
     *
     * @param championLoss the champion's loss on the example
     * @param challengerLoss the challenger's loss on the same example
     * @return whether the pair was valid
     */
    public boolean observe(double championLoss, double challengerLoss) {
        if (!validLoss(championLoss) || !validLoss(challengerLoss)) {
            invalid++;
            return false;
        }
        double d =
                StrictMath.min(championLoss, lossClip) - StrictMath.min(challengerLoss, lossClip);
        double delta = d - mean;
        pairs++;
        varianceProcess += delta * delta;
        mean += delta / pairs;
        sumSquares += delta * (d - mean);
        return true;
    }

    private static boolean validLoss(double loss) {
        return loss >= 0 && loss != Double.POSITIVE_INFINITY;
    }

    /** The verdict so far, with the numbers behind it; reading it changes nothing. */
    public Evidence evidence() {
        if (pairs == 0) {
            return new Evidence(
                    Verdict.INCONCLUSIVE, 0, invalid, Double.NaN, -lossClip, lossClip, Double.NaN);
        }
        double halfWidth = boundary(varianceProcess) / pairs;
        double lower = StrictMath.max(-lossClip, mean - halfWidth);
        double upper = StrictMath.min(lossClip, mean + halfWidth);
        Verdict verdict;
        if (pairs >= minPairs && lower > margin) {
            verdict = Verdict.CHALLENGER_BETTER;
        } else if (upper < 0) {
            verdict = Verdict.CHALLENGER_WORSE;
        } else {
            verdict = Verdict.INCONCLUSIVE;
        }
        return new Evidence(verdict, pairs, invalid, mean, lower, upper, mean / halfWidth);
    }

    /**
     * The stitched boundary {@code u(max(v, m))} for the sum of the centred differences (see the
     * class comment), at {@code α/2} per side.
     */
    double boundary(double v) {
        double useV = StrictMath.max(v, vMin);
        double ell = S * StrictMath.log(StrictMath.log(ETA * useV / vMin)) + ellConstant;
        double linear = k2c * ell;
        return StrictMath.sqrt(k1Squared * useV * ell + linear * linear) + linear;
    }

    /** Valid pairs so far. */
    public long pairs() {
        return pairs;
    }

    /** Examples refused as evidence so far. */
    public long invalid() {
        return invalid;
    }

    /** The sample variance of the clipped differences; {@code NaN} with fewer than two pairs. */
    public double variance() {
        return pairs < 2 ? Double.NaN : sumSquares / (pairs - 1);
    }

    /**
     * Writes the format version (int, 1), the valid and invalid counts (longs), the running mean,
     * the Welford sum of squares and the variance process {@code V_t} (doubles). Parameters are not
     * written: they come from the configuration when reading.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(pairs);
        out.writeLong(invalid);
        out.writeDouble(mean);
        out.writeDouble(sumSquares);
        out.writeDouble(varianceProcess);
    }

    /**
     * Reads what {@link #writeTo} wrote into a comparison with the default parameters; it continues
     * exactly as the written one would.
     *
     * @throws IOException on an unknown format version or inconsistent data
     */
    public static SequentialComparison read(DataInput in) throws IOException {
        return read(
                in,
                DEFAULT_ALPHA,
                DEFAULT_MIN_PAIRS,
                DEFAULT_MARGIN,
                DEFAULT_LOSS_CLIP,
                DEFAULT_V_MIN);
    }

    /**
     * Reads what {@link #writeTo} wrote into a comparison with the given parameters (see {@link
     * #SequentialComparison(double, long, double, double, double)}); it continues exactly as the
     * written one would.
     *
     * @throws IOException on an unknown format version or inconsistent data
     */
    public static SequentialComparison read(
            DataInput in, double alpha, long minPairs, double margin, double lossClip, double vMin)
            throws IOException {
        SequentialComparison comparison =
                new SequentialComparison(alpha, minPairs, margin, lossClip, vMin);
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "cannot read sequential comparison format version "
                            + version
                            + ": this build reads version "
                            + FORMAT_VERSION);
        }
        comparison.pairs = in.readLong();
        comparison.invalid = in.readLong();
        comparison.mean = in.readDouble();
        comparison.sumSquares = in.readDouble();
        comparison.varianceProcess = in.readDouble();
        if (comparison.pairs < 0 || comparison.invalid < 0) {
            throw new IOException(
                    "corrupt sequential comparison state: "
                            + comparison.pairs
                            + " pairs, "
                            + comparison.invalid
                            + " invalid");
        }
        boolean empty = comparison.pairs == 0;
        if (!(StrictMath.abs(comparison.mean) <= lossClip)
                || !(comparison.sumSquares >= 0)
                || !(comparison.varianceProcess >= 0)
                || Double.isInfinite(comparison.sumSquares)
                || Double.isInfinite(comparison.varianceProcess)
                || (empty
                        && (comparison.mean != 0
                                || comparison.sumSquares != 0
                                || comparison.varianceProcess != 0))) {
            throw new IOException(
                    "corrupt sequential comparison state: mean "
                            + comparison.mean
                            + ", sum of squares "
                            + comparison.sumSquares
                            + ", variance process "
                            + comparison.varianceProcess
                            + " after "
                            + comparison.pairs
                            + " pairs");
        }
        return comparison;
    }
}
