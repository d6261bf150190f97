package dev.tributary.jobs.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A prequential metric over event time: one line per model through its window metric at every
 * progress report, in the model's colour, and a diamond where the model's version changed. A metric
 * undefined at a report (AUC before both classes were seen) leaves a gap rather than a made-up
 * point.
 */
final class MetricChart {

    static final double HEIGHT = 240;

    private MetricChart() {}

    /** A model's state at one report, with the report's event time. */
    private record Sample(long eventTime, ProgressPoint.Model model) {}

    /** Where a model's new version first shows. */
    private record VersionMark(String model, long version, long eventTime, double x, double y) {}

    /**
     * @param id the SVG element id
     * @param metric the metric to draw
     * @param progress the progress reports to draw, oldest first
     * @param x the run's time scale, shared with the other time plots
     * @param note what the subtitle adds (e.g. that reports were thinned), or empty
     */
    static String render(
            String id,
            Metric metric,
            List<ProgressPoint> progress,
            TimeScale x,
            Palette palette,
            String note) {
        String title = metric.label() + " over event time, per model";
        Svg svg = new Svg(id, title, PlotFrame.WIDTH);
        PlotFrame.title(
                svg,
                title,
                "prequential (each example scored before it is learned) over each model's recent"
                        + " window; \u25c6 a new version"
                        + (note.isEmpty() ? "" : "; " + note));
        PlotFrame.yTitle(
                svg,
                metric.label()
                        + (metric.lowerIsBetter() ? " (lower is better)" : " (higher is better)"));
        double top = PlotFrame.TOP;
        double bottom = top + HEIGHT;

        Map<String, List<Sample>> byModel = new LinkedHashMap<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ProgressPoint point : progress) {
            for (ProgressPoint.Model model : point.models()) {
                byModel.computeIfAbsent(model.id(), m -> new ArrayList<>())
                        .add(new Sample(point.eventTime(), model));
                double v = model.value(metric);
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min > max) {
            PlotFrame.empty(
                    svg,
                    top,
                    bottom,
                    progress.isEmpty()
                            ? "No progress reports in this run"
                            : "No " + metric.label() + " is defined at any progress report");
            PlotFrame.timeAxis(svg, x, top, bottom);
            return svg.render((int) (bottom + PlotFrame.AXIS_SPACE + 8));
        }
        LinearScale y = LinearScale.nice(min, max, bottom, top, 5);
        PlotFrame.valueAxis(svg, y, y::label);
        PlotFrame.timeAxis(svg, x, top, bottom);

        List<PlotFrame.LegendEntry> legend = new ArrayList<>();
        List<VersionMark> marks = new ArrayList<>();
        svg.open("g", "class", "lines");
        for (Map.Entry<String, List<Sample>> entry : byModel.entrySet()) {
            String model = entry.getKey();
            String colour = palette.colour(model);
            String dash = palette.dash(model);
            String d = line(entry.getValue(), metric, x, y, marks);
            if (!d.isEmpty()) {
                List<String> attributes =
                        new ArrayList<>(
                                List.of(
                                        "class", "series",
                                        "data-model", model,
                                        "d", d,
                                        "stroke", colour));
                if (!dash.isEmpty()) {
                    attributes.addAll(List.of("stroke-dasharray", dash));
                }
                svg.addTitled("path", model, attributes.toArray(String[]::new));
            }
            legend.add(new PlotFrame.LegendEntry(model, PlotFrame.line(colour, dash)));
        }
        svg.close("g");
        // After every line, so that no line hides a version mark.
        svg.open("g", "class", "versions");
        for (VersionMark mark : marks) {
            svg.addTitled(
                    "path",
                    mark.model()
                            + " v"
                            + mark.version()
                            + ", first reported at "
                            + TimeScale.instant(mark.eventTime()),
                    "class",
                    "version",
                    "data-model",
                    mark.model(),
                    "data-version",
                    Long.toString(mark.version()),
                    "d",
                    diamond(mark.x(), mark.y(), 4.5),
                    "fill",
                    palette.colour(mark.model()),
                    "stroke",
                    "#ffffff");
        }
        svg.close("g");
        legend.add(
                new PlotFrame.LegendEntry(
                        "new version",
                        (s, lx, ly) ->
                                s.add(
                                        "path",
                                        "class",
                                        "legend-marker",
                                        "d",
                                        diamond(lx + 10, ly, 4.5),
                                        "fill",
                                        "#444444",
                                        "stroke",
                                        "#ffffff")));
        double end = PlotFrame.legend(svg, bottom + PlotFrame.AXIS_SPACE, legend);
        return svg.render((int) (end + 8));
    }

    /**
     * The path data of one model's line: {@code M} to start, after a gap too, {@code L} to go on;
     * one command per defined value. Adds the model's version changes to {@code marks}.
     */
    private static String line(
            List<Sample> samples,
            Metric metric,
            TimeScale x,
            LinearScale y,
            List<VersionMark> marks) {
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        boolean pending = false;
        Long version = null;
        for (Sample sample : samples) {
            ProgressPoint.Model model = sample.model();
            // A change at a report whose value is undefined is marked at the next defined one.
            pending |= version != null && model.version() != version;
            version = model.version();
            double v = model.value(metric);
            if (!Double.isFinite(v)) {
                pen = false;
                continue;
            }
            double px = x.map(sample.eventTime());
            double py = y.map(v);
            d.append(pen ? "L" : "M").append(Svg.at(px)).append(' ').append(Svg.at(py));
            pen = true;
            if (pending) {
                marks.add(new VersionMark(model.id(), version, sample.eventTime(), px, py));
                pending = false;
            }
        }
        return d.toString();
    }

    static String diamond(double x, double y, double r) {
        return "M"
                + Svg.at(x)
                + " "
                + Svg.at(y - r)
                + "L"
                + Svg.at(x + r)
                + " "
                + Svg.at(y)
                + "L"
                + Svg.at(x)
                + " "
                + Svg.at(y + r)
                + "L"
                + Svg.at(x - r)
                + " "
                + Svg.at(y)
                + "Z";
    }
}
