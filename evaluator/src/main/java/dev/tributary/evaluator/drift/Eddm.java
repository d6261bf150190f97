package dev.tributary.evaluator.drift;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * EDDM, the Early Drift Detection Method (Baena-García, del Campo-Ávila, Fidalgo, Bifet, Gavaldà
 * and Morales-Bueno, "Early Drift Detection Method", 4th International Workshop on Knowledge
 * Discovery from Data Streams, 2006): instead of the error rate it watches the distance between
 * consecutive errors, which grows while a model learns a stable concept and shrinks when the
 * concept changes. It notices gradual changes earlier than {@link Ddm}.
 *
 * <p>It reads a 0/1 error indicator per example. At the {@code k}-th error since the start or the
 * last reset, at example {@code i}:
 *
 * <ul>
 *   <li>the distance is {@code d_k = i - i_{k-1}}, the number of examples since the previous error
 *       ({@code i_0 = 0}, so the first distance is the index of the first error);
 *   <li>{@code p'_k} and {@code s'_k} are the mean and the (population) standard deviation of
 *       {@code d_1..d_k}, kept by Welford's recurrence: {@code p'_k = p'_{k-1} + (d_k - p'_{k-1}) /
 *       k}, {@code M_k = M_{k-1} + (d_k - p'_{k-1})(d_k - p'_k)}, {@code s'_k = sqrt(M_k / k)};
 *   <li>from the {@code minErrors}-th error on, {@code m = max(m, p'_k + 2 s'_k)} and the ratio
 *       {@code r = (p'_k + 2 s'_k) / m}: DRIFT if {@code r < driftRatio} (β), else WARNING if
 *       {@code r < warningRatio} (α), else STABLE; before, always STABLE.
 * </ul>
 *
 * <p>A correct prediction changes no statistic, so the state stays what the last error made it,
 * except that a DRIFT lasts one observation (the detector resets itself after it, and the next one
 * starts STABLE).
 *
 * <p>The defaults are the paper's: {@code minErrors = 30}, {@code α = 0.95}, {@code β = 0.90}. The
 * distances are integers and the arithmetic a fixed sequence of IEEE operations ({@link
 * StrictMath#sqrt}), so the states are the same on every JVM. Not thread-safe.
 */
public final class Eddm implements DriftDetector {

    /** The paper's number of errors before the tests begin. */
    public static final int DEFAULT_MIN_ERRORS = 30;

    /** The paper's α: a ratio below it is a warning. */
    public static final double DEFAULT_WARNING_RATIO = 0.95;

    /** The paper's β: a ratio below it is a drift. */
    public static final double DEFAULT_DRIFT_RATIO = 0.90;

    private static final int FORMAT_VERSION = 1;
    private static final String NAME = "eddm";

    private final int minErrors;
    private final double warningRatio;
    private final double driftRatio;

    private long examples;
    private long errors;

    /** The index (1-based, since the last reset) of the last error; 0 before the first. */
    private long lastError;

    private double mean;
    private double squaredDeviations;

    /** The largest {@code p' + 2 s'} since the tests began; 0 before. */
    private double maxLevel;

    private DriftState state;

    /** A detector with the paper's parameters. */
    public Eddm() {
        this(DEFAULT_MIN_ERRORS, DEFAULT_WARNING_RATIO, DEFAULT_DRIFT_RATIO);
    }

    /**
     * A detector with the given parameters.
     *
     * @param minErrors errors before the tests begin, {@code >= 1}
     * @param warningRatio α, in {@code (0, 1)}
     * @param driftRatio β, in {@code (0, α)}
     * @throws IllegalArgumentException if a parameter is out of range
     */
    public Eddm(int minErrors, double warningRatio, double driftRatio) {
        if (minErrors < 1) {
            throw new IllegalArgumentException("minErrors " + minErrors + " must be >= 1");
        }
        if (!(warningRatio > 0 && warningRatio < 1)) {
            throw new IllegalArgumentException(
                    "warningRatio " + warningRatio + " must be in (0, 1)");
        }
        if (!(driftRatio > 0 && driftRatio < warningRatio)) {
            throw new IllegalArgumentException(
                    "driftRatio "
                            + driftRatio
                            + " must be in (0, warningRatio "
                            + warningRatio
                            + ")");
        }
        this.minErrors = minErrors;
        this.warningRatio = warningRatio;
        this.driftRatio = driftRatio;
        reset();
    }

    @Override
    public DriftState update(double value) {
        boolean error = DetectorFormat.isError(value);
        examples++;
        if (!error) {
            if (state == DriftState.DRIFT) {
                state = DriftState.STABLE;
            }
            return state;
        }
        errors++;
        double distance = examples - lastError;
        lastError = examples;
        double previousMean = mean;
        mean += (distance - previousMean) / errors;
        squaredDeviations += (distance - previousMean) * (distance - mean);
        if (errors < minErrors) {
            state = DriftState.STABLE;
            return state;
        }
        double level = mean + 2 * StrictMath.sqrt(squaredDeviations / errors);
        if (level > maxLevel) {
            maxLevel = level;
        }
        double ratio = level / maxLevel;
        if (ratio < driftRatio) {
            reset();
            state = DriftState.DRIFT;
        } else if (ratio < warningRatio) {
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

    /** Errors since the last reset. */
    public long errors() {
        return errors;
    }

    /** The mean distance between errors {@code p'}; {@code NaN} before the first error. */
    public double meanDistance() {
        return errors == 0 ? Double.NaN : mean;
    }

    @Override
    public void reset() {
        examples = 0;
        errors = 0;
        lastError = 0;
        mean = 0;
        squaredDeviations = 0;
        maxLevel = 0;
        state = DriftState.STABLE;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Writes the format version (int, 1), the example and error counts and the last error's index
     * (longs), the mean distance, the sum of squared deviations and the maximum level (doubles) and
     * the state's code (byte). Parameters are not written: they come from the configuration when
     * reading.
     */
    @Override
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(examples);
        out.writeLong(errors);
        out.writeLong(lastError);
        out.writeDouble(mean);
        out.writeDouble(squaredDeviations);
        out.writeDouble(maxLevel);
        out.writeByte(state.code());
    }

    /**
     * Reads what {@link #writeTo} wrote into a detector with the given parameters (see {@link
     * #Eddm(int, double, double)}); it continues exactly as the written one would.
     *
     * @throws IOException on an unknown format version or inconsistent data
     */
    public static Eddm read(DataInput in, int minErrors, double warningRatio, double driftRatio)
            throws IOException {
        Eddm eddm = new Eddm(minErrors, warningRatio, driftRatio);
        DetectorFormat.readVersion(in, FORMAT_VERSION, "EDDM");
        eddm.examples = in.readLong();
        eddm.errors = in.readLong();
        eddm.lastError = in.readLong();
        eddm.mean = in.readDouble();
        eddm.squaredDeviations = in.readDouble();
        eddm.maxLevel = in.readDouble();
        eddm.state = DetectorFormat.readState(in, "EDDM", false);
        if (eddm.errors < 0
                || eddm.errors > eddm.examples
                || eddm.lastError < 0
                || eddm.lastError > eddm.examples
                || (eddm.errors == 0) != (eddm.lastError == 0)) {
            throw new IOException(
                    "corrupt EDDM state: "
                            + eddm.errors
                            + " errors in "
                            + eddm.examples
                            + " examples, the last at "
                            + eddm.lastError);
        }
        if (!(eddm.squaredDeviations >= 0) || !(eddm.maxLevel >= 0) || Double.isNaN(eddm.mean)) {
            throw new IOException(
                    "corrupt EDDM state: mean "
                            + eddm.mean
                            + ", squared deviations "
                            + eddm.squaredDeviations
                            + ", maximum "
                            + eddm.maxLevel);
        }
        return eddm;
    }
}
