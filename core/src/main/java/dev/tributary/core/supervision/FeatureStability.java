package dev.tributary.core.supervision;

import java.util.Objects;

/**
 * How far one input feature's recent values have moved from its reference distribution.
 *
 * @param feature the dense feature's name
 * @param psi the population stability index, {@code NaN} until the reference and a full window
 *     exist
 * @param shift how to read it: {@code undefined}, {@code stable} (below 0.1), {@code moderate} (0.1
 *     to 0.25) or {@code significant} (above 0.25)
 * @param observations the values observed, reference included
 */
public record FeatureStability(String feature, double psi, String shift, long observations) {

    public FeatureStability {
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(shift, "shift");
    }
}
