package dev.tributary.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's header: the run's facts in a few lines of text, from {@code summary.json} and the
 * registry's traffic split. What is absent from an older summary is left out, not guessed.
 */
final class RunFacts {

    private RunFacts() {}

    /** The header as HTML: a heading, a line of context and a list of facts. */
    static String html(RunRecords run) {
        JsonNode s = run.summary();
        String job = s.path("job").asText("");
        StringBuilder out = new StringBuilder();
        out.append("<header>\n<h1>Tributary run")
                .append(job.isEmpty() ? "" : ": " + Markup.escape(job))
                .append("</h1>\n");
        out.append("<p class=\"context\">")
                .append(Markup.escape(context(run)))
                .append("</p>\n<dl class=\"facts\">\n");
        for (Map.Entry<String, String> fact : facts(run).entrySet()) {
            out.append("<dt>")
                    .append(Markup.escape(fact.getKey()))
                    .append("</dt><dd>")
                    .append(Markup.escape(fact.getValue()))
                    .append("</dd>\n");
        }
        return out.append("</dl>\n</header>\n").toString();
    }

    private static String context(RunRecords run) {
        StringBuilder text = new StringBuilder();
        String experiment = run.experiment();
        if (!experiment.isEmpty()) {
            text.append("Experiment ").append(experiment);
        }
        List<ProgressPoint> progress = run.progress();
        if (!progress.isEmpty()) {
            text.append(text.length() > 0 ? ", " : "")
                    .append("event time ")
                    .append(TimeScale.instant(progress.get(0).eventTime()))
                    .append(" to ")
                    .append(TimeScale.instant(progress.get(progress.size() - 1).eventTime()));
        }
        return text.append(text.length() > 0 ? "." : "").toString();
    }

    /** The facts by name, in the order shown. */
    static Map<String, String> facts(RunRecords run) {
        JsonNode s = run.summary();
        Map<String, String> facts = new LinkedHashMap<>();
        if (s.has("events")) {
            String events = Markup.count(s.path("events").asLong()) + " read";
            if (s.has("trained")) {
                events += ", " + Markup.count(s.path("trained").asLong()) + " trained on";
            }
            facts.put("Events", events);
        }
        if (s.has("dead_letters")) {
            facts.put("Dead letters", deadLetters(s));
        }
        if (s.has("wall_seconds")) {
            String wall = String.format(Locale.ROOT, "%.1f s", s.path("wall_seconds").asDouble());
            if (s.has("throughput_eps")) {
                wall += ", " + Markup.count(s.path("throughput_eps").asLong()) + " events/s";
            }
            facts.put("Wall time", wall);
        }
        JsonNode champion = s.path("evaluations").path(0);
        if (!champion.isMissingNode()) {
            facts.put(
                    "Champion",
                    champion.path("model").asText("")
                            + " v"
                            + champion.path("version").asLong()
                            + quality(s.path("prequential")));
        }
        String traffic = traffic(run.traffic());
        if (!traffic.isEmpty()) {
            facts.put("Traffic at the end", traffic);
        }
        if (s.has("predictions")) {
            String served = Markup.count(s.path("predictions").asLong());
            JsonNode freshness = s.path("freshness_ms");
            if (!freshness.isMissingNode()) {
                served +=
                        ", label to first prediction p50 "
                                + Markup.count(freshness.path("p50").asLong())
                                + " ms, p99 "
                                + Markup.count(freshness.path("p99").asLong())
                                + " ms";
            }
            facts.put("Predictions served", served);
        }
        if (s.has("models")) {
            facts.put("Published versions", published(s.path("models")));
        }
        facts.put("Decisions", decisions(run.decisions()));
        facts.put("ONNX reference check", reference(s.path("onnx_reference_check")));
        return facts;
    }

    private static String deadLetters(JsonNode s) {
        String total = Markup.count(s.path("dead_letters").asLong());
        List<String> reasons = new ArrayList<>();
        for (Map.Entry<String, JsonNode> reason : s.path("dead_letters_by_reason").properties()) {
            reasons.add(reason.getKey() + " " + Markup.count(reason.getValue().asLong()));
        }
        return reasons.isEmpty() ? total : total + " (" + String.join(", ", reasons) + ")";
    }

    /**
     * The champion's quality since the start, e.g. {@code ; since the start log loss 0.5524, AUC
     * 0.7935}.
     */
    private static String quality(JsonNode prequential) {
        List<String> parts = new ArrayList<>();
        for (Metric metric : Metric.values()) {
            double v = RunRecords.number(prequential.get(metric.summaryName()));
            if (Double.isFinite(v)) {
                parts.add(metric.inText() + " " + Markup.metric(v));
            }
        }
        return parts.isEmpty() ? "" : "; since the start " + String.join(", ", parts);
    }

    private static String traffic(JsonNode traffic) {
        if (traffic.isMissingNode() || !traffic.has("champion")) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        parts.add(
                traffic.path("champion").asText()
                        + " "
                        + TrafficChart.percent(traffic.path("champion_fraction").asDouble(1)));
        for (JsonNode canary : traffic.path("canaries")) {
            parts.add(
                    canary.path("model").asText()
                            + " "
                            + TrafficChart.percent(canary.path("fraction").asDouble()));
        }
        return String.join(", ", parts);
    }

    /** E.g. {@code 7 versions: logreg-ftrl v1 to v5, logreg-ftrl-default v1 to v2}. */
    private static String published(JsonNode models) {
        Map<String, long[]> range = new LinkedHashMap<>();
        for (JsonNode m : models) {
            long version = m.path("version").asLong();
            range.merge(
                    m.path("model").asText(""),
                    new long[] {version, version},
                    (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        List<String> parts = new ArrayList<>();
        range.forEach(
                (model, r) ->
                        parts.add(
                                model
                                        + (r[0] == r[1]
                                                ? " v" + r[0]
                                                : " v" + r[0] + " to v" + r[1])));
        return Markup.count(models.size())
                + (models.size() == 1 ? " version" : " versions")
                + (parts.isEmpty() ? "" : ": " + String.join(", ", parts));
    }

    private static String decisions(List<DecisionPoint> decisions) {
        if (decisions.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        DecisionTimeline.lanes(decisions)
                .forEach(
                        (kind, list) ->
                                parts.add(
                                        Markup.count(list.size())
                                                + " "
                                                + kind.toLowerCase(Locale.ROOT)));
        return String.join(", ", parts);
    }

    private static String reference(JsonNode check) {
        if (check.isMissingNode()) {
            return "not run";
        }
        return String.format(
                Locale.ROOT,
                "%s: ONNX Runtime %s the in-job predictions of %s v%d on %s examples, max |diff|"
                        + " %.2e (tolerance %.0e)",
                check.path("passed").asBoolean() ? "passed" : "FAILED",
                check.path("passed").asBoolean() ? "reproduces" : "does not reproduce",
                check.path("model").asText(""),
                check.path("version").asLong(),
                Markup.count(check.path("examples").asLong()),
                RunRecords.number(check.get("max_abs_diff")),
                RunRecords.number(check.get("tolerance")));
    }
}
