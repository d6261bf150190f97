package dev.tributary.jobs.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A compose file as Docker Compose reads it: services, their commands, environment and mounts, with
 * {@code ${VAR:-default}} interpolated to the default (what a plain {@code docker compose up} gets)
 * and {@code $$} to {@code $}.
 */
final class ComposeFile {

    /** A mount of a service: a bind mount of a host path, or a named volume. */
    record Mount(String type, String source, String target, boolean readOnly) {

        boolean isBind() {
            return "bind".equals(type);
        }

        boolean isVolume() {
            return "volume".equals(type);
        }

        /** Whether {@code containerPath} is this mount's target or lies below it. */
        boolean covers(String containerPath) {
            return containerPath.equals(target) || containerPath.startsWith(target + "/");
        }
    }

    private final Path file;
    private final JsonNode root;

    ComposeFile(Path file) {
        this.file = file;
        this.root = Repository.readYaml(file);
    }

    Set<String> services() {
        Set<String> names = new TreeSet<>();
        root.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    JsonNode service(String name) {
        JsonNode service = root.path("services").get(name);
        if (service == null) {
            throw new AssertionError(file + " has no service \"" + name + "\"");
        }
        return service;
    }

    String image(String service) {
        return interpolate(service(service).path("image").asText(null));
    }

    /** The command as a list; a string command is split on whitespace as Compose does. */
    List<String> command(String service) {
        return words(service(service).get("command"));
    }

    List<String> entrypoint(String service) {
        return words(service(service).get("entrypoint"));
    }

    private List<String> words(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (node.isTextual()) {
            for (String word : node.asText().trim().split("\\s+")) {
                out.add(interpolate(word));
            }
            return out;
        }
        for (String word : Repository.texts(node)) {
            out.add(interpolate(word));
        }
        return out;
    }

    /** The environment, from either the mapping or the list form. */
    Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service(service).get("environment");
        if (node == null || node.isNull()) {
            return env;
        }
        if (node.isObject()) {
            node.properties()
                    .forEach(e -> env.put(e.getKey(), interpolate(e.getValue().asText(""))));
        } else {
            for (String entry : Repository.texts(node)) {
                int eq = entry.indexOf('=');
                env.put(
                        eq < 0 ? entry : entry.substring(0, eq),
                        eq < 0 ? "" : interpolate(entry.substring(eq + 1)));
            }
        }
        return env;
    }

    /** The raw (not interpolated) environment values, to tell literals from variables. */
    Map<String, String> rawEnvironment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service(service).get("environment");
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> env.put(e.getKey(), e.getValue().asText("")));
        }
        return env;
    }

    List<Mount> mounts(String service) {
        List<Mount> mounts = new ArrayList<>();
        JsonNode volumes = service(service).get("volumes");
        if (volumes == null) {
            return mounts;
        }
        for (JsonNode v : volumes) {
            if (v.isTextual()) {
                String[] parts = interpolate(v.asText()).split(":");
                String source = parts[0];
                boolean bind = source.startsWith(".") || source.startsWith("/");
                mounts.add(
                        new Mount(
                                bind ? "bind" : "volume",
                                source,
                                parts[1],
                                parts.length > 2 && parts[2].contains("ro")));
            } else {
                mounts.add(
                        new Mount(
                                v.path("type").asText("volume"),
                                interpolate(v.path("source").asText(null)),
                                interpolate(v.path("target").asText(null)),
                                v.path("read_only").asBoolean(false)));
            }
        }
        return mounts;
    }

    /** The mount of {@code service} holding {@code containerPath}, the deepest one if nested. */
    Optional<Mount> mountOf(String service, String containerPath) {
        Mount best = null;
        for (Mount m : mounts(service)) {
            if (m.covers(containerPath)
                    && (best == null || m.target().length() > best.target().length())) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The host file behind a container path of a bind mount, resolved against this file. */
    Path hostPath(String service, String containerPath) {
        Mount mount =
                mountOf(service, containerPath)
                        .filter(Mount::isBind)
                        .orElseThrow(
                                () ->
                                        new AssertionError(
                                                service
                                                        + ": no bind mount holds "
                                                        + containerPath));
        Path source = file.getParent().resolve(mount.source()).normalize();
        String below = containerPath.substring(mount.target().length());
        return below.isEmpty() ? source : source.resolve(below.substring(1)).normalize();
    }

    /** {@code depends_on} as service name to condition ({@code service_started} if unstated). */
    Map<String, String> dependsOn(String service) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode node = service(service).get("depends_on");
        if (node == null) {
            return out;
        }
        if (node.isArray()) {
            node.forEach(n -> out.put(n.asText(), "service_started"));
        } else {
            node.properties()
                    .forEach(
                            e ->
                                    out.put(
                                            e.getKey(),
                                            e.getValue()
                                                    .path("condition")
                                                    .asText("service_started")));
        }
        return out;
    }

    /**
     * Whether {@code service} starts only once {@code other} is healthy or has completed, directly
     * or through the services it waits for: some chain of {@code depends_on} reaches {@code other}
     * with a condition stronger than {@code service_started}.
     */
    boolean waitsFor(String service, String other) {
        return waitsFor(service, other, new TreeSet<>());
    }

    private boolean waitsFor(String service, String other, Set<String> seen) {
        if (!seen.add(service)) {
            return false;
        }
        for (Map.Entry<String, String> d : dependsOn(service).entrySet()) {
            if (d.getKey().equals(other) && !d.getValue().equals("service_started")) {
                return true;
            }
            if (waitsFor(d.getKey(), other, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Compose interpolation with an empty environment: every variable takes its default. */
    static String interpolate(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i);
                if (end < 0) {
                    throw new AssertionError("unclosed ${ in \"" + text + "\"");
                }
                String expression = text.substring(i + 2, end);
                int dash = expression.indexOf(":-");
                if (dash < 0) {
                    dash = expression.indexOf('-');
                    out.append(dash < 0 ? "" : expression.substring(dash + 1));
                } else {
                    out.append(expression.substring(dash + 2));
                }
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
