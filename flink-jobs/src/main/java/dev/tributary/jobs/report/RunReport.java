package dev.tributary.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a finished run's report: one self-contained HTML file ({@value #FILE} in the run's folder)
 * with the run's facts and its plots drawn as inline SVG: quality over event time per model,
 * decisions on the same time axis, served traffic, throughput and the champion's worst slices. It
 * loads nothing (no scripts, no fonts, no external addresses), so it reads the same offline, in a
 * mail or an archive years later; and the same run folder always gives the same bytes.
 */
public final class RunReport {

    /** The report's file name inside the run's folder. */
    public static final String FILE = "report.html";

    /**
     * Above this many progress reports, every k-th is drawn (and the last), so that a long run's
     * report stays small and quick to open; the subtitle says so.
     */
    static final int MAX_REPORTS_DRAWN = 2_000;

    private RunReport() {}

    /**
     * Reads the run in {@code runDirectory} and writes its report next to its records.
     *
     * @return the report's path, absolute
     * @throws NotAFinishedRunException when the folder is not a finished run's
     */
    public static Path write(Path runDirectory) throws IOException {
        RunRecords run = RunRecords.read(runDirectory);
        Path file = run.directory().resolve(FILE);
        // Written aside and moved into place, so a reader never sees half a report.
        Path partial = run.directory().resolve(FILE + ".partial");
        Files.writeString(partial, render(run), StandardCharsets.UTF_8);
        Files.move(
                partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** The report of a run, as one HTML document. */
    public static String render(RunRecords run) {
        Palette palette = Palette.of(run);
        TimeScale time = PlotFrame.timeScale(start(run), end(run));
        List<ProgressPoint> drawn = thin(run.progress(), MAX_REPORTS_DRAWN);
        String note =
                drawn.size() < run.progress().size()
                        ? "one report in "
                                + stride(run.progress().size(), MAX_REPORTS_DRAWN)
                                + " drawn, of "
                                + Markup.count(run.progress().size())
                        : "";

        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append(
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>")
                .append(Markup.escape(pageTitle(run)))
                .append("</title>\n<style>\n")
                .append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        html.append(RunFacts.html(run));

        html.append("<section id=\"quality\">\n<h2>Quality, decisions and traffic</h2>\n")
                .append("<p class=\"hint\">Quality, decisions and traffic share one event-time")
                .append(" axis: a drift detection sits below the rise of the loss it saw.</p>\n");
        for (Metric metric : metricsToPlot(run.progress())) {
            html.append(
                    MetricChart.render(
                            "plot-" + metric.progressName().toLowerCase(Locale.ROOT),
                            metric,
                            drawn,
                            time,
                            palette,
                            note));
        }
        html.append(DecisionTimeline.render(run.decisions(), time, run.decisionsFile()));
        String champion = firstChampion(run);
        html.append(TrafficChart.render(run.decisions(), champion, time, palette));
        for (String rollout :
                TrafficChart.renderRollouts(run.decisions(), champion, time, palette)) {
            html.append(rollout);
        }
        html.append("</section>\n");

        html.append("<section id=\"throughput\">\n<h2>Throughput</h2>\n")
                .append(
                        ThroughputChart.render(
                                run.progress(),
                                run.summary().path("events").asLong(0),
                                RunRecords.number(run.summary().get("wall_seconds"))))
                .append("</section>\n");

        html.append("<section id=\"slices\">\n<h2>Slices</h2>\n")
                .append(SliceChart.render(run.summary().path("evaluations").path(0), palette))
                .append("</section>\n");

        html.append("<footer>Written by <code>tributary report</code> from summary.json, ")
                .append(Markup.count(run.progress().size()))
                .append(" progress reports (progress.jsonl) and ")
                .append(Markup.count(run.decisions().size()))
                .append(" decisions (")
                .append(Markup.escape(run.decisionsFile()))
                .append("). Event times are UTC. Hover a line or marker for details.</footer>\n")
                .append("</body>\n</html>\n");
        return html.toString();
    }

    private static String pageTitle(RunRecords run) {
        String job = run.summary().path("job").asText("");
        return job.isEmpty() ? "Tributary run report" : "Tributary run report: " + job;
    }

    /**
     * Which metrics to draw, by which are defined: log loss and AUC for a binary classifier, log
     * loss and accuracy for a multiclass one (no AUC), RMSE and MAE for a regression.
     */
    static List<Metric> metricsToPlot(List<ProgressPoint> progress) {
        List<Metric> metrics = new ArrayList<>();
        if (defined(progress, Metric.LOG_LOSS)) {
            metrics.add(Metric.LOG_LOSS);
            if (defined(progress, Metric.AUC)) {
                metrics.add(Metric.AUC);
            } else if (defined(progress, Metric.ACCURACY)) {
                metrics.add(Metric.ACCURACY);
            }
        } else if (defined(progress, Metric.RMSE)) {
            metrics.add(Metric.RMSE);
            if (defined(progress, Metric.MAE)) {
                metrics.add(Metric.MAE);
            }
        } else if (defined(progress, Metric.ACCURACY)) {
            metrics.add(Metric.ACCURACY);
        } else {
            // Nothing defined yet: one plot that says so.
            metrics.add(Metric.LOG_LOSS);
        }
        return metrics;
    }

    private static boolean defined(List<ProgressPoint> progress, Metric metric) {
        for (ProgressPoint point : progress) {
            for (ProgressPoint.Model model : point.models()) {
                if (Double.isFinite(model.value(metric))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every {@code k}-th report and the last, {@code k} the smallest that keeps at most max. */
    static List<ProgressPoint> thin(List<ProgressPoint> progress, int max) {
        if (progress.size() <= max) {
            return progress;
        }
        int stride = stride(progress.size(), max);
        List<ProgressPoint> kept = new ArrayList<>();
        for (int i = 0; i < progress.size(); i += stride) {
            kept.add(progress.get(i));
        }
        if ((progress.size() - 1) % stride != 0) {
            kept.add(progress.get(progress.size() - 1));
        }
        return kept;
    }

    private static int stride(int size, int max) {
        // One place is kept for the last report.
        return (size - 1 + max - 2) / (max - 1);
    }

    /** The champion the run started with: the first report's first model, else a guess. */
    private static String firstChampion(RunRecords run) {
        for (ProgressPoint point : run.progress()) {
            if (!point.models().isEmpty()) {
                return point.models().get(0).id();
            }
        }
        for (DecisionPoint d : run.decisions()) {
            if (d.kind().equals("PROMOTE") && !d.source().isEmpty()) {
                return d.source();
            }
        }
        JsonNode champion = run.summary().path("evaluations").path(0).path("model");
        return champion.asText("");
    }

    /**
     * The run's event-time domain: from the first to the last progress report or decision. Times at
     * or before the epoch are left out while there are others: they mark "no time yet" rather than
     * 1970.
     */
    private static long start(RunRecords run) {
        long min = Long.MAX_VALUE;
        for (long t : times(run)) {
            min = Math.min(min, t);
        }
        return min == Long.MAX_VALUE ? 0 : min;
    }

    private static long end(RunRecords run) {
        long max = Long.MIN_VALUE;
        for (long t : times(run)) {
            max = Math.max(max, t);
        }
        return max == Long.MIN_VALUE ? 0 : max;
    }

    private static List<Long> times(RunRecords run) {
        List<Long> times = new ArrayList<>();
        for (ProgressPoint p : run.progress()) {
            times.add(p.eventTime());
        }
        for (DecisionPoint d : run.decisions()) {
            times.add(d.eventTime());
        }
        List<Long> positive = times.stream().filter(t -> t > 0).toList();
        return positive.isEmpty() ? times : positive;
    }

    private static final String STYLE =
            """
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
                   color: #222; background: #fff; margin: 0 auto; padding: 16px 24px; max-width: 1000px; }
            h1 { font-size: 22px; margin: 8px 0 2px; }
            h2 { font-size: 17px; margin: 28px 0 4px; border-bottom: 1px solid #ddd; padding-bottom: 2px; }
            .context, .hint, footer { color: #555; margin: 2px 0 8px; }
            footer { margin-top: 28px; font-size: 12px; border-top: 1px solid #ddd; padding-top: 6px; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 10px 0; }
            dt { font-weight: 600; white-space: nowrap; }
            dd { margin: 0; }
            svg.plot { display: block; max-width: 100%; height: auto; margin: 10px 0 4px; }
            svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
                       fill: #333; }
            .title { font-size: 15px; font-weight: 600; }
            .subtitle, .empty { font-size: 12px; fill: #666; }
            .empty { font-style: italic; font-size: 13px; }
            .tick, .annotation { font-size: 11px; fill: #555; }
            .annotation { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
            .axis-title, .lane-label, .legend-label { font-size: 12px; }
            .grid { stroke: #e6e6e6; stroke-width: 1; fill: none; }
            .frame { stroke: #999; stroke-width: 1; fill: none; }
            .lane-line { stroke: #eee; stroke-width: 1; fill: none; }
            .empty-area { fill: #f7f7f7; stroke: #ddd; }
            .series { fill: none; stroke-width: 1.8; stroke-linejoin: round; stroke-linecap: round; }
            .steps, .throughput { fill: none; stroke-width: 2; }
            .mean, .reference { fill: none; stroke-width: 1.2; }
            .legend-line { stroke-width: 2.5; fill: none; }
            .marker, .legend-marker { stroke-width: 1.5; }
            """;
}
