package dev.tributary.core.config;

import java.io.Serializable;
import java.util.Objects;

/**
 * Metrics sliced by the value of one field, so that a model that fails one group of users (an
 * airport, a country) is seen even when its average is fine.
 *
 * @param field the feature field whose value names an example's slice: a category, boolean or
 *     integer field of the feature spec
 * @param worst how many of the worst slices every evaluation reports
 * @param minExamples the examples a slice needs before it is ranked: a slice of three unlucky
 *     examples is noise, not a finding
 * @param maxSlices the distinct values measured one by one; the examples of values seen after that
 *     many share the slice {@value #OTHER}, which bounds the state whatever the field holds
 */
public record SliceConfig(String field, int worst, long minExamples, int maxSlices)
        implements Serializable {

    /** The slice of an example whose field is absent. */
    public static final String MISSING = "(missing)";

    /** The slice of the values seen after {@link #maxSlices} others. */
    public static final String OTHER = "(other)";

    public static final int DEFAULT_WORST = 5;
    public static final long DEFAULT_MIN_EXAMPLES = 100;
    public static final int DEFAULT_MAX_SLICES = 1000;
    public static final int MAX_SLICES_LIMIT = 100_000;

    public SliceConfig {
        Objects.requireNonNull(field, "field");
        if (worst < 1 || minExamples < 1 || maxSlices < 1 || maxSlices > MAX_SLICES_LIMIT) {
            throw new IllegalArgumentException(
                    "slices by "
                            + field
                            + ": worst "
                            + worst
                            + ", min-examples "
                            + minExamples
                            + " and max "
                            + maxSlices
                            + " must be >= 1 (max <= "
                            + MAX_SLICES_LIMIT
                            + ")");
        }
    }

    /** Slices by a field with the default counts. */
    public static SliceConfig by(String field) {
        return new SliceConfig(field, DEFAULT_WORST, DEFAULT_MIN_EXAMPLES, DEFAULT_MAX_SLICES);
    }
}
