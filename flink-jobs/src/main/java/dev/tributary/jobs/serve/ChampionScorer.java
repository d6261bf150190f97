package dev.tributary.jobs.serve;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.LabelArrivals;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.trainer.model.OnlineModels;
import dev.tributary.trainer.model.ServingModel;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores events with the models that serve their experiment: the champion, and the canaries of a
 * rollout.
 *
 * <p>An experiment without automatic rollout (its snapshots carry no {@link TrafficSplit}) is
 * served by its champion alone. Until the first snapshot arrives, that is the untrained configured
 * champion (version 0, every weight zero, a score of 0.5 for a logistic model); a champion snapshot
 * older than the one in use (fewer examples learned) is ignored, so a reordering can never roll
 * serving back.
 *
 * <p>With a rollout, every snapshot carries the experiment's split, and the latest split routes
 * each event by its entity key ({@link TrafficSplit#route}; by the event id where it has none). The
 * scorer keeps the latest snapshot of each model in the split and drops the others. An event routed
 * to a canary whose first snapshot has not arrived is served by the champion, as the champion; and
 * the model that served as champion keeps doing so until the snapshot of a new champion arrives.
 * Snapshots are taken in their order of arrival: all of an experiment's come from the one training
 * subtask that owns it, in order, and a champion that was rolled back may have learned fewer
 * examples than its previous snapshot, so that count no longer says which snapshot is newer.
 *
 * <p>Every event gets exactly one prediction, and the prediction says which model made it, its
 * version and its arm.
 */
public final class ChampionScorer {

    /**
     * A model in service, its snapshot ({@code null} for the untrained champion) and when the
     * labels it learned since its previous snapshot arrived, until its first prediction.
     */
    private record Serving(
            String modelId,
            long version,
            long examplesTrained,
            ServingModel model,
            ServingSnapshot snapshot,
            LabelArrivals unserved) {

        Serving withUnserved(LabelArrivals arrivals) {
            return new Serving(modelId, version, examplesTrained, model, snapshot, arrivals);
        }
    }

    /** The serving models of one experiment. */
    private static final class Experiment {
        /** The latest split; {@code null} for an experiment without automatic rollout. */
        TrafficSplit split;

        /** The model serving as champion now. */
        String champion;

        /** The models in service by id: the champion and the canaries whose snapshot arrived. */
        final Map<String, Serving> models = new LinkedHashMap<>();

        /** The model that scored the latest event. */
        String lastScored;

        Serving champion() {
            return models.get(champion);
        }
    }

    private final Map<String, Experiment> byExperiment = new HashMap<>();

    public ChampionScorer(List<ExperimentConfig> experiments) {
        for (ExperimentConfig e : experiments) {
            ServingModel untrained = OnlineModels.create(e.champion(), e.featureSpace()).freeze();
            Experiment serving = new Experiment();
            serving.champion = e.champion().id();
            serving.models.put(
                    serving.champion,
                    new Serving(serving.champion, 0, 0, untrained, null, LabelArrivals.NONE));
            byExperiment.put(e.name(), serving);
        }
    }

    /**
     * Takes a snapshot into service if it serves: the champion's, newer than the one in use,
     * without a rollout; the champion's or a canary's in the snapshot's split, with one. The split
     * replaces the experiment's in any case.
     *
     * @return whether what the experiment serves changed (a model, or the split)
     */
    public boolean update(ServingSnapshot snapshot) {
        Experiment e = byExperiment.get(snapshot.experiment());
        if (e == null) {
            return false;
        }
        TrafficSplit split = snapshot.split();
        if (split == null) {
            return updateWithoutRollout(e, snapshot);
        }
        boolean changed = !split.equals(e.split);
        e.split = split;
        if (split.armOf(snapshot.modelId()) != Arm.SHADOW && !isRepeat(e, snapshot)) {
            put(e, snapshot);
            changed = true;
        }
        return applySplit(e) || changed;
    }

    private boolean updateWithoutRollout(Experiment e, ServingSnapshot snapshot) {
        Serving current = e.champion();
        if (snapshot.arm() != Arm.CHAMPION
                || (snapshot.modelId().equals(current.modelId())
                        && snapshot.examplesTrained() <= current.examplesTrained())) {
            return false;
        }
        e.split = null;
        put(e, snapshot);
        e.champion = snapshot.modelId();
        dropAllBut(e, e.champion);
        return true;
    }

    /** The same snapshot again (a restore that took the stored one into service first). */
    private static boolean isRepeat(Experiment e, ServingSnapshot snapshot) {
        Serving current = e.models.get(snapshot.modelId());
        return current != null
                && current.snapshot() != null
                && current.version() == snapshot.version()
                && current.examplesTrained() == snapshot.examplesTrained()
                && current.snapshot().eventTime() == snapshot.eventTime();
    }

    private static void put(Experiment e, ServingSnapshot snapshot) {
        Serving current = e.models.get(snapshot.modelId());
        // Labels the replaced snapshot learned but never served, this one serves.
        LabelArrivals unserved =
                current == null
                        ? snapshot.learnedLabels()
                        : merge(current.unserved(), snapshot.learnedLabels());
        e.models.put(
                snapshot.modelId(),
                new Serving(
                        snapshot.modelId(),
                        snapshot.version(),
                        snapshot.examplesTrained(),
                        read(snapshot.model()),
                        snapshot,
                        unserved));
    }

    /**
     * Makes the split's champion serve as champion once its snapshot is here, and drops the models
     * the split no longer serves.
     */
    private static boolean applySplit(Experiment e) {
        boolean changed = false;
        if (!e.split.champion().equals(e.champion) && e.models.containsKey(e.split.champion())) {
            e.champion = e.split.champion();
            changed = true;
        }
        Iterator<Map.Entry<String, Serving>> it = e.models.entrySet().iterator();
        while (it.hasNext()) {
            Serving s = it.next().getValue();
            if (!s.modelId().equals(e.champion) && e.split.armOf(s.modelId()) != Arm.CANARY) {
                it.remove();
                handOverUnserved(e, s);
                changed = true;
            }
        }
        return changed;
    }

    private static void dropAllBut(Experiment e, String kept) {
        Iterator<Map.Entry<String, Serving>> it = e.models.entrySet().iterator();
        while (it.hasNext()) {
            Serving s = it.next().getValue();
            if (!s.modelId().equals(kept)) {
                it.remove();
                handOverUnserved(e, s);
            }
        }
    }

    /** The labels a dropped model learned and never served, the champion serves. */
    private static void handOverUnserved(Experiment e, Serving dropped) {
        if (!dropped.unserved().isEmpty()) {
            Serving champion = e.champion();
            e.models.put(
                    champion.modelId(),
                    champion.withUnserved(merge(champion.unserved(), dropped.unserved())));
        }
    }

    /**
     * Takes the snapshots stored in broadcast state back into service after a restore, as they were
     * when stored ({@link #servingSnapshots}: every stored snapshot of an experiment carries the
     * split of the time).
     */
    public void restore(Iterable<ServingSnapshot> stored) {
        Map<String, List<ServingSnapshot>> byName = new HashMap<>();
        for (ServingSnapshot snapshot : stored) {
            if (byExperiment.containsKey(snapshot.experiment())) {
                byName.computeIfAbsent(snapshot.experiment(), name -> new ArrayList<>())
                        .add(snapshot);
            }
        }
        byName.forEach(
                (name, snapshots) -> {
                    Experiment e = byExperiment.get(name);
                    for (ServingSnapshot snapshot : snapshots) {
                        if (snapshot.split() == null) {
                            updateWithoutRollout(e, snapshot);
                        } else {
                            e.split = snapshot.split();
                            put(e, snapshot);
                            // A stored model outside the split is the champion that serves
                            // until its successor's snapshot arrives.
                            if (e.split.armOf(snapshot.modelId()) == Arm.SHADOW) {
                                e.champion = snapshot.modelId();
                            }
                        }
                    }
                    if (e.split != null) {
                        applySplit(e);
                    }
                });
    }

    /**
     * The snapshots an experiment serves now, each carrying the current split: what the caller
     * keeps in broadcast state. Empty while only the untrained champion serves.
     */
    public List<ServingSnapshot> servingSnapshots(String experiment) {
        Experiment e = byExperiment.get(experiment);
        List<ServingSnapshot> snapshots = new ArrayList<>();
        if (e != null) {
            for (Serving s : e.models.values()) {
                if (s.snapshot() != null) {
                    snapshots.add(
                            e.split == null || e.split.equals(s.snapshot().split())
                                    ? s.snapshot()
                                    : s.snapshot().withSplit(e.split));
                }
            }
        }
        return snapshots;
    }

    /** The ids of the models an experiment serves now, the champion first. */
    public List<String> servingModels(String experiment) {
        Experiment e = byExperiment.get(experiment);
        if (e == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        ids.add(e.champion);
        for (String id : e.models.keySet()) {
            if (!id.equals(e.champion)) {
                ids.add(id);
            }
        }
        return ids;
    }

    /**
     * The arrivals of the labels that the model which last scored an event of {@code experiment}
     * learned and had not served before; each is returned once, after the model's first prediction,
     * so that the caller can measure freshness.
     */
    public LabelArrivals takeFirstServed(String experiment) {
        Experiment e = byExperiment.get(experiment);
        if (e == null || e.lastScored == null) {
            return LabelArrivals.NONE;
        }
        Serving s = e.models.get(e.lastScored);
        if (s == null || s.unserved().isEmpty()) {
            return LabelArrivals.NONE;
        }
        e.models.put(s.modelId(), s.withUnserved(LabelArrivals.NONE));
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

    /** The examples the serving champion of {@code experiment} has learned from, -1 if unknown. */
    public long examplesTrained(String experiment) {
        Experiment e = byExperiment.get(experiment);
        return e == null ? -1 : e.champion().examplesTrained();
    }

    /** The split an experiment serves by, {@code null} without a rollout or for an unknown one. */
    public TrafficSplit split(String experiment) {
        Experiment e = byExperiment.get(experiment);
        return e == null ? null : e.split;
    }

    /**
     * The prediction for an event by the model that serves it, or {@code null} for an experiment
     * the job does not configure (the caller dead-letters it).
     */
    public Prediction score(LabelledExample event) {
        Experiment e = byExperiment.get(event.experiment());
        if (e == null) {
            return null;
        }
        Serving s = e.champion();
        Arm arm = Arm.CHAMPION;
        if (e.split != null && e.split.canaries().length > 0) {
            String routed = e.split.route(routingKey(event));
            Serving canary = routed.equals(e.champion) ? null : e.models.get(routed);
            if (canary != null) {
                s = canary;
                arm = Arm.CANARY;
            }
        }
        e.lastScored = s.modelId();
        return new Prediction(
                event.id(),
                event.experiment(),
                s.modelId(),
                s.version(),
                s.model().predict(event.features()),
                arm,
                event.eventTime(),
                Double.NaN);
    }

    /**
     * What routes an event: its entity key, so that an entity stays in one arm; the event id for an
     * event about no entity, so that such events still split in the configured shares.
     */
    static String routingKey(LabelledExample event) {
        return event.entityKey().isEmpty() ? event.id() : event.entityKey();
    }

    private static ServingModel read(byte[] bytes) {
        try {
            return OnlineModels.readServing(new DataInputStream(new ByteArrayInputStream(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("a serving snapshot that does not read back", e);
        }
    }
}
