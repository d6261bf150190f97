package dev.tributary.evaluator.drift;

import java.io.DataOutput;
import java.io.IOException;

/**
 * A sequential change detector: it reads one number per labelled example, in stream order, and says
 * after each whether the stream's distribution has changed. What the number is depends on the
 * detector: DDM, EDDM and HDDM_A read a 0/1 error indicator (1 = the model was wrong); ADWIN and
 * Page-Hinkley read any bounded real value, such as an example's loss.
 *
 * <p>Implementations are deterministic (the same inputs give the same states on every JVM), do not
 * allocate per observation beyond bounded internal buckets, and are not thread-safe. After {@link
 * DriftState#DRIFT} a detector judges the new concept from scratch, as each of their papers
 * prescribes: most reset themselves; ADWIN has instead dropped the part of its window from before
 * the change, and keeps the rest.
 */
public interface DriftDetector {

    /**
     * Adds one observation.
     *
     * @return the state after it
     * @throws IllegalArgumentException if the value is outside what the detector reads (not finite,
     *     or not 0/1 for an error-rate detector); nothing changes then
     */
    DriftState update(double value);

    /** The state after the last observation ({@link DriftState#STABLE} before any). */
    DriftState state();

    /**
     * Observations since the detector was created or last reset (by {@link #reset}, or by a drift
     * where the detector resets itself on one).
     */
    long observations();

    /** Forgets everything, as if newly created with the same parameters. */
    void reset();

    /** The detector's name as the YAML and the decisions log spell it, e.g. {@code adwin}. */
    String name();

    /**
     * Writes the whole state, versioned; the detector's class has a static {@code read(DataInput,
     * ...parameters)} that restores one continuing exactly as this one would.
     */
    void writeTo(DataOutput out) throws IOException;
}
