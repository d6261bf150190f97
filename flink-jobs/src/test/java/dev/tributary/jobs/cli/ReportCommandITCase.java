package dev.tributary.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code tributary demo --replay --report} and {@code tributary report} as a user runs them: the
 * whole demo stream replayed, then its report, which must show the injected drift, the canary steps
 * of the challenger fitted after it, and its promotion; and a folder that is not a run is one clear
 * line.
 */
class ReportCommandITCase {

    @TempDir Path temp;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDemosReportShowsTheDriftTheCanaryStepsAndThePromotion() throws Exception {
        Path out = temp.resolve("demo");
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (PrintStream console = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(console);
            exit =
                    Main.commandLine()
                            .execute("demo", "--replay", "--report", "--out", out.toString());
        } finally {
            System.setOut(original);
        }
        String console = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(console).isZero();
        Path report = out.toAbsolutePath().normalize().resolve("report.html");
        assertThat(console).contains("Report: " + report);
        byte[] written = Files.readAllBytes(report);
        Document page = parse(written);

        // One point per progress report for the first champion, on the log loss plot.
        List<JsonNode> progress = jsonLines(out.resolve("progress.jsonl"));
        long championReports =
                progress.stream()
                        .filter(p -> evaluation(p, "logreg-ftrl") != null)
                        .filter(
                                p ->
                                        evaluation(p, "logreg-ftrl")
                                                .path("window")
                                                .path("logLoss")
                                                .isNumber())
                        .count();
        Element loss =
                only(
                        page,
                        "//svg[@id='plot-logloss']//path[@class='series'][@data-model='logreg-ftrl']");
        assertThat(points(loss.getAttribute("d"))).isEqualTo(championReports).isPositive();
        assertThat(all(page, "//svg[@id='plot-auc']//path[@class='series']")).isNotEmpty();

        // Every decision is a marker, the drift detections and the promotion among them.
        List<JsonNode> decisions = jsonLines(out.resolve("decisions.jsonl"));
        for (String kind :
                List.of("DRIFT", "RETRAIN", "CANARY", "PROMOTE", "ROLLBACK", "PUBLISH")) {
            long expected =
                    decisions.stream().filter(d -> d.path("kind").asText().equals(kind)).count();
            assertThat(
                            all(
                                    page,
                                    "//svg[@id='plot-decisions']//path[@class='marker'][@data-kind='"
                                            + kind
                                            + "']"))
                    .as(kind)
                    .hasSize((int) expected);
        }
        assertThat(all(page, "//svg[@id='plot-decisions']//path[@data-kind='DRIFT']")).isNotEmpty();
        JsonNode promote =
                decisions.stream()
                        .filter(d -> d.path("kind").asText().equals("PROMOTE"))
                        .findFirst()
                        .orElseThrow();
        String challenger = promote.path("modelId").asText();

        // The challenger's canary steps and its promotion, in order, on the traffic plot and on
        // the closer look at its rollout; the champion it replaced steps down to nothing.
        for (String plot : List.of("plot-traffic", "plot-rollout-1")) {
            List<String> shares = shares(page, plot, challenger);
            assertThat(shares).as(plot).containsSubsequence("0.0500", "0.2500", "0.5000", "1.0000");
            assertThat(shares(page, plot, promote.path("source").asText()))
                    .as(plot)
                    .contains("0.0000");
        }
        assertThat(text(page, "//svg[@id='plot-rollout-1']/text[@class='title']"))
                .contains("Rollout of " + challenger);

        // The progress lines now carry wall-clock stamps: throughput is drawn, not explained away.
        long stamped = progress.stream().filter(p -> p.has("wallTimeMs")).count();
        assertThat(stamped).isEqualTo(progress.size());
        Element throughput = only(page, "//svg[@id='plot-throughput']//path[@class='throughput']");
        long intervals = throughput.getAttribute("d").chars().filter(c -> c == 'H').count();
        assertThat(intervals).isBetween(1L, stamped - 1);

        assertThat(all(page, "//svg[@id='plot-slices']//rect[@class='bar']")).hasSize(5);
        assertThat(text(page, "//header")).contains("Tributary run: flights-demo", "promote");

        // tributary report on the finished run: the same report, byte for byte.
        StringWriter err = new StringWriter();
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        try (PrintStream console2 = new PrintStream(again, true, StandardCharsets.UTF_8)) {
            System.setOut(console2);
            var cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            exit = cli.execute("report", "--out", out.toString());
        } finally {
            System.setOut(original);
        }
        assertThat(exit).as(err.toString()).isZero();
        assertThat(again.toString(StandardCharsets.UTF_8).strip()).isEqualTo("Report: " + report);
        assertThat(Files.readAllBytes(report)).isEqualTo(written);
    }

    @Test
    void aFolderThatIsNotAFinishedRunIsOneClearLine() throws Exception {
        Path notARun = Files.createDirectories(temp.resolve("empty"));
        StringWriter err = new StringWriter();
        var cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("report", "--out", notARun.toString());

        assertThat(exit).isEqualTo(ErrorReporter.BAD_CONFIGURATION);
        assertThat(err.toString().strip())
                .startsWith("tributary: bad configuration: --out: " + notARun.toAbsolutePath())
                .contains("is not a finished Tributary run: it has no summary.json")
                .doesNotContain("\n");
        assertThat(notARun.resolve("report.html")).doesNotExist();
    }

    private static JsonNode evaluation(JsonNode status, String model) {
        for (JsonNode e : status.path("evaluations")) {
            if (e.path("model").path("modelId").asText().equals(model)) {
                return e;
            }
        }
        return null;
    }

    private static List<JsonNode> jsonLines(Path file) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static Document parse(byte[] html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document page = factory.newDocumentBuilder().parse(new ByteArrayInputStream(html));
        // Each SVG is well-formed on its own too, as it would be cut out of the page.
        Matcher svg =
                Pattern.compile("<svg[ >].*?</svg>", Pattern.DOTALL)
                        .matcher(new String(html, StandardCharsets.UTF_8));
        int count = 0;
        while (svg.find()) {
            factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.group().getBytes(StandardCharsets.UTF_8)));
            count++;
        }
        assertThat(all(page, "//svg")).hasSize(count);
        return page;
    }

    private static List<Element> all(Document page, String xpath) throws Exception {
        NodeList nodes =
                (NodeList)
                        XPathFactory.newInstance()
                                .newXPath()
                                .evaluate(xpath, page, XPathConstants.NODESET);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    private static Element only(Document page, String xpath) throws Exception {
        List<Element> elements = all(page, xpath);
        assertThat(elements).as(xpath).hasSize(1);
        return elements.get(0);
    }

    private static String text(Document page, String xpath) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Element e : all(page, xpath)) {
            text.append(e.getTextContent());
        }
        return text.toString();
    }

    private static List<String> shares(Document page, String plot, String model) throws Exception {
        List<String> shares = new ArrayList<>();
        for (Element step :
                all(
                        page,
                        "//svg[@id='"
                                + plot
                                + "']//g[@data-model='"
                                + model
                                + "']/circle[@class='step']")) {
            shares.add(step.getAttribute("data-share"));
        }
        return shares;
    }

    /** The points of path data: one per M or L command. */
    private static long points(String d) {
        return d.chars().filter(c -> c == 'M' || c == 'L').count();
    }
}
