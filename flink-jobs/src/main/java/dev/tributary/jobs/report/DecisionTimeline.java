package dev.tributary.jobs.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every decision of the run as a marker on the event-time axis the quality plots use, one lane per
 * kind (drift detections, retrains, canary steps, promotions, rollbacks, ...), each kind its own
 * shape and colour. A marker's tooltip says which model, which version and why.
 */
final class DecisionTimeline {

    static final double LANE = 26;

    private DecisionTimeline() {}

    /**
     * @param decisions the decisions, in the order they were made
     * @param x the run's time scale, shared with the quality plots
     * @param source the file the decisions were read from, for the subtitle
     */
    static String render(List<DecisionPoint> decisions, TimeScale x, String source) {
        String title = "Decisions over event time";
        Svg svg = new Svg("plot-decisions", title, PlotFrame.WIDTH);
        PlotFrame.title(
                svg,
                title,
                "drift detections and the supervisor's decisions, from "
                        + source
                        + "; hover a marker for its model and reason");
        double top = PlotFrame.TOP;
        Map<String, List<DecisionPoint>> byKind = lanes(decisions);
        if (byKind.isEmpty()) {
            double bottom = top + 2 * LANE;
            PlotFrame.empty(svg, top, bottom, "No decisions in this run");
            PlotFrame.timeAxis(svg, x, top, bottom);
            return svg.render((int) (bottom + PlotFrame.AXIS_SPACE + 8));
        }
        double bottom = top + byKind.size() * LANE;
        PlotFrame.timeAxis(svg, x, top, bottom);
        List<PlotFrame.LegendEntry> legend = new ArrayList<>();
        int lane = 0;
        for (Map.Entry<String, List<DecisionPoint>> entry : byKind.entrySet()) {
            String kind = entry.getKey();
            Marker marker = Marker.of(kind);
            double y = top + lane * LANE + LANE / 2;
            svg.open("g", "class", "lane", "data-kind", kind);
            svg.path(
                    "lane-line",
                    "M" + Svg.at(PlotFrame.LEFT) + " " + Svg.at(y) + "H" + Svg.at(PlotFrame.RIGHT));
            svg.text(
                    PlotFrame.LEFT - 8,
                    y + 4,
                    "lane-label",
                    "end",
                    kind + " (" + Markup.count(entry.getValue().size()) + ")");
            for (DecisionPoint d : entry.getValue()) {
                long time = Math.max(x.start(), Math.min(x.end(), d.eventTime()));
                marker.draw(
                        svg, x.map(time), y, 5, tooltip(d), "class", "marker", "data-kind", kind);
            }
            svg.close("g");
            legend.add(
                    new PlotFrame.LegendEntry(
                            kind.toLowerCase(Locale.ROOT),
                            (s, lx, ly) ->
                                    marker.draw(
                                            s, lx + 10, ly, 5, null, "class", "legend-marker")));
            lane++;
        }
        double end = PlotFrame.legend(svg, bottom + PlotFrame.AXIS_SPACE, legend);
        return svg.render((int) (end + 8));
    }

    /** The decisions by kind: known kinds in the story's order, then any others by name. */
    static Map<String, List<DecisionPoint>> lanes(List<DecisionPoint> decisions) {
        Map<String, List<DecisionPoint>> byKind = new LinkedHashMap<>();
        TreeSet<String> others = new TreeSet<>();
        for (DecisionPoint d : decisions) {
            if (!Marker.KIND_ORDER.contains(d.kind())) {
                others.add(d.kind());
            }
        }
        List<String> order = new ArrayList<>(Marker.KIND_ORDER);
        order.addAll(others);
        for (String kind : order) {
            List<DecisionPoint> ofKind = new ArrayList<>();
            for (DecisionPoint d : decisions) {
                if (d.kind().equals(kind)) {
                    ofKind.add(d);
                }
            }
            if (!ofKind.isEmpty()) {
                byKind.put(kind, ofKind);
            }
        }
        return byKind;
    }

    private static String tooltip(DecisionPoint d) {
        StringBuilder text =
                new StringBuilder()
                        .append(d.kind())
                        .append(' ')
                        .append(d.model())
                        .append(" v")
                        .append(d.version())
                        .append(" at ")
                        .append(TimeScale.instant(d.eventTime()))
                        .append(", after ")
                        .append(Markup.count(d.examples()))
                        .append(" examples");
        if (Double.isFinite(d.traffic())) {
            text.append(", traffic ").append(TrafficChart.percent(d.traffic()));
        }
        if (!d.reason().isEmpty()) {
            text.append(": ").append(d.reason());
        }
        return text.toString();
    }
}
