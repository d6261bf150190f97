package dev.tributary.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The champion's worst slices as horizontal bars, worst first, from {@code summary.json}: each
 * slice's faded loss (log loss, or RMSE for a regression), with the champion's faded loss over all
 * examples as a dashed line to compare against.
 */
final class SliceChart {

    static final double ROW = 26;
    private static final int MAX_LABEL = 22;

    private SliceChart() {}

    /**
     * @param champion the champion's entry of the summary's {@code evaluations}, or missing
     */
    static String render(JsonNode champion, Palette palette) {
        String model = champion.path("model").asText("");
        String title = model.isEmpty() ? "Worst slices" : "Worst slices of the champion, " + model;
        Svg svg = new Svg("plot-slices", title, PlotFrame.WIDTH);
        JsonNode slices = champion.path("worst_slices");
        // A regression has no log loss: its slices and overall loss are by RMSE.
        Metric metric = Metric.LOG_LOSS;
        Iterable<JsonNode> losses = slices.isEmpty() ? List.of(champion.path("faded")) : slices;
        for (JsonNode values : losses) {
            if (!Double.isFinite(RunRecords.number(values.get("logloss")))
                    && Double.isFinite(RunRecords.number(values.get("rmse")))) {
                metric = Metric.RMSE;
            }
        }
        PlotFrame.title(
                svg,
                title,
                "faded "
                        + metric.inText()
                        + " on the examples of each slice, worst first; dashed: the champion over"
                        + " all examples (faded)");
        double top = PlotFrame.TOP;
        if (!slices.isArray() || slices.isEmpty()) {
            double bottom = top + 2 * ROW;
            PlotFrame.empty(
                    svg,
                    top,
                    bottom,
                    model.isEmpty()
                            ? "No evaluation in summary.json"
                            : "No slices: the experiment slices nothing, or no slice had enough"
                                    + " examples");
            return svg.render((int) (bottom + 16));
        }
        double reference = RunRecords.number(champion.path("faded").get(metric.summaryName()));
        double max = Double.isFinite(reference) ? reference : 0;
        for (JsonNode slice : slices) {
            double v = RunRecords.number(slice.get(metric.summaryName()));
            if (Double.isFinite(v)) {
                max = Math.max(max, v);
            }
        }
        double bottom = top + slices.size() * ROW;
        LinearScale x = LinearScale.nice(0, max, PlotFrame.LEFT, PlotFrame.RIGHT - 120, 5);
        PlotFrame.numberAxis(
                svg,
                x,
                top,
                bottom,
                x::label,
                "faded " + metric.inText() + (metric.lowerIsBetter() ? " (lower is better)" : ""));
        String colour = palette.colour(model);
        int row = 0;
        for (JsonNode slice : slices) {
            String name = slice.path("slice").asText("");
            double v = RunRecords.number(slice.get(metric.summaryName()));
            long examples = slice.path("examples").asLong(0);
            double y = top + row * ROW;
            String label =
                    name.length() > MAX_LABEL ? name.substring(0, MAX_LABEL - 1) + "\u2026" : name;
            svg.text(PlotFrame.LEFT - 8, y + ROW / 2 + 4, "lane-label", "end", label);
            String tooltip =
                    String.format(
                            Locale.ROOT,
                            "%s: %s %s over %s examples",
                            name,
                            metric.label(),
                            Markup.metric(v),
                            Markup.count(examples));
            if (Double.isFinite(v)) {
                svg.addTitled(
                        "rect",
                        tooltip,
                        "class",
                        "bar",
                        "data-slice",
                        name,
                        "x",
                        Svg.at(PlotFrame.LEFT),
                        "y",
                        Svg.at(y + 5),
                        "width",
                        Svg.at(Math.max(0, x.map(v) - PlotFrame.LEFT)),
                        "height",
                        Svg.at(ROW - 10),
                        "fill",
                        colour);
            }
            svg.text(
                    (Double.isFinite(v) ? x.map(v) : PlotFrame.LEFT) + 6,
                    y + ROW / 2 + 4,
                    "annotation",
                    "start",
                    Markup.metric(v) + " (n " + Markup.count(examples) + ")");
            row++;
        }
        if (Double.isFinite(reference)) {
            double px = x.map(reference);
            svg.addTitled(
                    "path",
                    "champion over all examples: " + Markup.metric(reference),
                    "class",
                    "reference",
                    "d",
                    "M" + Svg.at(px) + " " + Svg.at(top - 4) + "V" + Svg.at(bottom),
                    "stroke",
                    "#333333",
                    "stroke-dasharray",
                    "5 3");
        }
        return svg.render((int) (bottom + PlotFrame.AXIS_SPACE + 8));
    }
}
