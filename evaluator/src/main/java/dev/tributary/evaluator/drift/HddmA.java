package dev.tributary.evaluator.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * HDDM_A, the drift detection method with the A-test (averages) of Frías-Blanco, del Campo-Ávila,
 * Ramos-Jiménez, Morales-Bueno, Ortiz-Díaz and Caballero-Mota, "Online and Non-Parametric Drift
 * Detection Methods Based on Hoeffding's Bounds", IEEE Transactions on Knowledge and Data
 * Engineering 27(3), 2015. It compares the mean of a stream's prefix with the mean of the whole
 * stream, with Hoeffding's inequality for the bound, so that it assumes nothing of the distribution
 * but that values lie in {@code [0, 1]}.
 *
 * <p>It reads a 0/1 error indicator per example and, one-sided, detects an <em>increase</em> of the
 * error rate. After example {@code n} (since the start or the last reset), with {@code Z̄_n} the
 * mean of all {@code n} values:
 *
 * <ul>
 *   <li>with {@code ε_k = sqrt(ln(1/α_D) / (2k))}, the cut point {@code c} moves to {@code n}
 *       whenever {@code Z̄_n + ε_n <= X̄_c + ε_c}, where {@code X̄_c} is the mean of the first
 *       {@code c} values: the cut is the prefix whose mean's upper bound is lowest;
 *   <li>if {@code c < n}, the test at confidence {@code α} is {@code Z̄_n - X̄_c >= ε(α)} with
 *       {@code ε(α) = sqrt((n - c) / (2 c n) · ln(2/α))}: DRIFT if it holds at {@code α_D}, else
 *       WARNING if it holds at {@code α_W}, else STABLE.
 * </ul>
 *
 * <p>The bound with {@code ln(2/α)} and the cut with {@code ln(1/α_D)} follow the authors' own
 * implementation in MOA ({@code HDDM_A_Test}). The defaults are the paper's: {@code α_D = 0.001},
 * {@code α_W = 0.005}. After a DRIFT the detector resets itself. Sums are integer counts and the
 * logarithms are computed once with {@link StrictMath}, so the states are the same on every JVM.
 * Not thread-safe.
 */
public final class HddmA implements DriftDetector {

    /** The paper's confidence of a drift, {@code α_D}. */
    public static final double DEFAULT_DRIFT_CONFIDENCE = 0.001;

    /** The paper's confidence of a warning, {@code α_W}. */
    public static final double DEFAULT_WARNING_CONFIDENCE = 0.005;

    private static final int FORMAT_VERSION = 1;
    private static final String NAME = "hddm-a";

    private final double driftConfidence;
    private final double warningConfidence;

    /** {@code ln(1/α_D) / 2}: {@code ε_k = sqrt(cutFactor / k)}. */
    private final double cutFactor;

    /** {@code ln(2/α_D) / 2}: {@code ε(α_D) = sqrt(driftFactor · (n - c) / (c n))}. */
    private final double driftFactor;

    /** {@code ln(2/α_W) / 2}. */
    private final double warningFactor;

    private long examples;
    private long errors;
    private long cutExamples;
    private long cutErrors;
    private DriftState state;

    /** A detector with the paper's parameters. */
    public HddmA() {
        this(DEFAULT_DRIFT_CONFIDENCE, DEFAULT_WARNING_CONFIDENCE);
    }

    /**
     * A detector with the given parameters.
     *
     * @param driftConfidence {@code α_D}, in {@code (0, 1)}
     * @param warningConfidence {@code α_W}, in {@code (α_D, 1)}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public HddmA(double driftConfidence, double warningConfidence) {
        if (!(driftConfidence > 0 && driftConfidence < 1)) {
            throw new IllegalArgumentException(
                    "driftConfidence " + driftConfidence + " must be in (0, 1)");
        }
        if (!(warningConfidence > driftConfidence && warningConfidence < 1)) {
            throw new IllegalArgumentException(
                    "warningConfidence "
                            + warningConfidence
                            + " must be in (driftConfidence "
                            + driftConfidence
                            + ", 1)");
        }
        this.driftConfidence = driftConfidence;
        this.warningConfidence = warningConfidence;
        this.cutFactor = StrictMath.log(1 / driftConfidence) / 2;
        this.driftFactor = StrictMath.log(2 / driftConfidence) / 2;
        this.warningFactor = StrictMath.log(2 / warningConfidence) / 2;
        reset();
    }

    @Override
    public DriftState update(double value) {
        boolean error = DetectorFormat.isError(value);
        examples++;
        if (error) {
            errors++;
        }
        double mean = (double) errors / examples;
        if (cutExamples == 0
                || mean + StrictMath.sqrt(cutFactor / examples)
                        <= (double) cutErrors / cutExamples
                                + StrictMath.sqrt(cutFactor / cutExamples)) {
            cutExamples = examples;
            cutErrors = errors;
        }
        if (increased(driftFactor)) {
            reset();
            state = DriftState.DRIFT;
        } else if (increased(warningFactor)) {
            state = DriftState.WARNING;
        } else {
            state = DriftState.STABLE;
        }
        return state;
    }

    /** Whether {@code Z̄_n - X̄_c >= sqrt(factor · (n - c) / (c n))}; false when {@code c = n}. */
    private boolean increased(double factor) {
        if (cutExamples == examples) {
            return false;
        }
        double n = examples;
        double c = cutExamples;
        double bound = StrictMath.sqrt(factor * (n - c) / (c * n));
        return errors / n - cutErrors / c >= bound;
    }

    @Override
    public DriftState state() {
        return state;
    }

    @Override
    public long observations() {
        return examples;
    }

    /** {@code α_D}. */
    public double driftConfidence() {
        return driftConfidence;
    }

    /** {@code α_W}. */
    public double warningConfidence() {
        return warningConfidence;
    }

    @Override
    public void reset() {
        examples = 0;
        errors = 0;
        cutExamples = 0;
        cutErrors = 0;
        state = DriftState.STABLE;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Writes the format version (int, 1), the example and error counts, the cut point and the
     * errors up to it (longs), and the state's code (byte). Parameters are not written: they come
     * from the configuration when reading.
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(examples);
        out.writeLong(errors);
        out.writeLong(cutExamples);
        out.writeLong(cutErrors);
        out.writeByte(state.code());
    }

    /**
     * Reads what {@link #writeTo} wrote into a detector with the given parameters (see {@link
     * #HddmA(double, double)}); it continues exactly as the written one would.
     *
     * @throws IOException on an unknown format version or inconsistent data
     */
    public static HddmA read(DataInput in, double driftConfidence, double warningConfidence)
            throws IOException {
        HddmA hddm = new HddmA(driftConfidence, warningConfidence);
        DetectorFormat.readVersion(in, FORMAT_VERSION, "HDDM_A");
        hddm.examples = in.readLong();
        hddm.errors = in.readLong();
        hddm.cutExamples = in.readLong();
        hddm.cutErrors = in.readLong();
        hddm.state = DetectorFormat.readState(in, "HDDM_A", false);
        if (hddm.errors < 0
                || hddm.errors > hddm.examples
                || hddm.cutExamples < 0
                || hddm.cutExamples > hddm.examples
                || hddm.cutErrors < 0
                || hddm.cutErrors > hddm.cutExamples
                || hddm.cutErrors > hddm.errors
                || (hddm.cutExamples == 0) != (hddm.examples == 0)) {
            throw new IOException(
                    "corrupt HDDM_A state: "
                            + hddm.errors
                            + " errors in "
                            + hddm.examples
                            + " examples, "
                            + hddm.cutErrors
                            + " in the first "
                            + hddm.cutExamples);
        }
        return hddm;
    }
}
