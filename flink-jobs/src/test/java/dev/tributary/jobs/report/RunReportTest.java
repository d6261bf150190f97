package dev.tributary.jobs.report;

import static dev.tributary.jobs.report.TestingRunFolder.HOUR;
import static dev.tributary.jobs.report.TestingRunFolder.T0;
import static dev.tributary.jobs.report.TestingRunFolder.binary;
import static dev.tributary.jobs.report.TestingRunFolder.model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/** The report of small hand-made runs: what each plot draws, where, and what it says when empty. */
class RunReportTest {

    @TempDir Path temp;

    private static final double NAN = Double.NaN;

    private TestingRunFolder run() {
        return new TestingRunFolder(temp.resolve("run"));
    }

    private static ReportXml report(TestingRunFolder run) throws Exception {
        Path dir = run.write();
        Path file = RunReport.write(dir);
        assertThat(file).isEqualTo(dir.toAbsolutePath().normalize().resolve("report.html"));
        return ReportXml.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static Element series(ReportXml report, String plot, String model) throws Exception {
        // Compared in Java, not in the XPath: a model id may hold any quote.
        List<Element> series = new ArrayList<>();
        for (Element e : report.all("//svg[@id='" + plot + "']//path[@class='series']")) {
            if (e.getAttribute("data-model").equals(model)) {
                series.add(e);
            }
        }
        assertThat(series).as("%s of %s", plot, model).hasSize(1);
        return series.get(0);
    }

    @Test
    void aBinaryRunDrawsLogLossAndAucWithOnePointPerReportPerModel() throws Exception {
        ReportXml report =
                report(
                        run().progress(1000, T0, binary("a", 0, "CHAMPION", 0.60, 0.70))
                                .progress(
                                        2000,
                                        T0 + HOUR,
                                        binary("a", 0, "CHAMPION", 0.55, 0.72),
                                        binary("b", 0, "SHADOW", 0.65, 0.66))
                                .progress(
                                        3000,
                                        T0 + 2 * HOUR,
                                        binary("a", 0, "CHAMPION", 0.50, 0.75),
                                        binary("b", 0, "SHADOW", 0.58, 0.70)));

        for (String plot : List.of("plot-logloss", "plot-auc")) {
            assertThat(ReportXml.points(series(report, plot, "a").getAttribute("d"))).hasSize(3);
            assertThat(ReportXml.points(series(report, plot, "b").getAttribute("d"))).hasSize(2);
        }
        assertThat(report.all("//svg[@id='plot-accuracy']")).isEmpty();
        assertThat(report.all("//svg[@id='plot-rmse']")).isEmpty();
        // Each model keeps its colour from plot to plot.
        assertThat(series(report, "plot-auc", "b").getAttribute("stroke"))
                .isEqualTo(series(report, "plot-logloss", "b").getAttribute("stroke"))
                .isNotEqualTo(series(report, "plot-logloss", "a").getAttribute("stroke"));
        assertThat(report.text("//svg[@id='plot-logloss']//g[@class='legend']"))
                .contains("a", "b", "new version");
    }

    @Test
    void aKnownSeriesLandsOnKnownCoordinates() throws Exception {
        ReportXml report =
                report(
                        run().progress(1000, T0, binary("a", 0, "CHAMPION", 0.5, 0.7))
                                .progress(2000, T0 + HOUR, binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .progress(
                                        3000, T0 + 2 * HOUR, binary("a", 0, "CHAMPION", 0.7, 0.7)));

        // Time runs from the first report to the last, left to right edge of the plot area; log
        // loss 0.5 to 0.7 fills it bottom to top (round ticks at 0.05 need no widening).
        double bottom = PlotFrame.TOP + MetricChart.HEIGHT;
        double middle = (PlotFrame.LEFT + PlotFrame.RIGHT) / 2;
        List<double[]> points =
                ReportXml.points(series(report, "plot-logloss", "a").getAttribute("d"));
        assertThat(points.get(0))
                .containsExactly(new double[] {PlotFrame.LEFT, bottom}, within(0.05));
        assertThat(points.get(1))
                .containsExactly(new double[] {middle, (PlotFrame.TOP + bottom) / 2}, within(0.05));
        assertThat(points.get(2))
                .containsExactly(new double[] {PlotFrame.RIGHT, PlotFrame.TOP}, within(0.05));
        assertThat(report.text("//svg[@id='plot-logloss']//g[@class='axis y']"))
                .contains("0.50", "0.55", "0.60", "0.65", "0.70");
        assertThat(report.text("//svg[@id='plot-logloss']//g[@class='axis x']"))
                .contains("01-01 00:00", "01-01 01:00", "01-01 02:00", "event time (UTC)");
    }

    @Test
    void anUndefinedMetricLeavesAGapNotAPoint() throws Exception {
        ReportXml report =
                report(
                        run().progress(1000, T0, binary("a", 0, "CHAMPION", 0.6, NAN))
                                .progress(2000, T0 + HOUR, binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .progress(3000, T0 + 2 * HOUR, binary("a", 0, "CHAMPION", 0.6, NAN))
                                .progress(4000, T0 + 3 * HOUR, binary("a", 0, "CHAMPION", 0.6, 0.8))
                                .progress(
                                        5000, T0 + 4 * HOUR, binary("a", 0, "CHAMPION", 0.6, 0.8)));

        String auc = series(report, "plot-auc", "a").getAttribute("d");
        assertThat(ReportXml.points(auc)).hasSize(3);
        assertThat(ReportXml.commands(auc, 'M')).isEqualTo(2);
        assertThat(ReportXml.commands(auc, 'L')).isEqualTo(1);
    }

    @Test
    void theMetricsFollowTheTask() throws Exception {
        Path regression =
                new TestingRunFolder(temp.resolve("regression"))
                        .progress(1000, T0, model("r", 0, "CHAMPION", NAN, NAN, NAN, 12.0, 9.0))
                        .progress(
                                2000,
                                T0 + HOUR,
                                model("r", 0, "CHAMPION", NAN, NAN, NAN, 11.0, 8.5))
                        .write();
        ReportXml r = ReportXml.parse(RunReport.render(RunRecords.read(regression)));
        assertThat(r.all("//svg[@id='plot-rmse']//path[@class='series']")).hasSize(1);
        assertThat(r.all("//svg[@id='plot-mae']//path[@class='series']")).hasSize(1);
        assertThat(r.all("//svg[@id='plot-logloss']")).isEmpty();

        Path multiclass =
                new TestingRunFolder(temp.resolve("multiclass"))
                        .progress(1000, T0, model("m", 0, "CHAMPION", 1.1, 0.5, NAN, NAN, NAN))
                        .progress(
                                2000,
                                T0 + HOUR,
                                model("m", 0, "CHAMPION", 1.0, 0.55, NAN, NAN, NAN))
                        .write();
        ReportXml m = ReportXml.parse(RunReport.render(RunRecords.read(multiclass)));
        assertThat(m.all("//svg[@id='plot-logloss']//path[@class='series']")).hasSize(1);
        assertThat(m.all("//svg[@id='plot-accuracy']//path[@class='series']")).hasSize(1);
        assertThat(m.all("//svg[@id='plot-auc']")).isEmpty();
    }

    @Test
    void versionChangesAreMarkedWhereTheNewVersionFirstShows() throws Exception {
        ReportXml report =
                report(
                        run().progress(1000, T0, binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .progress(2000, T0 + HOUR, binary("a", 1, "CHAMPION", 0.6, 0.7))
                                .progress(3000, T0 + 2 * HOUR, binary("a", 1, "CHAMPION", 0.6, 0.7))
                                .progress(
                                        4000, T0 + 3 * HOUR, binary("a", 2, "CHAMPION", 0.6, 0.7)));

        List<Element> marks = report.all("//svg[@id='plot-logloss']//path[@class='version']");
        assertThat(marks).extracting(e -> e.getAttribute("data-version")).containsExactly("1", "2");
        List<double[]> points =
                ReportXml.points(series(report, "plot-logloss", "a").getAttribute("d"));
        // The first mark is centred on the second point of the line.
        double[] centre = ReportXml.points(marks.get(0).getAttribute("d")).get(1);
        assertThat(centre[1]).isCloseTo(points.get(1)[1], within(0.05));
        assertThat(centre[0] - 4.5).isCloseTo(points.get(1)[0], within(0.05));
        assertThat(marks.get(0).getTextContent()).contains("a v1", "2001-01-01 01:00:00 UTC");
    }

    @Test
    void everyDecisionIsAMarkerInItsKindsLaneOnTheQualityPlotsTimeAxis() throws Exception {
        ReportXml report =
                report(
                        run().progress(1000, T0, binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .progress(2000, T0 + HOUR, binary("a", 0, "CHAMPION", 0.7, 0.7))
                                .progress(3000, T0 + 2 * HOUR, binary("a", 1, "CHAMPION", 0.6, 0.7))
                                .decision("DRIFT", "a", T0 + HOUR, NAN)
                                .decision("RETRAIN", "a-r1", T0 + HOUR, 0.0)
                                .decision("DRIFT", "a", T0 + 2 * HOUR, NAN)
                                .decision("PUBLISH", "a", T0 + 2 * HOUR, NAN)
                                .decision("SOMETHING_NEW", "a", T0 + 2 * HOUR, NAN));

        List<Element> markers = report.all("//svg[@id='plot-decisions']//path[@class='marker']");
        assertThat(markers)
                .extracting(e -> e.getAttribute("data-kind"))
                .containsExactly("DRIFT", "DRIFT", "RETRAIN", "PUBLISH", "SOMETHING_NEW");
        // Lanes in the story's order, a kind this report does not know last.
        assertThat(report.all("//svg[@id='plot-decisions']//g[@class='lane']"))
                .extracting(e -> e.getAttribute("data-kind"))
                .containsExactly("DRIFT", "RETRAIN", "PUBLISH", "SOMETHING_NEW");
        // Kinds differ in shape and colour; the legend names each.
        assertThat(markers.get(0).getAttribute("fill"))
                .isNotEqualTo(markers.get(2).getAttribute("fill"));
        assertThat(report.text("//svg[@id='plot-decisions']//g[@class='legend']"))
                .contains("drift", "retrain", "publish", "something_new");
        // The first drift sits exactly above the report at its event time.
        double[] loss =
                ReportXml.points(series(report, "plot-logloss", "a").getAttribute("d")).get(1);
        double[] apex = ReportXml.points(markers.get(0).getAttribute("d")).get(0);
        assertThat(apex[0]).isCloseTo(loss[0], within(0.05));
        assertThat(markers.get(0).getTextContent())
                .contains("DRIFT a v0 at 2001-01-01 01:00:00 UTC", "drift of a");
        assertThat(report.text("//header")).contains("2 drift, 1 retrain, 1 publish");
    }

    @Test
    void canaryStepsPromotionAndTheChampionsShareAreSteps() throws Exception {
        ReportXml report =
                report(
                        run().progress(1000, T0, binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .progress(
                                        2000, T0 + 10 * HOUR, binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .decision("RETRAIN", "c", T0 + HOUR, 0.0)
                                .decision("CANARY", "c", T0 + 2 * HOUR, 0.05)
                                .decision("CANARY", "c", T0 + 3 * HOUR, 0.25)
                                .decision("CANARY", "c", T0 + 4 * HOUR, 0.5)
                                .decision("PROMOTE", "c", 0, T0 + 5 * HOUR, 1.0, "a", "proven")
                                .decision("RETRAIN", "d", T0 + 6 * HOUR, 0.0)
                                .decision("ROLLBACK", "d", T0 + 7 * HOUR, 0.0));

        assertThat(shares(report, "c"))
                .containsExactly("0.0000", "0.0500", "0.2500", "0.5000", "1.0000");
        assertThat(shares(report, "a")).containsExactly("0.9500", "0.7500", "0.5000", "0.0000");
        // d was judged in shadow only and never served: not drawn.
        assertThat(report.all("//svg[@id='plot-traffic']//g[@data-model='d']")).isEmpty();

        // The share is read off the y axis: 0% at the bottom, 100% at the top.
        double bottom = PlotFrame.TOP + TrafficChart.HEIGHT;
        for (Element step : report.all("//svg[@id='plot-traffic']//circle[@class='step']")) {
            double share = Double.parseDouble(step.getAttribute("data-share"));
            assertThat(Double.parseDouble(step.getAttribute("cy")))
                    .isCloseTo(bottom - share * TrafficChart.HEIGHT, within(0.05));
        }
        String c =
                report.all("//svg[@id='plot-traffic']//g[@data-model='c']/path")
                        .get(0)
                        .getAttribute("d");
        // Up four times (0 to 5%, 25%, 50%, 100%), then on to the end of the run.
        assertThat(ReportXml.commands(c, 'V')).isEqualTo(4);
        assertThat(ReportXml.points(c).get(ReportXml.points(c).size() - 1)[0])
                .isCloseTo(PlotFrame.RIGHT, within(0.05));
    }

    private static List<String> shares(ReportXml report, String model) throws Exception {
        List<String> shares = new ArrayList<>();
        for (Element e :
                report.all(
                        "//svg[@id='plot-traffic']//g[@data-model='"
                                + model
                                + "']/circle[@class='step']")) {
            shares.add(e.getAttribute("data-share"));
        }
        return shares;
    }

    @Test
    void aRolledBackCanaryReturnsItsShareToTheChampion() throws Exception {
        ReportXml report =
                report(
                        run().progress(1000, T0, binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .decision("RETRAIN", "c", T0 + HOUR, 0.0)
                                .decision("CANARY", "c", T0 + 2 * HOUR, 0.05)
                                .decision("ROLLBACK", "c", T0 + 3 * HOUR, NAN));

        assertThat(shares(report, "c")).containsExactly("0.0000", "0.0500", "0.0000");
        assertThat(shares(report, "a")).containsExactly("0.9500", "1.0000");
    }

    @Test
    void withoutServedChallengersTheTrafficPlotSaysSo() throws Exception {
        ReportXml report =
                report(
                        run().progress(1000, T0, binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .decision("RETRAIN", "c", T0 + HOUR, 0.0)
                                .decision("ROLLBACK", "c", T0 + 2 * HOUR, 0.0));

        assertThat(report.all("//svg[@id='plot-traffic']//path[@class='steps']")).isEmpty();
        assertThat(report.text("//svg[@id='plot-traffic']//text[@class='empty']"))
                .contains("No challenger was served traffic");
    }

    @Test
    void throughputComesFromTheProgressLinesWallClockStamps() throws Exception {
        long wall = 1_700_000_000_000L;
        ReportXml report =
                report(
                        run().progress(1000, T0, wall, binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .progress(
                                        3000,
                                        T0 + HOUR,
                                        wall + 1000,
                                        binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .progress(
                                        4000,
                                        T0 + 2 * HOUR,
                                        wall + 2000,
                                        binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .progress(
                                        8000,
                                        T0 + 3 * HOUR,
                                        wall + 3000,
                                        binary("a", 0, "CHAMPION", 0.6, 0.7)));

        List<Element> paths = report.all("//svg[@id='plot-throughput']//path[@class='throughput']");
        assertThat(paths).hasSize(1);
        String d = paths.get(0).getAttribute("d");
        assertThat(ReportXml.commands(d, 'H')).isEqualTo(3);
        // 2,000, 1,000 and 4,000 examples per second: read back through the y axis (0 to 4,000).
        double bottom = PlotFrame.TOP + ThroughputChart.HEIGHT;
        List<double[]> points = ReportXml.points(d);
        double[] expected = {2000, 2000, 1000, 1000, 4000, 4000};
        assertThat(points).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(points.get(i)[1])
                    .as("point %d", i)
                    .isCloseTo(bottom - expected[i] / 4000 * ThroughputChart.HEIGHT, within(0.05));
        }
        assertThat(report.text("//svg[@id='plot-throughput']//text"))
                .contains(
                        "mean 2,333 examples/s",
                        "wall-clock seconds since the first progress report");
    }

    @Test
    void progressWithoutWallClockStampsGivesNoThroughputCurveButSaysWhy() throws Exception {
        ReportXml report =
                report(
                        run().progress(1000, T0, binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .progress(2000, T0 + HOUR, binary("a", 0, "CHAMPION", 0.6, 0.7)));

        assertThat(report.all("//svg[@id='plot-throughput']//path[@class='throughput']")).isEmpty();
        assertThat(report.text("//svg[@id='plot-throughput']//text"))
                .contains("no wall-clock times", "3,000 events in 3.0 s");
        // The quality plots do not need the stamps.
        assertThat(report.all("//svg[@id='plot-logloss']//path[@class='series']")).hasSize(1);
    }

    @Test
    void theChampionsWorstSlicesAreBarsAgainstItsOverallLoss() throws Exception {
        ReportXml report =
                report(
                        run().progress(1000, T0, binary("a", 0, "CHAMPION", 0.6, 0.7))
                                .championWithSlices("a", 0.5, "SEA", 800, 0.8, "ORD", 900, 0.6));

        List<Element> bars = report.all("//svg[@id='plot-slices']//rect[@class='bar']");
        assertThat(bars)
                .extracting(b -> b.getAttribute("data-slice"))
                .containsExactly("SEA", "ORD");
        double sea = Double.parseDouble(bars.get(0).getAttribute("width"));
        double ord = Double.parseDouble(bars.get(1).getAttribute("width"));
        assertThat(sea / ord).isCloseTo(0.8 / 0.6, within(0.01));
        List<Element> reference = report.all("//svg[@id='plot-slices']//path[@class='reference']");
        assertThat(reference).hasSize(1);
        double x = ReportXml.points(reference.get(0).getAttribute("d")).get(0)[0];
        assertThat((x - PlotFrame.LEFT) / sea).isCloseTo(0.5 / 0.8, within(0.01));
        assertThat(bars.get(0).getTextContent()).contains("SEA: Log loss 0.8000 over 800 examples");
    }

    @Test
    void aRunWithoutReportsDecisionsOrSlicesStillGetsAReportThatSaysSo() throws Exception {
        ReportXml report = report(run());

        assertThat(report.text("//svg[@id='plot-logloss']//text[@class='empty']"))
                .contains("No progress reports");
        assertThat(report.text("//svg[@id='plot-decisions']//text[@class='empty']"))
                .contains("No decisions");
        assertThat(report.text("//svg[@id='plot-slices']//text[@class='empty']"))
                .contains("No evaluation");
        assertThat(report.text("//svg[@id='plot-throughput']//text[@class='empty']"))
                .contains("no wall-clock times");
    }

    @Test
    void textFromTheRunIsEscapedAndTheReportStaysWellFormed() throws Exception {
        String hostile = "<script>alert(\"x\")</script>&'\u0001]]>";
        ReportXml report =
                report(
                        run().progress(1000, T0, binary(hostile, 0, "CHAMPION", 0.6, 0.7))
                                .progress(2000, T0 + HOUR, binary(hostile, 0, "CHAMPION", 0.6, 0.7))
                                .decision("DRIFT", hostile, 0, T0, NAN, "", "reason <b>" + hostile)
                                .championWithSlices(hostile, 0.5, "<slice>&", 10, 0.7));

        String html = Files.readString(temp.resolve("run/report.html"), StandardCharsets.UTF_8);
        assertThat(html).doesNotContain("<script", "<b>", "<slice>");
        // What the reader sees is the text itself, the one character XML cannot carry replaced.
        String shown = hostile.replace('\u0001', '\uFFFD');
        assertThat(series(report, "plot-logloss", shown)).isNotNull();
        assertThat(report.text("//svg[@id='plot-decisions']//path[@class='marker']/title"))
                .contains("reason <b>" + shown);
        assertThat(report.all("//rect[@class='bar']").get(0).getAttribute("data-slice"))
                .isEqualTo("<slice>&");
    }

    @Test
    void theReportLoadsNothingFromAnywhere() throws Exception {
        report(
                run().progress(1000, T0, 1L, binary("a", 0, "CHAMPION", 0.6, 0.7))
                        .progress(2000, T0 + HOUR, 2L, binary("a", 1, "CHAMPION", 0.5, 0.8))
                        .decision("DRIFT", "a", T0, NAN)
                        .championWithSlices("a", 0.5, "SEA", 800, 0.8));
        String html = Files.readString(temp.resolve("run/report.html"), StandardCharsets.UTF_8);

        assertThat(html.toLowerCase(java.util.Locale.ROOT))
                .doesNotContain("<script", "src=", "href=", "url(", "@import", "<link", "<img");
        Matcher http = Pattern.compile("https?://[^\"]*").matcher(html);
        while (http.find()) {
            assertThat(http.group()).isEqualTo(Svg.NAMESPACE);
        }
    }

    @Test
    void theSameRunGivesTheSameBytesWhereverItLies() throws Exception {
        Path dir =
                run().progress(1000, T0, 5L, binary("a", 0, "CHAMPION", 0.6, 0.7))
                        .progress(
                                2000,
                                T0 + HOUR,
                                900L,
                                binary("a", 1, "CHAMPION", 0.5, 0.8),
                                binary("b", 0, "SHADOW", 0.55, 0.75))
                        .decision("CANARY", "b", T0 + HOUR, 0.05)
                        .championWithSlices("a", 0.5, "SEA", 800, 0.8)
                        .write();
        byte[] first = Files.readAllBytes(RunReport.write(dir));
        byte[] again = Files.readAllBytes(RunReport.write(dir));
        Path copy = temp.resolve("elsewhere/run");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f :
                    files.filter(f -> !f.getFileName().toString().equals("report.html")).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        byte[] copied = Files.readAllBytes(RunReport.write(copy));

        assertThat(again).isEqualTo(first);
        assertThat(copied).isEqualTo(first);
    }

    @Test
    void aLongRunIsThinnedToAFewThousandPointsKeepingTheLast() throws Exception {
        TestingRunFolder run = run();
        int reports = RunReport.MAX_REPORTS_DRAWN * 2 + 1;
        for (int i = 0; i < reports; i++) {
            run.progress(
                    1000L * (i + 1),
                    T0 + i * 60_000L,
                    binary("a", 0, "CHAMPION", 0.6 + (i % 7) * 0.01, 0.7));
        }
        ReportXml report = report(run);

        List<double[]> points =
                ReportXml.points(series(report, "plot-logloss", "a").getAttribute("d"));
        assertThat(points)
                .hasSizeLessThanOrEqualTo(RunReport.MAX_REPORTS_DRAWN)
                .hasSizeGreaterThan(1000);
        assertThat(points.get(points.size() - 1)[0]).isCloseTo(PlotFrame.RIGHT, within(0.05));
        assertThat(report.text("//svg[@id='plot-logloss']/text[@class='subtitle']"))
                .contains("one report in 3 drawn, of 4,001");
    }

    @Test
    void theHeaderHasTheRunsFacts() throws Exception {
        TestingRunFolder run =
                run().progress(1000, T0, binary("a", 0, "CHAMPION", 0.6, 0.7))
                        .championWithSlices("a", 0.5);
        run.summary().put("dead_letters", 3);
        run.summary().putObject("dead_letters_by_reason").put("MALFORMED", 2).put("BAD_TYPE", 1);
        var models = run.summary().putArray("models");
        models.addObject().put("model", "a").put("version", 1);
        models.addObject().put("model", "a").put("version", 2);
        models.addObject().put("model", "b").put("version", 1);
        run.summary().putObject("prequential").put("logloss", 0.55).putNull("rmse").put("auc", 0.8);
        var check = run.summary().putObject("onnx_reference_check");
        check.put("model", "a").put("version", 2).put("examples", 10000);
        check.put("max_abs_diff", 2.2e-16).put("tolerance", 1e-6).put("passed", true);

        ReportXml report = report(run);

        String header = report.text("//header");
        assertThat(header)
                .contains("Tributary run: test-job")
                .contains("3,000 read, 3,000 trained on")
                .contains("3 (MALFORMED 2, BAD_TYPE 1)")
                .contains("3.0 s, 1,000 events/s")
                .contains("a v1; since the start log loss 0.5500, AUC 0.8000")
                .contains("3 versions: a v1 to v2, b v1")
                .contains(
                        "passed: ONNX Runtime reproduces the in-job predictions of a v2 on 10,000")
                .doesNotContain("RMSE");
    }
}
