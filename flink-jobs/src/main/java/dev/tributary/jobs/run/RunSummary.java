package dev.tributary.jobs.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.ModelVersion;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.core.supervision.FeatureStability;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.core.supervision.SliceEvaluation;
import dev.tributary.jobs.serve.LatencyHistogram;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The record of a finished run, written as {@code summary.json}: a stable, machine-readable format
 * (keys are only ever added) that reports and later tooling read.
 *
 * @param job the job name
 * @param events events read from the source
 * @param deadLetters records rejected (events and labels), with a reason each
 * @param deadLettersByReason the rejected records per reason, only reasons that occurred
 * @param finalStatus the last status report of the training operator
 * @param wallSeconds wall-clock duration of the job
 * @param models the published versions, oldest first
 * @param reference the ONNX reference check of the newest champion version, or {@code null}
 * @param predictions predictions served (committed to the predictions topic), or {@code null} for a
 *     job that serves none
 * @param freshness milliseconds from a label's arrival to the first prediction by a model that
 *     learned from it, or {@code null} for a job that serves none
 * @param decisions the supervisor's decisions, oldest first (the registry's decision log)
 */
public record RunSummary(
        String job,
        long events,
        long deadLetters,
        Map<ReasonCode, Long> deadLettersByReason,
        ExperimentStatus finalStatus,
        double wallSeconds,
        List<PublishedModel> models,
        ReferenceCheck.Result reference,
        Long predictions,
        LatencyHistogram freshness,
        List<Decision> decisions) {

    /** A published version and where it lies. */
    public record PublishedModel(ModelVersion version, Path path) {}

    public static final int FORMAT_VERSION = 1;

    /**
     * At most this many decisions are listed, the latest; publications are counted, not listed
     * (there is one per model every few thousand examples, and {@code models} lists them).
     */
    public static final int MAX_DECISIONS_LISTED = 1000;

    public RunSummary {
        Map<ReasonCode, Long> byReason = new EnumMap<>(ReasonCode.class);
        byReason.putAll(deadLettersByReason);
        byReason.values().removeIf(count -> count == 0);
        deadLettersByReason = byReason;
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    public double throughputEventsPerSecond() {
        return wallSeconds > 0 ? events / wallSeconds : 0;
    }

    /** The summary as an ordered map, the shape of {@code summary.json}. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format_version", FORMAT_VERSION);
        root.put("job", job);
        root.put("experiment", finalStatus.experiment());
        root.put("events", events);
        root.put("trained", finalStatus.examples());
        root.put("dead_letters", deadLetters);
        Map<String, Object> byReason = new LinkedHashMap<>();
        deadLettersByReason.forEach((reason, count) -> byReason.put(reason.name(), count));
        root.put("dead_letters_by_reason", byReason);
        if (predictions != null) {
            root.put("predictions", predictions);
        }
        if (freshness != null && !freshness.isEmpty()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("p50", Math.round(freshness.quantile(0.5)));
            f.put("p99", Math.round(freshness.quantile(0.99)));
            f.put("max", freshness.max());
            root.put("freshness_ms", f);
        }
        if (finalStatus.evaluations().length > 0) {
            ModelEvaluation champion = finalStatus.champion();
            Map<String, Object> prequential = metrics(champion.sinceStart());
            prequential.put("model", champion.model().modelId());
            prequential.put("version", champion.model().version());
            root.put("prequential", prequential);
            root.put("prequential_window", metrics(champion.window()));
        }
        List<Map<String, Object>> evaluations = new ArrayList<>();
        for (ModelEvaluation e : finalStatus.evaluations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", e.model().modelId());
            m.put("version", e.model().version());
            m.put("arm", e.model().arm().name().toLowerCase(Locale.ROOT));
            m.put("since_start", metrics(e.sinceStart()));
            m.put("since_version", metrics(e.sinceVersion()));
            m.put("window", metrics(e.window()));
            m.put("faded", metrics(e.faded()));
            if (e.worstSlices().length > 0) {
                List<Map<String, Object>> slices = new ArrayList<>();
                for (SliceEvaluation slice : e.worstSlices()) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("slice", slice.slice());
                    entry.putAll(metrics(slice.metrics()));
                    slices.add(entry);
                }
                m.put("worst_slices", slices);
            }
            evaluations.add(m);
        }
        root.put("evaluations", evaluations);
        if (finalStatus.featureDrift().length > 0) {
            List<Map<String, Object>> features = new ArrayList<>();
            for (FeatureStability f : finalStatus.featureDrift()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("feature", f.feature());
                entry.put("psi", round(f.psi()));
                entry.put("shift", f.shift());
                entry.put("observations", f.observations());
                features.add(entry);
            }
            root.put("feature_drift", features);
        }
        root.put("throughput_eps", Math.round(throughputEventsPerSecond()));
        root.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
        List<Map<String, Object>> published = new ArrayList<>();
        for (PublishedModel p : models) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", p.version().modelId());
            m.put("version", p.version().version());
            m.put("path", p.path().toString());
            m.put("sha256", p.version().sha256());
            m.put("examples", p.version().provenance().trainingRange().examples());
            published.add(m);
        }
        root.put("models", published);
        putDecisions(root);
        if (reference != null) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("model", reference.model());
            check.put("version", reference.version());
            check.put("examples", reference.examples());
            check.put("max_abs_diff", reference.maxAbsDiff());
            check.put("tolerance", ReferenceCheck.Result.TOLERANCE);
            check.put("passed", reference.passed());
            root.put("onnx_reference_check", check);
        }
        return root;
    }

    /**
     * {@code decision_counts} per kind, and {@code decisions}: every decision but the publications,
     * the latest {@value #MAX_DECISIONS_LISTED}, with {@code decisions_omitted} saying how many
     * earlier ones are not listed.
     */
    private void putDecisions(Map<String, Object> root) {
        Map<DecisionKind, Long> counts = new EnumMap<>(DecisionKind.class);
        List<Decision> listed = new ArrayList<>();
        for (Decision d : decisions) {
            counts.merge(d.kind(), 1L, Long::sum);
            if (d.kind() != DecisionKind.PUBLISH) {
                listed.add(d);
            }
        }
        Map<String, Object> byKind = new LinkedHashMap<>();
        counts.forEach((kind, count) -> byKind.put(lowerCase(kind), count));
        root.put("decision_counts", byKind);
        int omitted = Math.max(0, listed.size() - MAX_DECISIONS_LISTED);
        if (omitted > 0) {
            root.put("decisions_omitted", omitted);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Decision d : listed.subList(omitted, listed.size())) {
            out.add(decision(d));
        }
        root.put("decisions", out);
    }

    private static Map<String, Object> decision(Decision d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", lowerCase(d.kind()));
        m.put("model", d.modelId());
        m.put("version", d.version());
        m.put("event_time", Instant.ofEpochMilli(d.eventTime()).toString());
        m.put("event_time_ms", d.eventTime());
        m.put("examples", d.examples());
        m.put("reason", d.reason());
        if (!d.source().isEmpty()) {
            m.put("source", d.source());
        }
        if (d.action() != null) {
            m.put("action", lowerCase(d.action()));
        }
        if (Double.isFinite(d.traffic())) {
            m.put("traffic", d.traffic());
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        // Not rounded: test statistics can be small; JSON has no NaN, so non-finite is null.
        d.evidence()
                .forEach(
                        (name, value) -> evidence.put(name, Double.isFinite(value) ? value : null));
        m.put("evidence", evidence);
        return m;
    }

    private static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> metrics(Metrics m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("examples", m.examples());
        out.put("logloss", round(m.logLoss()));
        out.put("accuracy", round(m.accuracy()));
        out.put("auc", round(m.auc()));
        out.put("rmse", round(m.rmse()));
        out.put("mae", round(m.mae()));
        out.put("precision", round(m.precision()));
        out.put("recall", round(m.recall()));
        out.put("f1", round(m.f1()));
        out.put("ece", round(m.ece()));
        return out;
    }

    /** Rounded as the progress line shows them, so the two always agree; NaN becomes null. */
    private static Double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 10_000) / 10_000.0 : null;
    }

    public void write(Path file) throws IOException {
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), toJsonMap());
    }
}
