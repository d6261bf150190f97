package dev.tributary.features;

import dev.tributary.core.config.Clipping;
import dev.tributary.core.config.FieldSpec;
import dev.tributary.core.config.Imputation;
import dev.tributary.core.config.NumberTransforms;
import dev.tributary.core.config.TimestampEncoding;
import dev.tributary.core.config.ValueRule;
import dev.tributary.core.model.BinaryLabel;
import dev.tributary.core.model.ReasonCode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads one field of a raw event as its spec types it: checks its type and the values allowed, and
 * applies the transforms that need no learned statistics (constant imputation, {@code log1p}, fixed
 * clipping). A value it refuses yields a {@link Rejection}, never an exception.
 */
final class FieldReader {

    /** Why a value was refused. */
    record Rejection(ReasonCode reason, String detail) {}

    /** Text shown for a value in a rejection: long values are cut, a 1 MB string is not copied. */
    private static final int SHOWN_CHARS = 80;

    private final FieldSpec field;
    private final ValueRule rule;
    private final NumberTransforms number;
    private final Set<String> allowed;
    private final double clipLower;
    private final double clipUpper;

    FieldReader(FieldSpec field) {
        this.field = field;
        this.rule = field.rule();
        this.number = field.number();
        this.allowed = field.rule().allowed().isEmpty() ? null : new HashSet<>(rule.allowed());
        boolean fixed = number.clip().kind() == Clipping.Kind.FIXED;
        this.clipLower = fixed ? number.clip().lower() : Double.NEGATIVE_INFINITY;
        this.clipUpper = fixed ? number.clip().upper() : Double.POSITIVE_INFINITY;
    }

    FieldSpec field() {
        return field;
    }

    /** Reads {@code text} (not blank) into slot {@code i} of the event being built. */
    Rejection read(String text, int i, EventBuilder out) {
        return switch (field.type()) {
            case CATEGORY -> readCategory(text, i, out);
            case BOOLEAN -> readBoolean(text, i, out);
            case INTEGER -> readInteger(text, i, out);
            case NUMBER -> readNumber(text, i, out);
            case TEXT -> {
                out.texts[i] = text;
                yield null;
            }
            case TIMESTAMP -> readTimestamp(text, i, out);
        };
    }

    /** Fills slot {@code i} for an absent optional value. */
    void readMissing(int i, EventBuilder out) {
        out.missing[i] = true;
        if (field.type().isNumeric()) {
            Imputation impute = number.impute();
            out.numbers[i] = impute.isLearned() ? Double.NaN : transformed(impute.constant());
        }
    }

    private Rejection readCategory(String text, int i, EventBuilder out) {
        if (allowed != null && !allowed.contains(text)) {
            return new Rejection(
                    ReasonCode.OUT_OF_RANGE,
                    shown(text) + " is not one of the allowed values " + rule.allowed());
        }
        out.tokens[i] = text;
        return null;
    }

    private Rejection readBoolean(String text, int i, EventBuilder out) {
        double b = BinaryLabel.parse(text);
        if (Double.isNaN(b)) {
            return new Rejection(ReasonCode.BAD_TYPE, shown(text) + " is not a boolean");
        }
        out.numbers[i] = b;
        out.tokens[i] = b == 1.0 ? "1" : "0";
        return null;
    }

    private Rejection readInteger(String text, int i, EventBuilder out) {
        long n;
        try {
            n = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return new Rejection(ReasonCode.BAD_TYPE, shown(text) + " is not an integer");
        }
        out.tokens[i] = Long.toString(n);
        return readValue(n, i, out);
    }

    private Rejection readNumber(String text, int i, EventBuilder out) {
        double x;
        try {
            x = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return new Rejection(ReasonCode.BAD_TYPE, shown(text) + " is not a number");
        }
        if (!Double.isFinite(x)) {
            return new Rejection(ReasonCode.NOT_FINITE, shown(text) + " is not finite");
        }
        return readValue(x, i, out);
    }

    private Rejection readValue(double x, int i, EventBuilder out) {
        if (!rule.admits(x)) {
            return new Rejection(
                    ReasonCode.OUT_OF_RANGE,
                    x + " is outside the allowed range [" + rule.min() + ", " + rule.max() + "]");
        }
        if (number.log1p() && !(x > -1)) {
            return new Rejection(ReasonCode.OUT_OF_RANGE, x + " is not > -1, as log1p needs");
        }
        out.numbers[i] = transformed(x);
        return null;
    }

    private double transformed(double x) {
        double y = number.log1p() ? Math.log1p(x) : x;
        return Math.min(Math.max(y, clipLower), clipUpper);
    }

    private Rejection readTimestamp(String text, int i, EventBuilder out) {
        TimestampEncoding encoding = field.timestamp();
        String t = text.trim();
        try {
            out.times[i] =
                    switch (encoding.format()) {
                        case EPOCH_MILLIS -> Long.parseLong(t);
                        case EPOCH_SECONDS -> Math.multiplyExact(Long.parseLong(t), 1000L);
                        case ISO -> isoMillis(t, encoding);
                    };
            return null;
        } catch (NumberFormatException | ArithmeticException | DateTimeException e) {
            return new Rejection(
                    ReasonCode.BAD_TYPE,
                    shown(text)
                            + " is not a time in format "
                            + encoding.format().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * An ISO-8601 time as producers write it: with an offset or a zone ({@code Z}, {@code z},
     * {@code +01:00}, {@code +01:00[Europe/Berlin]}), which decides the instant, or local (read in
     * the field's zone); a space may stand for the {@code T}; a date alone is its midnight.
     *
     * <p>The common shapes ({@code yyyy-MM-ddTHH:mm[:ss[.fraction]]}, then nothing, {@code Z} or
     * {@code ±HH:MM}) are read by hand: this runs once per event, and java.time's general parser
     * costs microseconds. Anything else goes to java.time, which decides what is valid.
     */
    static long isoMillis(String text, TimestampEncoding encoding) {
        String t = text;
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        if (t.endsWith("z")) {
            t = t.substring(0, t.length() - 1) + 'Z';
        }
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay(encoding.zone()).toInstant().toEpochMilli();
        }
        long fast = commonIsoMillis(t, encoding.zone());
        if (fast != Long.MIN_VALUE) {
            return fast;
        }
        // An offset or a zone id after the time decides the instant; otherwise it is local.
        boolean zoned = t.indexOf('Z', 10) > 0 || t.indexOf('+', 10) > 0 || t.indexOf('-', 10) > 0;
        Instant instant =
                zoned
                        ? ZonedDateTime.parse(t, DateTimeFormatter.ISO_DATE_TIME).toInstant()
                        : LocalDateTime.parse(t).atZone(encoding.zone()).toInstant();
        return instant.toEpochMilli();
    }

    /**
     * {@code yyyy-MM-ddTHH:mm[:ss[.fraction]][Z|±HH:MM]} read without java.time's parser, or {@code
     * Long.MIN_VALUE} when the text has another shape (java.time then reads it).
     *
     * @throws java.time.DateTimeException when a field is out of range (month 13, hour 25)
     */
    private static long commonIsoMillis(String t, ZoneId zone) {
        int n = t.length();
        if (n < 16
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':') {
            return Long.MIN_VALUE;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = 0;
        int nanos = 0;
        int k = 16;
        if (k < n && t.charAt(k) == ':') {
            if (k + 3 > n) {
                return Long.MIN_VALUE;
            }
            second = digits(t, k + 1, k + 3);
            k += 3;
            if (k < n && t.charAt(k) == '.') {
                int start = ++k;
                while (k < n && k - start < 9 && Character.isDigit(t.charAt(k))) {
                    k++;
                }
                if (k == start) {
                    return Long.MIN_VALUE;
                }
                nanos = digits(t, start, k);
                for (int pad = k - start; pad < 9; pad++) {
                    nanos *= 10;
                }
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return Long.MIN_VALUE;
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        ZoneOffset offset;
        if (k == n) {
            offset = zone.getRules().getOffset(local);
        } else if (k == n - 1 && t.charAt(k) == 'Z') {
            offset = ZoneOffset.UTC;
        } else if (k == n - 6
                && (t.charAt(k) == '+' || t.charAt(k) == '-')
                && t.charAt(k + 3) == ':') {
            int hours = digits(t, k + 1, k + 3);
            int minutes = digits(t, k + 4, k + 6);
            if (hours < 0 || minutes < 0) {
                return Long.MIN_VALUE;
            }
            int sign = t.charAt(k) == '-' ? -1 : 1;
            offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
        } else {
            return Long.MIN_VALUE;
        }
        return local.toEpochSecond(offset) * 1000 + nanos / 1_000_000;
    }

    /** The decimal number in {@code t[from, to)}, or -1 if any character is not a digit. */
    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String shown(String text) {
        return text.length() <= SHOWN_CHARS
                ? "\"" + text + "\""
                : "\"" + text.substring(0, SHOWN_CHARS) + "…\" (" + text.length() + " chars)";
    }

    /** The typed values of one event as they are read, field by field. */
    static final class EventBuilder {
        final double[] numbers;
        final boolean[] missing;
        final String[] tokens;
        final String[] texts;
        final long[] times;

        EventBuilder(int fields) {
            numbers = new double[fields];
            java.util.Arrays.fill(numbers, Double.NaN);
            missing = new boolean[fields];
            tokens = new String[fields];
            texts = new String[fields];
            times = new long[fields];
        }
    }
}
