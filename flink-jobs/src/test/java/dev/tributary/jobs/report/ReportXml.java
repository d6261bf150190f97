package dev.tributary.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads a report back as XML, the way the tests check it: the whole page must be well-formed, and
 * so must each SVG on its own; plots are then inspected by their elements and path data.
 */
final class ReportXml {

    private final Document page;

    private ReportXml(Document page) {
        this.page = page;
    }

    /** Parses the page, and each of its SVG elements separately; fails on any malformed one. */
    static ReportXml parse(String html) throws Exception {
        Document page = xml(html);
        Matcher svg = Pattern.compile("<svg[ >].*?</svg>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (svg.find()) {
            Document alone = xml(svg.group());
            assertThat(alone.getDocumentElement().getAttribute("xmlns")).isEqualTo(Svg.NAMESPACE);
            count++;
        }
        ReportXml report = new ReportXml(page);
        assertThat(report.all("//svg")).hasSize(count);
        return report;
    }

    private static Document xml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The elements an XPath expression selects, in document order. */
    List<Element> all(String xpath) throws Exception {
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

    /**
     * The text of the elements, as a reader sees it (entities resolved), one space between them: a
     * subtitle wrapped over two lines reads as one.
     */
    String text(String xpath) throws Exception {
        StringBuilder text = new StringBuilder();
        for (Element e : all(xpath)) {
            text.append(e.getTextContent()).append(' ');
        }
        return text.toString();
    }

    /** The points of path data made of M, L (and H, V) commands, as x, y pairs. */
    static List<double[]> points(String d) {
        List<double[]> points = new ArrayList<>();
        Matcher m = Pattern.compile("([MLHV])([-0-9.]+)(?: ([-0-9.]+))?").matcher(d);
        double x = 0;
        double y = 0;
        while (m.find()) {
            switch (m.group(1)) {
                case "M", "L" -> {
                    x = Double.parseDouble(m.group(2));
                    y = Double.parseDouble(m.group(3));
                }
                case "H" -> x = Double.parseDouble(m.group(2));
                default -> y = Double.parseDouble(m.group(2));
            }
            points.add(new double[] {x, y});
        }
        return points;
    }

    /** How many times a path command letter occurs in path data. */
    static long commands(String d, char command) {
        return d.chars().filter(c -> c == command).count();
    }
}
