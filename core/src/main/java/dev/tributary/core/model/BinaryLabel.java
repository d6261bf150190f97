package dev.tributary.core.model;

import java.util.Locale;

/**
 * How a binary label is written: {@code 1}/{@code 0}, {@code 1.0}/{@code 0.0} or {@code
 * true}/{@code false}.
 */
public final class BinaryLabel {

    private BinaryLabel() {}

    /** 1 or 0, or {@code NaN} when the text is not a binary label. */
    public static double parse(String text) {
        if (text == null) {
            return Double.NaN;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "1", "1.0", "true" -> 1.0;
            case "0", "0.0", "false" -> 0.0;
            default -> Double.NaN;
        };
    }
}
