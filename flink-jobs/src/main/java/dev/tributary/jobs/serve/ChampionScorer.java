package dev.tributary.jobs.serve;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.LabelArrivals;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.trainer.model.OnlineModels;
import dev.tributary.trainer.model.ServingModel;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores events with the current champion of their experiment.
 *
 * <p>Until the first snapshot of an experiment arrives, its champion is the untrained model
 * (version 0, every weight zero, a score of 0.5 for a logistic model): every event gets exactly one
 * prediction, and the prediction says which model made it. A snapshot older than the one in use
 * (fewer examples learned) is ignored, so a reordering can never roll serving back.
 */
public final class ChampionScorer {

    /**
     * The model serving an experiment now, and when the labels it learned since the previous model
     * arrived, until its first prediction.
     */
    private record Serving(
            String modelId,
            long version,
            long examplesTrained,
            ServingModel model,
            LabelArrivals unserved) {}

    private final Map<String, Serving> byExperiment = new HashMap<>();

    public ChampionScorer(List<ExperimentConfig> experiments) {
        for (ExperimentConfig e : experiments) {
            ServingModel untrained = OnlineModels.create(e.champion(), e.featureSpace()).freeze();
            byExperiment.put(
                    e.name(), new Serving(e.champion().id(), 0, 0, untrained, LabelArrivals.NONE));
        }
    }

    /** Takes a snapshot into service if it is the champion's and newer than the one in use. */
    public boolean update(ServingSnapshot snapshot) {
        Serving current = byExperiment.get(snapshot.experiment());
        if (current == null
                || snapshot.arm() != Arm.CHAMPION
                || (snapshot.modelId().equals(current.modelId())
                        && snapshot.examplesTrained() <= current.examplesTrained())) {
            return false;
        }
        byExperiment.put(
                snapshot.experiment(),
                new Serving(
                        snapshot.modelId(),
                        snapshot.version(),
                        snapshot.examplesTrained(),
                        read(snapshot.model()),
                        // Labels the replaced model learned but never served, this one serves.
                        merge(current.unserved(), snapshot.learnedLabels())));
        return true;
    }

    /**
     * The arrivals of the labels that the model which last scored an event of {@code experiment}
     * learned and had not served before; each is returned once, after the model's first prediction,
     * so that the caller can measure freshness.
     */
    public LabelArrivals takeFirstServed(String experiment) {
        Serving s = byExperiment.get(experiment);
        if (s == null || s.unserved().isEmpty()) {
            return LabelArrivals.NONE;
        }
        byExperiment.put(
                experiment,
                new Serving(
                        s.modelId(),
                        s.version(),
                        s.examplesTrained(),
                        s.model(),
                        LabelArrivals.NONE));
        return s.unserved();
    }

    /**
     * Both samples in one; the weight of the merged sample is their average, as an approximation.
     */
    private static LabelArrivals merge(LabelArrivals a, LabelArrivals b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        long[] both =
                Arrays.copyOf(a.sampleMillis(), a.sampleMillis().length + b.sampleMillis().length);
        System.arraycopy(
                b.sampleMillis(), 0, both, a.sampleMillis().length, b.sampleMillis().length);
        return new LabelArrivals(both, a.labels() + b.labels());
    }

    /** The examples the serving champion of {@code experiment} has learned from. */
    public long examplesTrained(String experiment) {
        Serving s = byExperiment.get(experiment);
        return s == null ? -1 : s.examplesTrained();
    }

    /**
     * The champion's prediction for an event, or {@code null} for an experiment the job does not
     * configure (the caller dead-letters it).
     */
    public Prediction score(LabelledExample event) {
        Serving s = byExperiment.get(event.experiment());
        if (s == null) {
            return null;
        }
        return new Prediction(
                event.id(),
                event.experiment(),
                s.modelId(),
                s.version(),
                s.model().predict(event.features()),
                Arm.CHAMPION,
                event.eventTime(),
                Double.NaN);
    }

    private static ServingModel read(byte[] bytes) {
        try {
            return OnlineModels.readServing(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("a serving snapshot that does not read back", e);
        }
    }
}
