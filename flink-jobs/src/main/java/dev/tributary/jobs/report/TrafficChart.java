package dev.tributary.jobs.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The share of served predictions over event time, as steps: every challenger that was served any
 * traffic (a canary step or a promotion), and the run's first champion. The shares follow the
 * decisions' {@code traffic} values: a canary step sets a challenger's share, a promotion makes it
 * the champion (100%, or what the decision says), a rollback takes it to 0; the champion serves
 * what the challengers do not.
 */
final class TrafficChart {

    static final double HEIGHT = 150;

    /** At most this many rollouts are drawn closer, the latest. */
    static final int MAX_ROLLOUTS = 3;

    private TrafficChart() {}

    /**
     * One step of a model's share.
     *
     * @param time when, epoch milliseconds of event time
     * @param share the share from then on, 0 to 1
     * @param cause the decision that set it; {@code null} for the first champion's start
     */
    record Step(long time, double share, DecisionPoint cause) {}

    /**
     * The steps of every model drawn, in the order the models first served.
     *
     * @param champion the champion at the start of the run, or empty if unknown
     * @param start the start of the run's event time
     */
    static Map<String, List<Step>> steps(
            List<DecisionPoint> decisions, String champion, long start) {
        Set<String> served = new LinkedHashSet<>();
        if (!champion.isEmpty()) {
            served.add(champion);
        }
        for (DecisionPoint d : decisions) {
            if (d.kind().equals("CANARY") || d.kind().equals("PROMOTE")) {
                served.add(d.model());
            }
        }
        Map<String, List<Step>> steps = new LinkedHashMap<>();
        Map<String, Double> canaries = new LinkedHashMap<>();
        Map<String, Double> shares = new LinkedHashMap<>();
        String current = champion;
        if (!champion.isEmpty()) {
            shares.put(champion, 1.0);
            steps.computeIfAbsent(champion, m -> new ArrayList<>()).add(new Step(start, 1.0, null));
        }
        for (DecisionPoint d : decisions) {
            boolean changes;
            if (d.kind().equals("PROMOTE")) {
                canaries.remove(d.model());
                current = d.model();
                changes = true;
            } else if (d.model().equals(current)) {
                changes = false;
            } else if (Double.isFinite(d.traffic())) {
                canaries.put(d.model(), d.traffic());
                changes = true;
            } else if (d.kind().equals("ROLLBACK")) {
                canaries.put(d.model(), 0.0);
                changes = true;
            } else {
                changes = false;
            }
            if (!changes) {
                continue;
            }
            Map<String, Double> now = new LinkedHashMap<>();
            double rest = 1.0;
            for (Map.Entry<String, Double> canary : canaries.entrySet()) {
                now.put(canary.getKey(), canary.getValue());
                rest -= canary.getValue();
            }
            if (!current.isEmpty()) {
                now.put(current, Math.max(0, rest));
            }
            // A model that served before and is in neither role any more serves nothing.
            for (String before : shares.keySet()) {
                now.putIfAbsent(before, 0.0);
            }
            for (Map.Entry<String, Double> share : now.entrySet()) {
                String model = share.getKey();
                Double before = shares.get(model);
                boolean first = before == null && model.equals(d.model());
                if (served.contains(model)
                        && (first || (before != null && !before.equals(share.getValue())))) {
                    steps.computeIfAbsent(model, m -> new ArrayList<>())
                            .add(new Step(d.eventTime(), share.getValue(), d));
                }
            }
            shares.putAll(now);
        }
        steps.keySet().retainAll(served);
        return steps;
    }

    static String render(
            List<DecisionPoint> decisions, String champion, TimeScale x, Palette palette) {
        String title = "Served traffic per model";
        Svg svg = new Svg("plot-traffic", title, PlotFrame.WIDTH);
        PlotFrame.title(
                svg,
                title,
                "each model's share of predictions after each decision: canary steps, 100% on"
                        + " promotion, 0% on rollback; the champion serves the rest");
        PlotFrame.yTitle(svg, "share of served traffic");
        double top = PlotFrame.TOP;
        double bottom = top + HEIGHT;
        Map<String, List<Step>> steps = steps(decisions, champion, x.start());
        boolean challengers = steps.keySet().stream().anyMatch(m -> !m.equals(champion));
        if (!challengers) {
            PlotFrame.empty(
                    svg,
                    top,
                    bottom,
                    "No challenger was served traffic in this run: no canary step, no promotion");
            PlotFrame.timeAxis(svg, x, top, bottom);
            return svg.render((int) (bottom + PlotFrame.AXIS_SPACE + 8));
        }
        return draw(svg, steps, x, palette);
    }

    /**
     * A closer look at the latest promotions whose rollout (from the challenger's first step to its
     * promotion) is too short to read on the whole run's axis: a canary ramp of a day in two months
     * of events is one vertical line there.
     *
     * @return one SVG per such promotion, oldest first, at most {@value #MAX_ROLLOUTS}
     */
    static List<String> renderRollouts(
            List<DecisionPoint> decisions, String champion, TimeScale x, Palette palette) {
        Map<String, List<Step>> steps = steps(decisions, champion, x.start());
        List<String> plots = new ArrayList<>();
        List<DecisionPoint> promotions =
                decisions.stream().filter(d -> d.kind().equals("PROMOTE")).toList();
        int first = Math.max(0, promotions.size() - MAX_ROLLOUTS);
        for (DecisionPoint promote : promotions.subList(first, promotions.size())) {
            List<Step> ramp = steps.getOrDefault(promote.model(), List.of());
            long from = ramp.isEmpty() ? promote.eventTime() : ramp.get(0).time();
            long to = promote.eventTime();
            if ((to - from) * 4 > x.end() - x.start()) {
                continue;
            }
            long pad = Math.max(60_000L, (to - from) / 8);
            TimeScale zoom =
                    PlotFrame.timeScale(
                            Math.max(x.start(), from - pad), Math.min(x.end(), to + pad));
            String title = "Rollout of " + promote.model() + ", closer";
            Svg svg = new Svg("plot-rollout-" + (plots.size() + 1), title, PlotFrame.WIDTH);
            PlotFrame.title(
                    svg,
                    title,
                    "from its first step to its promotion at "
                            + TimeScale.instant(to)
                            + "; the same shares as above, on a shorter time axis");
            PlotFrame.yTitle(svg, "share of served traffic");
            plots.add(draw(svg, steps, zoom, palette));
        }
        return plots;
    }

    /**
     * Draws the steps that fall inside the time axis: a model enters at the share it had when the
     * axis starts (or at its first step inside), and steps up or down at each decision after.
     */
    private static String draw(
            Svg svg, Map<String, List<Step>> steps, TimeScale x, Palette palette) {
        double top = PlotFrame.TOP;
        double bottom = top + HEIGHT;
        LinearScale y = LinearScale.fixed(0, 1, bottom, top, 0.25);
        PlotFrame.valueAxis(svg, y, TrafficChart::percent);
        PlotFrame.timeAxis(svg, x, top, bottom);
        List<PlotFrame.LegendEntry> legend = new ArrayList<>();
        for (Map.Entry<String, List<Step>> entry : steps.entrySet()) {
            String model = entry.getKey();
            Double before = null;
            List<Step> inside = new ArrayList<>();
            for (Step step : entry.getValue()) {
                if (step.time() < x.start()) {
                    before = step.share();
                } else if (step.time() <= x.end()) {
                    inside.add(step);
                }
            }
            if (inside.isEmpty() && (before == null || before == 0)) {
                continue;
            }
            // Along at the old share to the decision's time, then up or down to the new one.
            StringBuilder d = new StringBuilder();
            if (before != null) {
                d.append('M').append(Svg.at(x.map(x.start()))).append(' ');
                d.append(Svg.at(y.map(before)));
            }
            for (Step step : inside) {
                String px = Svg.at(x.map(step.time()));
                String py = Svg.at(y.map(step.share()));
                if (d.length() == 0) {
                    d.append('M').append(px).append(' ').append(py);
                } else {
                    d.append('H').append(px).append('V').append(py);
                }
            }
            d.append('H').append(Svg.at(x.map(x.end())));
            String colour = palette.colour(model);
            String dash = palette.dash(model);
            svg.open("g", "class", "traffic", "data-model", model);
            List<String> attributes =
                    new ArrayList<>(List.of("class", "steps", "d", d.toString(), "stroke", colour));
            if (!dash.isEmpty()) {
                attributes.addAll(List.of("stroke-dasharray", dash));
            }
            svg.addTitled("path", model, attributes.toArray(String[]::new));
            for (Step step : inside) {
                if (step.cause() != null) {
                    svg.addTitled(
                            "circle",
                            tooltip(model, step),
                            "class",
                            "step",
                            "data-share",
                            shareText(step.share()),
                            "cx",
                            Svg.at(x.map(step.time())),
                            "cy",
                            Svg.at(y.map(step.share())),
                            "r",
                            "3",
                            "fill",
                            colour);
                }
            }
            svg.close("g");
            legend.add(new PlotFrame.LegendEntry(model, PlotFrame.line(colour, dash)));
        }
        double end = PlotFrame.legend(svg, bottom + PlotFrame.AXIS_SPACE, legend);
        return svg.render((int) (end + 8));
    }

    private static String tooltip(String model, Step step) {
        DecisionPoint cause = step.cause();
        return model
                + " at "
                + percent(step.share())
                + " after "
                + cause.kind()
                + (cause.model().equals(model) ? "" : " of " + cause.model())
                + " at "
                + TimeScale.instant(step.time());
    }

    /** A share as a percentage: {@code 5%}, {@code 12.5%}. */
    static String percent(double share) {
        double p = share * 100;
        return Math.abs(p - Math.rint(p)) < 1e-9
                ? String.format(Locale.ROOT, "%.0f%%", p)
                : String.format(Locale.ROOT, "%.1f%%", p);
    }

    /** A share as data for tests and tools, four decimals. */
    private static String shareText(double share) {
        return String.format(Locale.ROOT, "%.4f", share);
    }
}
