package dev.tributary.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maps a numeric domain onto a pixel range, with ticks at round numbers (1, 2 or 5 times a power of
 * ten). The pixel range may run backwards, as a y axis does (larger values higher up, smaller y).
 */
final class LinearScale {

    private final double lo;
    private final double hi;
    private final double from;
    private final double to;
    private final double step;

    private LinearScale(double lo, double hi, double from, double to, double step) {
        this.lo = lo;
        this.hi = hi;
        this.from = from;
        this.to = to;
        this.step = step;
    }

    /**
     * A domain widened to round ticks around {@code [min, max]}, about {@code targetTicks} of them.
     * An empty or non-finite domain becomes {@code [0, 1]}; a single value is padded on both sides.
     */
    static LinearScale nice(double min, double max, double from, double to, int targetTicks) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || max < min) {
            min = 0;
            max = 1;
        }
        if (max == min) {
            double pad = min == 0 ? 0.5 : Math.abs(min) * 0.05;
            min -= pad;
            max += pad;
        }
        double step = niceStep((max - min) / Math.max(1, targetTicks));
        double lo = Math.floor(min / step + 1e-9) * step;
        double hi = Math.ceil(max / step - 1e-9) * step;
        return new LinearScale(lo, hi, from, to, step);
    }

    /** Exactly {@code [lo, hi]}, with a tick every {@code step}. */
    static LinearScale fixed(double lo, double hi, double from, double to, double step) {
        return new LinearScale(lo, hi, from, to, step);
    }

    /**
     * 1, 2 or 5 times a power of ten, the one nearest {@code raw} on a log scale (switching at the
     * geometric means: √2, √10, √50).
     */
    static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / power;
        double nice;
        if (fraction >= Math.sqrt(50)) {
            nice = 10;
        } else if (fraction >= Math.sqrt(10)) {
            nice = 5;
        } else if (fraction >= Math.sqrt(2)) {
            nice = 2;
        } else {
            nice = 1;
        }
        return nice * power;
    }

    double lo() {
        return lo;
    }

    double hi() {
        return hi;
    }

    /** The pixel of a value (outside the domain it extrapolates). */
    double map(double value) {
        return from + (value - lo) / (hi - lo) * (to - from);
    }

    /** The ticks from {@code lo} to {@code hi}, rounded so no floating-point dust shows. */
    List<Double> ticks() {
        List<Double> ticks = new ArrayList<>();
        long n = Math.round((hi - lo) / step);
        double scale = Math.pow(10, decimals());
        for (long i = 0; i <= n; i++) {
            ticks.add(Math.round((lo + i * step) * scale) / scale);
        }
        return ticks;
    }

    /** A tick's label, with as many decimals as the step needs. */
    String label(double tick) {
        return String.format(Locale.ROOT, "%." + decimals() + "f", tick);
    }

    /** The decimals that write the step exactly: 0.25 needs two, 0.5 one, 20 none. */
    private int decimals() {
        for (int d = 0; d < 12; d++) {
            double scaled = step * Math.pow(10, d);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) {
                return d;
            }
        }
        return 12;
    }
}
