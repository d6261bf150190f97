package dev.tributary.trainer.experiment;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.model.Provenance;
import dev.tributary.core.model.Sha256;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.ModelEvaluation;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a published version records about itself: provenance, ONNX metadata and metrics. */
final class VersionMetadata {

    private VersionMetadata() {}

    /** Where a new version of the slot's model comes from. */
    static Provenance provenance(
            ExperimentConfig config, LearnerSettings settings, ModelSlot slot) {
        return new Provenance(
                slot.trainingRange(),
                configHash(config, slot.config),
                settings.codeVersion(),
                slot.config.seed(),
                slot.config.family().yamlName(),
                slot.config.optimizer().yamlName(),
                slot.model.backendName(),
                slot.config.device().yamlName());
    }

    private static String configHash(ExperimentConfig config, ModelConfig model) {
        String canonical = model + "|" + config.featureSpace();
        return Sha256.hex(canonical.getBytes(StandardCharsets.UTF_8));
    }

    /** The ONNX file's metadata: the version, its provenance and how to make its inputs. */
    static Map<String, String> onnxMetadata(
            ExperimentConfig config, ModelSlot slot, long version, Provenance p) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("tributary.experiment", config.name());
        metadata.put("tributary.model", slot.id());
        metadata.put("tributary.version", Long.toString(version));
        metadata.put("tributary.parent_version", Long.toString(slot.version));
        metadata.put("tributary.family", p.family());
        metadata.put("tributary.optimizer", p.optimizer());
        metadata.put("tributary.backend", p.backend());
        metadata.put("tributary.device", p.device());
        metadata.put("tributary.config_hash", p.configHash());
        metadata.put("tributary.code_version", p.codeVersion());
        metadata.put("tributary.seed", Long.toString(p.seed()));
        metadata.put("tributary.examples", Long.toString(p.trainingRange().examples()));
        metadata.put(
                "tributary.first_event_time", Long.toString(p.trainingRange().firstEventTime()));
        metadata.put("tributary.last_event_time", Long.toString(p.trainingRange().lastEventTime()));
        metadata.put(
                "tributary.dense_features",
                String.join(",", config.featureSpace().denseFeatures()));
        String spec = config.featureSpace().spec();
        if (!spec.isEmpty()) {
            // The model file alone then says how to make its inputs from a raw event.
            metadata.put("tributary.feature_spec", spec);
            metadata.put(
                    "tributary.feature_spec_sha256",
                    Sha256.hex(spec.getBytes(StandardCharsets.UTF_8)));
        }
        return metadata;
    }

    /** The model's prequential metrics, leaving out the ones not defined yet. */
    static Map<String, Double> metrics(List<ModelEvaluation> evaluations, String modelId) {
        Map<String, Double> metrics = new HashMap<>();
        for (ModelEvaluation evaluation : evaluations) {
            if (evaluation.model().modelId().equals(modelId)) {
                putDefined(metrics, "window", evaluation.window());
                putDefined(metrics, "since_start", evaluation.sinceStart());
            }
        }
        return metrics;
    }

    private static void putDefined(Map<String, Double> metrics, String scope, Metrics m) {
        metrics.put(scope + ".examples", (double) m.examples());
        putIfFinite(metrics, scope + ".logloss", m.logLoss());
        putIfFinite(metrics, scope + ".accuracy", m.accuracy());
        putIfFinite(metrics, scope + ".auc", m.auc());
        putIfFinite(metrics, scope + ".rmse", m.rmse());
        putIfFinite(metrics, scope + ".mae", m.mae());
    }

    private static void putIfFinite(Map<String, Double> metrics, String key, double value) {
        if (Double.isFinite(value)) {
            metrics.put(key, value);
        }
    }
}
