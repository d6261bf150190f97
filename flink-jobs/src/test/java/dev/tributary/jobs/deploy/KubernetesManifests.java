package dev.tributary.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Kubernetes objects of the YAML files in {@code k8s/}, and the parts of them tests read. */
final class KubernetesManifests {

    private final List<JsonNode> objects = new ArrayList<>();

    KubernetesManifests(List<Path> files) {
        for (Path file : files) {
            objects.addAll(Repository.readYamlDocuments(file));
        }
    }

    /** The one object of this kind (and name, unless {@code null}). */
    JsonNode get(String kind, String name) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode o : objects) {
            if (kind.equals(o.path("kind").asText())
                    && (name == null || name.equals(o.path("metadata").path("name").asText()))) {
                found.add(o);
            }
        }
        if (found.size() != 1) {
            throw new AssertionError(
                    "expected one "
                            + kind
                            + (name == null ? "" : " " + name)
                            + ", found "
                            + found.size());
        }
        return found.get(0);
    }

    /** The FlinkDeployment's {@code spec.flinkConfiguration} as flat string keys and values. */
    static Map<String, String> flinkConfiguration(JsonNode deployment) {
        Map<String, String> out = new LinkedHashMap<>();
        flatten("", deployment.path("spec").path("flinkConfiguration"), out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.properties()
                    .forEach(
                            e ->
                                    flatten(
                                            prefix.isEmpty()
                                                    ? e.getKey()
                                                    : prefix + "." + e.getKey(),
                                            e.getValue(),
                                            out));
        } else if (!node.isMissingNode()) {
            out.put(prefix, node.asText());
        }
    }

    /** The FlinkDeployment pod template's main container, which Flink merges into its pods. */
    static JsonNode mainContainer(JsonNode deployment) {
        for (JsonNode c :
                deployment.path("spec").path("podTemplate").path("spec").path("containers")) {
            if ("flink-main-container".equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("the pod template has no container named flink-main-container");
    }

    /** The pod template's volume mounted at the mount path holding {@code path}, if any. */
    static Optional<JsonNode> volumeHolding(JsonNode deployment, String path) {
        JsonNode best = null;
        String bestPath = "";
        for (JsonNode m : mainContainer(deployment).path("volumeMounts")) {
            String mountPath = m.path("mountPath").asText();
            if ((path.equals(mountPath) || path.startsWith(mountPath + "/"))
                    && mountPath.length() > bestPath.length()) {
                best = m;
                bestPath = mountPath;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String volume = best.path("name").asText();
        for (JsonNode v :
                deployment.path("spec").path("podTemplate").path("spec").path("volumes")) {
            if (volume.equals(v.path("name").asText())) {
                return Optional.of(v);
            }
        }
        throw new AssertionError("volume mount " + volume + " names no volume of the pod template");
    }

    /** The mount path of the pod template's volume named {@code volume}. */
    static String mountPath(JsonNode deployment, String volume) {
        for (JsonNode m : mainContainer(deployment).path("volumeMounts")) {
            if (volume.equals(m.path("name").asText())) {
                return m.path("mountPath").asText();
            }
        }
        throw new AssertionError("the main container does not mount volume " + volume);
    }

    /** The value of an environment variable of the main container, if set by value. */
    static Optional<String> env(JsonNode deployment, String name) {
        for (JsonNode e : mainContainer(deployment).path("env")) {
            if (name.equals(e.path("name").asText()) && e.has("value")) {
                return Optional.of(e.path("value").asText());
            }
        }
        return Optional.empty();
    }
}
