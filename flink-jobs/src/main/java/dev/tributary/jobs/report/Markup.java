package dev.tributary.jobs.report;

import java.util.Locale;

/**
 * Text and numbers as they go into the report's HTML and SVG. Everything that comes from a run's
 * files (model ids, reasons, slice names) passes through {@link #escape}, so a hostile or merely
 * odd value can neither break the markup nor inject any.
 */
final class Markup {

    private static final char REPLACEMENT = '\uFFFD';

    private Markup() {}

    /**
     * Escapes the five markup characters, and replaces what XML cannot carry at all (control
     * characters other than tab and line breaks, unpaired surrogates, U+FFFE and U+FFFF) with
     * U+FFFD, so the report stays well-formed whatever the text.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (allowedInXml(c)) {
                        out.append(c);
                    } else {
                        out.append(REPLACEMENT);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean allowedInXml(char c) {
        if (Character.isSurrogate(c)) {
            return false;
        }
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r';
        }
        return c != '\uFFFE' && c != '\uFFFF';
    }

    /**
     * A coordinate with one decimal, without a trailing {@code .0}: fixed-point in the root locale,
     * so the same run always gives the same bytes.
     */
    static String coordinate(double value) {
        String text = String.format(Locale.ROOT, "%.1f", value);
        if (text.endsWith(".0")) {
            text = text.substring(0, text.length() - 2);
        }
        return text.equals("-0") ? "0" : text;
    }

    /** A count with thousands separators, e.g. {@code 1,000,000}. */
    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** A metric with four decimals, or an en dash where it is undefined. */
    static String metric(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.4f", value) : "\u2013";
    }
}
