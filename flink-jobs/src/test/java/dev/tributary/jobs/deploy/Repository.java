package dev.tributary.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The repository the tests run in: its root, facts of the build (the shaded jar's name and main
 * class, read from {@code flink-jobs/pom.xml}), bundled resources, and YAML helpers.
 */
final class Repository {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Repository() {}

    /** The folder holding {@code mvnw} and {@code flink-jobs/}, at or above the working folder. */
    static Path root() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw"))
                    && Files.isDirectory(dir.resolve("flink-jobs"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no repository root (mvnw, flink-jobs/) at or above " + start);
    }

    /** {@code flink-jobs/target/<finalName>.jar}: the jar the shade plugin writes. */
    static Path shadedJar() {
        return root().resolve("flink-jobs/target").resolve(shadeSetting("finalName") + ".jar");
    }

    /** The {@code Main-Class} the shade plugin writes into the jar's manifest. */
    static String shadedMainClass() {
        return shadeSetting("mainClass");
    }

    /** The text of one element under the maven-shade-plugin of {@code flink-jobs/pom.xml}. */
    private static String shadeSetting(String element) {
        Path pom = root().resolve("flink-jobs/pom.xml");
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(pom.toFile());
            NodeList plugins = doc.getElementsByTagName("plugin");
            for (int i = 0; i < plugins.getLength(); i++) {
                Element plugin = (Element) plugins.item(i);
                NodeList artifact = plugin.getElementsByTagName("artifactId");
                if (artifact.getLength() > 0
                        && "maven-shade-plugin".equals(artifact.item(0).getTextContent().trim())) {
                    NodeList values = plugin.getElementsByTagName(element);
                    if (values.getLength() == 0) {
                        throw new IllegalStateException(
                                pom + ": maven-shade-plugin has no <" + element + ">");
                    }
                    return values.item(0).getTextContent().trim();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + pom, e);
        }
        throw new IllegalStateException(pom + " has no maven-shade-plugin");
    }

    /** A resource of the jar (flink-jobs/src/main/resources), as text. */
    static String resource(String name) {
        try (InputStream in = Repository.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static JsonNode readYaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of a multi-document file. */
    static List<JsonNode> readYamlDocuments(Path file) {
        List<JsonNode> documents = new ArrayList<>();
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (values.hasNext()) {
                JsonNode doc = values.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    documents.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return documents;
    }

    /**
     * The key paths (like {@code kafka.bootstrap-servers}) at which two job files differ, ignoring
     * the paths {@code allowed} to differ.
     */
    static Set<String> differences(JsonNode a, JsonNode b, Set<String> allowed) {
        Set<String> out = new TreeSet<>();
        collectDifferences(a, b, "", allowed, out);
        return out;
    }

    private static void collectDifferences(
            JsonNode a, JsonNode b, String path, Set<String> allowed, Set<String> out) {
        if (allowed.contains(path)) {
            return;
        }
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String child = path.isEmpty() ? name : path + "." + name;
                collectDifferences(a.get(name), b.get(name), child, allowed, out);
            }
        } else if (a == null || b == null || !a.equals(b)) {
            out.add(path);
        }
    }

    /** The texts of a JSON array, or the one text of a scalar. */
    static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isArray()) {
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                out.add(it.next().asText());
            }
        } else {
            out.add(node.asText());
        }
        return out;
    }
}
