package dev.tributary.evaluator.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * DDM, the Drift Detection Method (Gama, Medas, Castillo and Rodrigues, "Learning with Drift
 * Detection", SBIA 2004, LNCS 3171): it watches a model's error rate, which under a stable concept
 * does not grow as the model learns, and signals when it grows significantly.
 *
 * <p>It reads a 0/1 error indicator per example. After example {@code i} (counted from the start or
 * the last reset), with {@code e_i} errors so far:
 *
 * <ul>
 *   <li>{@code p_i = e_i / i}, the error rate, and {@code s_i = sqrt(p_i (1 - p_i) / i)}, its
 *       standard deviation under the binomial model;
 *   <li>from {@code i >= minInstances} on, whenever {@code p_i + s_i < p_min + s_min}, the pair
 *       {@code (p_min, s_min)} becomes {@code (p_i, s_i)} (initially {@code +∞});
 *   <li>then DRIFT if {@code p_i + s_i > p_min + driftLevel · s_min}, else WARNING if {@code p_i +
 *       s_i > p_min + warningLevel · s_min}, else STABLE; before {@code minInstances} examples,
 *       always STABLE.
 * </ul>
 *
 * <p>The paper writes the two tests with {@code ≥}; they are strict here, as in MOA and River,
 * because with {@code s_min = 0} (no error among the first examples) {@code ≥} would hold at the
 * minimum itself and flag a perfect model. Otherwise the two differ only on exact ties. A model
 * with no error among its first {@code minInstances} examples still has {@code s_min = 0}, so its
 * first error afterwards is a drift: a property of the rule, kept as published.
 *
 * <p>The defaults are the paper's: {@code minInstances = 30}, {@code warningLevel = 2} (about 95%
 * confidence), {@code driftLevel = 3} (about 99%). After a DRIFT the detector resets itself, so
 * that it learns the new concept's error rate from scratch. The error count is kept exactly as an
 * integer, so {@code p_i} and {@code s_i} are the same on every JVM. Not thread-safe.
 */
public final class Ddm implements DriftDetector {

    /** The paper's number of examples before the minimum is tracked and tests begin. */
    public static final int DEFAULT_MIN_INSTANCES = 30;

    /** The paper's warning level, in standard deviations above the minimum. */
    public static final double DEFAULT_WARNING_LEVEL = 2.0;

    /** The paper's drift level, in standard deviations above the minimum. */
    public static final double DEFAULT_DRIFT_LEVEL = 3.0;

    private static final int FORMAT_VERSION = 1;
    private static final String NAME = "ddm";

    private final int minInstances;
    private final double warningLevel;
    private final double driftLevel;

    private long examples;
    private long errors;
    private double pMin;
    private double sMin;
    private DriftState state;

    /** A detector with the paper's parameters. */
    public Ddm() {
        this(DEFAULT_MIN_INSTANCES, DEFAULT_WARNING_LEVEL, DEFAULT_DRIFT_LEVEL);
    }

    /**
     * A detector with the given parameters.
     *
     * @param minInstances examples before the minimum is tracked and tests begin, {@code >= 1}
     * @param warningLevel standard deviations above the minimum for a warning, finite and {@code >
     *     0}
     * @param driftLevel standard deviations above the minimum for a drift, finite and {@code >
     *     warningLevel}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public Ddm(int minInstances, double warningLevel, double driftLevel) {
        if (minInstances < 1) {
            throw new IllegalArgumentException("minInstances " + minInstances + " must be >= 1");
        }
        if (!(warningLevel > 0) || Double.isInfinite(warningLevel)) {
            throw new IllegalArgumentException(
                    "warningLevel " + warningLevel + " must be finite and > 0");
        }
        if (!(driftLevel > warningLevel) || Double.isInfinite(driftLevel)) {
            throw new IllegalArgumentException(
                    "driftLevel "
                            + driftLevel
                            + " must be finite and > warningLevel "
                            + warningLevel);
        }
        this.minInstances = minInstances;
        this.warningLevel = warningLevel;
        this.driftLevel = driftLevel;
        reset();
    }

    @Override
    public DriftState update(double value) {
        boolean error = DetectorFormat.isError(value);
        examples++;
        if (error) {
            errors++;
        }
        if (examples < minInstances) {
            state = DriftState.STABLE;
            return state;
        }
        double n = examples;
        double p = errors / n;
        double s = StrictMath.sqrt(p * (1 - p) / n);
        double level = p + s;
        if (level < pMin + sMin) {
            pMin = p;
            sMin = s;
        }
        if (level > pMin + driftLevel * sMin) {
            reset();
            state = DriftState.DRIFT;
        } else if (level > pMin + warningLevel * sMin) {
            state = DriftState.WARNING;
        } else {
            state = DriftState.STABLE;
        }
        return state;
    }

    @Override
    public DriftState state() {
        return state;
    }

    @Override
    public long observations() {
        return examples;
    }

    /** The error rate {@code p_i} since the last reset; {@code NaN} before any example. */
    public double errorRate() {
        return examples == 0 ? Double.NaN : (double) errors / examples;
    }

    @Override
    public void reset() {
        examples = 0;
        errors = 0;
        pMin = Double.POSITIVE_INFINITY;
        sMin = Double.POSITIVE_INFINITY;
        state = DriftState.STABLE;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Writes the format version (int, 1), the example and error counts (longs), {@code p_min} and
     * {@code s_min} (doubles, {@code +∞} while unset) and the state's code (byte). Parameters are
     * not written: they come from the configuration when reading.
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(examples);
        out.writeLong(errors);
        out.writeDouble(pMin);
        out.writeDouble(sMin);
        out.writeByte(state.code());
    }

    /**
     * Reads what {@link #writeTo} wrote into a detector with the given parameters (see {@link
     * #Ddm(int, double, double)}); it continues exactly as the written one would.
     *
     * @throws IOException on an unknown format version or inconsistent data
     */
    public static Ddm read(DataInput in, int minInstances, double warningLevel, double driftLevel)
            throws IOException {
        Ddm ddm = new Ddm(minInstances, warningLevel, driftLevel);
        DetectorFormat.readVersion(in, FORMAT_VERSION, "DDM");
        ddm.examples = in.readLong();
        ddm.errors = in.readLong();
        ddm.pMin = in.readDouble();
        ddm.sMin = in.readDouble();
        ddm.state = DetectorFormat.readState(in, "DDM", false);
        if (ddm.examples < 0 || ddm.errors < 0 || ddm.errors > ddm.examples) {
            throw new IOException(
                    "corrupt DDM state: "
                            + ddm.errors
                            + " errors in "
                            + ddm.examples
                            + " examples");
        }
        if (!(ddm.pMin >= 0) || !(ddm.sMin >= 0)) {
            throw new IOException("corrupt DDM state: p_min " + ddm.pMin + ", s_min " + ddm.sMin);
        }
        return ddm;
    }
}
