package dev.tributary.connectors.registry;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.config.FeatureSpecParser;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.InputStatistics;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.ModelVersion;
import dev.tributary.features.EntityFeaturizer;
import dev.tributary.features.EntityWindow;
import dev.tributary.features.Featurizer;
import dev.tributary.trainer.onnx.ModelOutputs;
import dev.tributary.trainer.onnx.OnnxScorer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A published model ready to score raw events outside Flink: the way a Java service serves a
 * Tributary model. It reads the feature spec and input statistics from the version's manifest,
 * featurizes each event with the very {@link Featurizer} the job uses, and runs the version's ONNX
 * graph, which prepares dense inputs with the statistics frozen into it. The result equals the
 * in-job scorer's to rounding error (the graph computes in double precision).
 *
 * <pre>{@code
 * LocalModelRegistry registry = new LocalModelRegistry(Path.of("tributary-out/registry"));
 * try (ModelBundle bundle = ModelBundle.champion(registry, "flights")) {
 *     ModelBundle.Score score = bundle.score(Map.of("origin", "LAS", "dest", "PHL", ...));
 *     if (score.isScored()) { use(score.value()); } else { log(score.rejection()); }
 * }
 * }</pre>
 *
 * <p>A model with entity features (counts, recency and means of the entity's past events) needs its
 * entities' recent past: the bundle keeps it in memory, from the events it scores, exactly as the
 * job keeps it in keyed state, and forgets an entity idle for the spec's ttl. Pass each event's
 * time to {@link #score(Map, long)}; {@link #score(Map)} takes the wall clock.
 *
 * <p>An event the featurizer refuses (a missing required field, a wrong type, a value out of range)
 * is not scored: its {@link Score#rejection()} says why, with the same reason codes as the job's
 * dead letters. Not thread-safe: use one bundle per thread, or synchronize.
 */
public final class ModelBundle implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelVersion version;
    private final InputStatistics statistics;
    private final Map<String, Long> vocabularySizes;
    private final FeatureSpec spec;
    private final Featurizer featurizer;
    private final EntityFeaturizer entityFeaturizer;
    private final Map<String, EntityWindow> entities = new HashMap<>();
    private long scoredSinceSweep;
    private final OnnxScorer scorer;

    private ModelBundle(ModelArtifact artifact) {
        this.version = artifact.version();
        if (artifact.inputs() == null || artifact.inputs().featureSpec().isEmpty()) {
            throw new IllegalArgumentException(
                    "model "
                            + version.modelId()
                            + " version "
                            + version.version()
                            + " carries no feature spec in its manifest; it cannot score raw"
                            + " events");
        }
        this.statistics = artifact.inputs().statistics();
        this.vocabularySizes = artifact.inputs().vocabularyAdmitted();
        try {
            this.spec = FeatureSpecParser.parseJson(artifact.inputs().featureSpec());
        } catch (ConfigException e) {
            throw new RegistryIntegrityException(
                    "the feature spec of model "
                            + version.modelId()
                            + " version "
                            + version.version()
                            + " does not parse: "
                            + e.getMessage(),
                    e);
        }
        this.featurizer = new Featurizer(spec, version.experiment(), null, false);
        this.entityFeaturizer = spec.entityFeatures() == null ? null : new EntityFeaturizer(spec);
        try {
            this.scorer = new OnnxScorer(artifact.onnx());
        } catch (OrtException e) {
            throw new RegistryIntegrityException(
                    "the ONNX model of " + version.modelId() + " does not load: " + e.getMessage(),
                    e);
        }
        if (scorer.denseDimension() != spec.space().denseDimension()) {
            closeQuietly(scorer);
            throw new RegistryIntegrityException(
                    "the ONNX model of "
                            + version.modelId()
                            + " takes "
                            + scorer.denseDimension()
                            + " dense features, its feature spec makes "
                            + spec.space().denseDimension());
        }
    }

    /** A bundle of a loaded artifact. */
    public static ModelBundle of(ModelArtifact artifact) {
        return new ModelBundle(Objects.requireNonNull(artifact, "artifact"));
    }

    /** A bundle of one published version, verified as {@link LocalModelRegistry#load} does. */
    public static ModelBundle load(
            LocalModelRegistry registry, String experiment, String model, long version) {
        return of(
                registry.load(experiment, model, version)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "no version "
                                                        + version
                                                        + " of model "
                                                        + model
                                                        + " in experiment "
                                                        + experiment
                                                        + " under "
                                                        + registry.root())));
    }

    /** A bundle of the version the experiment's champion pointer names. */
    public static ModelBundle champion(LocalModelRegistry registry, String experiment) {
        ChampionPointer champion =
                registry.champion(experiment)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "experiment "
                                                        + experiment
                                                        + " has no champion under "
                                                        + registry.root()));
        return load(registry, experiment, champion.modelId(), champion.version());
    }

    /** The version this bundle scores with. */
    public ModelVersion version() {
        return version;
    }

    /** The statistics the model prepares its dense inputs with, as its manifest records them. */
    public InputStatistics inputStatistics() {
        return statistics;
    }

    /** Per category field with a learned vocabulary, how many values were in it. */
    public Map<String, Long> vocabularySizes() {
        return vocabularySizes;
    }

    /** The feature spec the model was trained with. */
    public FeatureSpec featureSpec() {
        return spec;
    }

    /**
     * One event's score, or why it could not be scored.
     *
     * @param value the score, as the job's predictions carry it: the probability of label 1
     *     (binary), the predicted value (regression) or the most likely class (multiclass); {@code
     *     NaN} when rejected
     * @param prediction the whole prediction: {@code [probability]}, {@code [value]}, or one
     *     probability per class; empty when rejected
     * @param rejection why the event could not be scored, or {@code null}
     */
    public record Score(double value, double[] prediction, DeadLetter rejection) {

        public boolean isScored() {
            return rejection == null;
        }
    }

    /** Scores one raw event that happens now: field names to values, as JSON gives them. */
    public Score score(Map<String, ?> event) {
        return score(event, System.currentTimeMillis());
    }

    /** Scores one raw event that happened at {@code eventTime} (epoch milliseconds). */
    public Score score(Map<String, ?> event, long eventTime) {
        return score(List.of(event), new long[] {eventTime}).get(0);
    }

    /** Scores a batch of raw events that happen now; see {@link #score(List, long[])}. */
    public List<Score> score(List<? extends Map<String, ?>> events) {
        long[] now = new long[events.size()];
        java.util.Arrays.fill(now, System.currentTimeMillis());
        return score(events, now);
    }

    /**
     * Scores a batch of raw events, in order, in one ONNX Runtime call. Values are read as the job
     * reads a JSON event: strings as they are, numbers and booleans as their text, {@code null} and
     * empty strings as absent, nested maps and lists as their JSON text.
     *
     * @param eventTimes each event's time, epoch milliseconds: entity features need it
     */
    public List<Score> score(List<? extends Map<String, ?>> events, long[] eventTimes) {
        if (eventTimes.length != events.size()) {
            throw new IllegalArgumentException(
                    events.size() + " events but " + eventTimes.length + " event times");
        }
        List<Score> scores = new ArrayList<>(events.size());
        List<FeatureVector> vectors = new ArrayList<>(events.size());
        List<Integer> rows = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Map<String, String> fields = fields(events.get(i));
            Featurizer.Outcome outcome = featurizer.featurizeFields(Integer.toString(i), fields);
            if (outcome.deadLetter() != null) {
                scores.add(new Score(Double.NaN, new double[0], outcome.deadLetter()));
            } else {
                scores.add(null);
                vectors.add(withEntityFeatures(outcome.example(), fields, eventTimes[i]));
                rows.add(i);
            }
        }
        double[][] predictions;
        try {
            predictions = scorer.predict(vectors);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score a batch", e);
        }
        for (int k = 0; k < rows.size(); k++) {
            double[] prediction = predictions[k];
            scores.set(rows.get(k), new Score(ModelOutputs.score(prediction), prediction, null));
        }
        return scores;
    }

    private FeatureVector withEntityFeatures(
            LabelledExample example, Map<String, String> fields, long eventTime) {
        if (entityFeaturizer == null) {
            return example.features();
        }
        String entity = fields.getOrDefault(spec.entityField(), "");
        LabelledExample timed =
                new LabelledExample(
                        example.id(),
                        example.experiment(),
                        entity,
                        eventTime,
                        example.features(),
                        example.label(),
                        example.weight());
        if (entity.isEmpty()) {
            return entityFeaturizer.apply(timed, entityFeaturizer.newWindow()).features();
        }
        EntityWindow window = entities.get(entity);
        if (window == null || entityFeaturizer.expired(window, eventTime)) {
            window = entityFeaturizer.newWindow();
            entities.put(entity, window);
        }
        sweepExpired(eventTime);
        return entityFeaturizer.apply(timed, window).features();
    }

    /** Forgets idle entities now and then, so memory follows the active ones. */
    private void sweepExpired(long now) {
        if (++scoredSinceSweep < Math.max(10_000, entities.size())) {
            return;
        }
        scoredSinceSweep = 0;
        entities.values().removeIf(w -> entityFeaturizer.expired(w, now));
    }

    private static Map<String, String> fields(Map<String, ?> event) {
        Map<String, String> fields = new HashMap<>();
        for (Map.Entry<String, ?> entry : event.entrySet()) {
            Object value = entry.getValue();
            String text;
            if (value == null) {
                continue;
            } else if (value instanceof Map<?, ?> || value instanceof Iterable<?>) {
                text = json(value);
            } else {
                text = value.toString();
            }
            if (!text.isEmpty()) {
                fields.put(entry.getKey(), text);
            }
        }
        return fields;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }

    @Override
    public void close() {
        closeQuietly(scorer);
    }

    private static void closeQuietly(OnnxScorer scorer) {
        try {
            scorer.close();
        } catch (OrtException e) {
            // Releasing native memory failed; there is nothing left to do with this session.
        }
    }
}
