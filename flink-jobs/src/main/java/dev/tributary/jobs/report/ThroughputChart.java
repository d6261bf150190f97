package dev.tributary.jobs.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training throughput over the run: labelled examples per wall-clock second between consecutive
 * progress reports, drawn as steps, with their mean. It needs the reports' wall-clock stamps; a run
 * written before progress lines were stamped has none, and the plot says so rather than inventing a
 * curve.
 */
final class ThroughputChart {

    static final double HEIGHT = 150;

    private ThroughputChart() {}

    /**
     * The rate between two stamped reports.
     *
     * @param from seconds after the first stamped report at which the interval starts
     * @param to seconds after it at which it ends
     * @param perSecond labelled examples per second within it
     */
    record Interval(double from, double to, double perSecond) {}

    /**
     * The intervals between consecutive stamped reports. Reports stamped in the same millisecond
     * (or, after a restart, out of order) are folded into the next interval that has time in it.
     */
    static List<Interval> intervals(List<ProgressPoint> progress) {
        List<Interval> intervals = new ArrayList<>();
        ProgressPoint first = null;
        ProgressPoint previous = null;
        for (ProgressPoint point : progress) {
            if (point.wallTime().isEmpty()) {
                continue;
            }
            if (previous == null) {
                first = point;
                previous = point;
                continue;
            }
            long millis = point.wallTime().getAsLong() - previous.wallTime().getAsLong();
            if (millis <= 0) {
                continue;
            }
            long t0 = first.wallTime().getAsLong();
            intervals.add(
                    new Interval(
                            (previous.wallTime().getAsLong() - t0) / 1000.0,
                            (point.wallTime().getAsLong() - t0) / 1000.0,
                            (point.examples() - previous.examples()) / (millis / 1000.0)));
            previous = point;
        }
        return intervals;
    }

    /**
     * @param events events the job read, from the summary
     * @param wallSeconds the job's wall-clock duration, from the summary ({@code NaN} if absent)
     */
    static String render(List<ProgressPoint> progress, long events, double wallSeconds) {
        String title = "Throughput over wall-clock time";
        Svg svg = new Svg("plot-throughput", title, PlotFrame.WIDTH);
        String whole =
                wallSeconds > 0
                        ? String.format(
                                Locale.ROOT,
                                "whole job (summary.json): %s events in %.1f s, %s events/s",
                                Markup.count(events),
                                wallSeconds,
                                Markup.count(Math.round(events / wallSeconds)))
                        : "the summary records no wall time";
        PlotFrame.title(
                svg,
                title,
                "labelled examples trained per second between consecutive progress reports; "
                        + whole);
        PlotFrame.yTitle(svg, "examples per second");
        double top = PlotFrame.TOP;
        double bottom = top + HEIGHT;
        List<Interval> intervals = intervals(progress);
        if (intervals.isEmpty()) {
            long stamped = progress.stream().filter(p -> p.wallTime().isPresent()).count();
            PlotFrame.empty(
                    svg,
                    top,
                    bottom,
                    stamped == 0
                            ? "progress.jsonl has no wall-clock times (written before Tributary"
                                    + " stamped them): throughput over time is unknown"
                            : "Fewer than two progress reports apart in wall-clock time: no rate"
                                    + " to draw");
            return svg.render((int) (bottom + 16));
        }
        double seconds = intervals.get(intervals.size() - 1).to();
        double fastest = 0;
        double examples = 0;
        for (Interval interval : intervals) {
            fastest = Math.max(fastest, interval.perSecond());
            examples += interval.perSecond() * (interval.to() - interval.from());
        }
        LinearScale x = LinearScale.nice(0, seconds, PlotFrame.LEFT, PlotFrame.RIGHT, 8);
        LinearScale y = LinearScale.nice(0, fastest, bottom, top, 4);
        PlotFrame.valueAxis(svg, y, ThroughputChart::rate);
        PlotFrame.numberAxis(
                svg,
                x,
                top,
                bottom,
                x::label,
                "wall-clock seconds since the first progress report");
        StringBuilder d = new StringBuilder();
        for (Interval interval : intervals) {
            String py = Svg.at(y.map(interval.perSecond()));
            if (d.length() == 0) {
                d.append('M').append(Svg.at(x.map(interval.from()))).append(' ').append(py);
            } else {
                d.append('V').append(py);
            }
            d.append('H').append(Svg.at(x.map(interval.to())));
        }
        svg.addTitled(
                "path",
                intervals.size() + " intervals between progress reports",
                "class",
                "throughput",
                "d",
                d.toString(),
                "stroke",
                "#0072b2");
        double mean = examples / seconds;
        double py = y.map(mean);
        svg.addTitled(
                "path",
                "mean " + rate(mean) + " examples/s",
                "class",
                "mean",
                "d",
                "M" + Svg.at(x.map(0)) + " " + Svg.at(py) + "H" + Svg.at(x.map(seconds)),
                "stroke",
                "#d55e00",
                "stroke-dasharray",
                "6 3");
        svg.text(
                x.map(seconds) - 4,
                py - 5,
                "annotation",
                "end",
                "mean " + rate(mean) + " examples/s");
        return svg.render((int) (bottom + PlotFrame.AXIS_SPACE + 8));
    }

    /** A rate with thousands separators, e.g. {@code 82,500}. */
    static String rate(double perSecond) {
        return Markup.count(Math.round(perSecond));
    }
}
