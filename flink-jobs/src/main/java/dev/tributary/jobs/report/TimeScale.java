package dev.tributary.jobs.report;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps event time (epoch milliseconds) onto a pixel range, with ticks at round times in UTC: whole
 * minutes, hours, days, Mondays or months, whichever gives at most {@value #MAX_TICKS} ticks, and
 * labels as dates or times to match.
 */
final class TimeScale {

    static final int MAX_TICKS = 8;

    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final long WEEK = 7 * DAY;

    /** 1970-01-01 was a Thursday: weeks counted from the Monday after it start on Mondays. */
    private static final long FIRST_MONDAY = 4 * DAY;

    private static final long[] FIXED_STEPS = {
        SECOND,
        5 * SECOND,
        15 * SECOND,
        30 * SECOND,
        MINUTE,
        5 * MINUTE,
        15 * MINUTE,
        30 * MINUTE,
        HOUR,
        3 * HOUR,
        6 * HOUR,
        12 * HOUR,
        DAY,
        2 * DAY,
        WEEK,
        2 * WEEK
    };

    private static final int[] MONTH_STEPS = {1, 3, 6, 12, 24, 60, 120, 600, 1200};

    private final long start;
    private final long end;
    private final double from;
    private final double to;
    private final long fixedStep;
    private final int monthStep;

    private TimeScale(long start, long end, double from, double to) {
        this.start = start;
        this.end = end;
        this.from = from;
        this.to = to;
        long span = end - start;
        long fixed = 0;
        for (long step : FIXED_STEPS) {
            if (span / step < MAX_TICKS) {
                fixed = step;
                break;
            }
        }
        int months = 0;
        if (fixed == 0) {
            months = MONTH_STEPS[MONTH_STEPS.length - 1];
            for (int step : MONTH_STEPS) {
                if (span / (step * 30.44 * DAY) < MAX_TICKS - 1) {
                    months = step;
                    break;
                }
            }
        }
        this.fixedStep = fixed;
        this.monthStep = months;
    }

    /**
     * A scale over {@code [min, max]}; a single instant is widened by an hour on each side, so it
     * lands in the middle.
     */
    static TimeScale of(long min, long max, double from, double to) {
        if (max <= min) {
            return new TimeScale(min - HOUR, min + HOUR, from, to);
        }
        return new TimeScale(min, max, from, to);
    }

    long start() {
        return start;
    }

    long end() {
        return end;
    }

    double map(long time) {
        return from + (double) (time - start) / (end - start) * (to - from);
    }

    /** The ticks inside the domain, oldest first. */
    List<Long> ticks() {
        List<Long> ticks = new ArrayList<>();
        if (fixedStep > 0) {
            long offset = fixedStep % WEEK == 0 ? FIRST_MONDAY : 0;
            long first = Math.floorDiv(start - offset + fixedStep - 1, fixedStep) * fixedStep;
            for (long t = first + offset; t <= end; t += fixedStep) {
                ticks.add(t);
            }
            return ticks;
        }
        YearMonth month = YearMonth.from(Instant.ofEpochMilli(start).atZone(ZoneOffset.UTC));
        if (monthStart(month) < start) {
            month = month.plusMonths(1);
        }
        while (Math.floorMod(month.getYear() * 12 + month.getMonthValue() - 1, monthStep) != 0) {
            month = month.plusMonths(1);
        }
        for (; monthStart(month) <= end; month = month.plusMonths(monthStep)) {
            ticks.add(monthStart(month));
        }
        return ticks;
    }

    /** A tick's label: a time for steps under a day, a date for days and weeks, else a month. */
    String label(long tick) {
        String pattern;
        if (fixedStep > 0 && fixedStep < MINUTE) {
            pattern = "HH:mm:ss";
        } else if (fixedStep > 0 && fixedStep < DAY) {
            pattern = "MM-dd HH:mm";
        } else if (fixedStep > 0) {
            pattern = "yyyy-MM-dd";
        } else {
            pattern = "yyyy-MM";
        }
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT)
                .withZone(ZoneOffset.UTC)
                .format(Instant.ofEpochMilli(tick));
    }

    /** An instant in full, for tooltips: {@code 2001-02-01 06:30:00 UTC}. */
    static String instant(long time) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                        .withZone(ZoneOffset.UTC)
                        .format(Instant.ofEpochMilli(time))
                + " UTC";
    }

    private static long monthStart(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
