package dev.tributary.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * What every plot of the report shares: one width and the same left and right margins, so that the
 * time axes of the quality, decision and traffic plots line up; titles, axes, legends and the empty
 * state.
 */
final class PlotFrame {

    static final int WIDTH = 960;
    static final double LEFT = 128;
    static final double RIGHT = WIDTH - 28;

    /** Top of the plot area, below the title, two lines of subtitle and the y axis title. */
    static final double TOP = 78;

    /** Characters of a subtitle line: the plot's width over a generous 12px glyph width. */
    private static final int SUBTITLE_LINE = (int) ((RIGHT - LEFT) / 6.6);

    /** Space under a plot area for tick labels and the axis title. */
    static final double AXIS_SPACE = 40;

    private static final double LEGEND_ROW = 20;

    private PlotFrame() {}

    /** The time scale every time plot uses, over the run's event-time domain. */
    static TimeScale timeScale(long start, long end) {
        return TimeScale.of(start, end, LEFT, RIGHT);
    }

    /** The title, and the subtitle on up to two lines (wrapped between words). */
    static void title(Svg svg, String title, String subtitle) {
        svg.text(LEFT, 20, "title", "start", title);
        List<String> lines = wrap(subtitle, SUBTITLE_LINE);
        for (int i = 0; i < Math.min(2, lines.size()); i++) {
            String line = lines.get(i);
            if (i == 1 && lines.size() > 2) {
                line = line + " \u2026";
            }
            svg.text(LEFT, 37 + 14 * i, "subtitle", "start", line);
        }
    }

    /** Splits text into lines of at most {@code width} characters, between words where it can. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        String rest = text.strip();
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= 0) {
                cut = width;
            }
            lines.add(rest.substring(0, cut).strip());
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty() || lines.isEmpty()) {
            lines.add(rest);
        }
        return lines;
    }

    /** The y axis title, above the plot's top left corner. */
    static void yTitle(Svg svg, String text) {
        svg.text(LEFT, TOP - 8, "axis-title", "start", text);
    }

    /** Vertical grid lines and date labels at the time ticks, and the axis title below. */
    static void timeAxis(Svg svg, TimeScale x, double top, double bottom) {
        svg.open("g", "class", "axis x");
        for (long tick : x.ticks()) {
            double px = x.map(tick);
            svg.path("grid", "M" + Svg.at(px) + " " + Svg.at(top) + "V" + Svg.at(bottom));
            svg.text(px, bottom + 15, "tick", "middle", x.label(tick));
        }
        svg.path("frame", "M" + Svg.at(LEFT) + " " + Svg.at(bottom) + "H" + Svg.at(RIGHT));
        svg.text((LEFT + RIGHT) / 2, bottom + 32, "axis-title", "middle", "event time (UTC)");
        svg.close("g");
    }

    /** Vertical grid lines and value labels at the ticks of a numeric x axis, and its title. */
    static void numberAxis(
            Svg svg,
            LinearScale x,
            double top,
            double bottom,
            DoubleFunction<String> label,
            String title) {
        svg.open("g", "class", "axis x");
        for (double tick : x.ticks()) {
            double px = x.map(tick);
            svg.path("grid", "M" + Svg.at(px) + " " + Svg.at(top) + "V" + Svg.at(bottom));
            svg.text(px, bottom + 15, "tick", "middle", label.apply(tick));
        }
        svg.path("frame", "M" + Svg.at(LEFT) + " " + Svg.at(bottom) + "H" + Svg.at(x.map(x.hi())));
        svg.text((LEFT + RIGHT) / 2, bottom + 32, "axis-title", "middle", title);
        svg.close("g");
    }

    /** Horizontal grid lines and value labels at the y ticks. */
    static void valueAxis(Svg svg, LinearScale y, DoubleFunction<String> label) {
        svg.open("g", "class", "axis y");
        for (double tick : y.ticks()) {
            double py = y.map(tick);
            svg.path("grid", "M" + Svg.at(LEFT) + " " + Svg.at(py) + "H" + Svg.at(RIGHT));
            svg.text(LEFT - 6, py + 4, "tick", "end", label.apply(tick));
        }
        svg.close("g");
    }

    /** A grey plot area with a message in its middle, for a plot without data. */
    static void empty(Svg svg, double top, double bottom, String message) {
        svg.add(
                "rect",
                "class",
                "empty-area",
                "x",
                Svg.at(LEFT),
                "y",
                Svg.at(top),
                "width",
                Svg.at(RIGHT - LEFT),
                "height",
                Svg.at(bottom - top));
        svg.text((LEFT + RIGHT) / 2, (top + bottom) / 2 + 4, "empty", "middle", message);
    }

    /** One legend entry: a swatch drawn at a point, then its label. */
    record LegendEntry(String label, Swatch swatch) {}

    /** Draws a legend swatch, about 20 by 10 pixels, centred vertically on {@code y}. */
    interface Swatch {
        void draw(Svg svg, double x, double y);
    }

    /** A line swatch in a colour and dash pattern (empty for solid). */
    static Swatch line(String colour, String dash) {
        return (svg, x, y) -> {
            String d = "M" + Svg.at(x) + " " + Svg.at(y) + "H" + Svg.at(x + 20);
            if (dash.isEmpty()) {
                svg.add("path", "class", "legend-line", "d", d, "stroke", colour);
            } else {
                svg.add(
                        "path",
                        "class",
                        "legend-line",
                        "d",
                        d,
                        "stroke",
                        colour,
                        "stroke-dasharray",
                        dash);
            }
        };
    }

    /**
     * Lays the entries out left to right from {@code top}, wrapping at the right margin (widths
     * estimated from the label's length, which is all a server-side drawing can know).
     *
     * @return the y just below the legend
     */
    static double legend(Svg svg, double top, List<LegendEntry> entries) {
        if (entries.isEmpty()) {
            return top;
        }
        svg.open("g", "class", "legend");
        double x = LEFT;
        double y = top + LEGEND_ROW / 2;
        for (LegendEntry entry : entries) {
            double width = 28 + entry.label().length() * 6.4 + 16;
            if (x + width > RIGHT && x > LEFT) {
                x = LEFT;
                y += LEGEND_ROW;
            }
            entry.swatch().draw(svg, x, y);
            svg.text(x + 26, y + 4, "legend-label", "start", entry.label());
            x += width;
        }
        svg.close("g");
        return y + LEGEND_ROW / 2;
    }
}
