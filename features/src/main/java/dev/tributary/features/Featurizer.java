package dev.tributary.features;

import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.config.FieldSpec;
import dev.tributary.core.config.FieldType;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns raw events into labelled examples, exactly as the feature spec says: each category field
 * becomes one hashed sparse feature {@code name=value}, each cross one hashed feature of its
 * fields' values, each numeric field one dense value in spec order. Standardizing dense values is
 * the model's job (it owns its normalization), so training and serving cannot drift apart.
 *
 * <p>The same instance serves training and any offline check: there is one featurization.
 */
public final class Featurizer {

    private final String experiment;
    private final String experimentField;
    private final EventCleaner cleaner;
    private final int mask;
    private final int[] categorySlots;
    private final int[] categorySeeds;
    private final int[] denseSlots;
    private final int[][] crossSlots;
    private final int[] crossSeeds;

    /** A featurizer for events that carry their label inline. */
    public Featurizer(FeatureSpec spec, String experiment) {
        this(spec, experiment, null, true);
    }

    /**
     * @param experimentField the event field that names the experiment an event is meant for, or
     *     {@code null}; an event naming another experiment is rejected as {@link
     *     ReasonCode#UNKNOWN_EXPERIMENT}
     * @param labelRequired {@code false} when labels come on their own stream: an event without an
     *     inline label becomes an example whose label is {@code NaN}, for the label joiner
     */
    public Featurizer(
            FeatureSpec spec, String experiment, String experimentField, boolean labelRequired) {
        this.experiment = experiment;
        this.experimentField = experimentField;
        this.cleaner = new EventCleaner(spec, labelRequired);
        this.mask = spec.space().sparseDimension() - 1;
        List<FieldSpec> fields = spec.fields();
        List<Integer> categories = new ArrayList<>();
        List<Integer> dense = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            (fields.get(i).type() == FieldType.CATEGORY ? categories : dense).add(i);
        }
        this.categorySlots = categories.stream().mapToInt(Integer::intValue).toArray();
        this.categorySeeds =
                Arrays.stream(categorySlots)
                        .map(i -> Murmur3.hashChars(fields.get(i).name(), 0))
                        .toArray();
        this.denseSlots = dense.stream().mapToInt(Integer::intValue).toArray();
        this.crossSlots = new int[spec.crosses().size()][];
        this.crossSeeds = new int[spec.crosses().size()];
        for (int c = 0; c < crossSlots.length; c++) {
            List<String> cross = spec.crosses().get(c);
            crossSlots[c] = cross.stream().mapToInt(name -> indexOf(fields, name)).toArray();
            crossSeeds[c] = Murmur3.hashChars(String.join("&", cross), 0);
        }
    }

    private static int indexOf(List<FieldSpec> fields, String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no field " + name + " in the feature spec");
    }

    /** The outcome for one raw event: a labelled example, or the dead letter saying why not. */
    public record Outcome(LabelledExample example, DeadLetter deadLetter) {}

    public Outcome featurize(RawEvent event) {
        if (experimentField != null) {
            String named = event.fields().get(experimentField);
            if (named != null && !named.equals(experiment)) {
                return new Outcome(
                        null,
                        new DeadLetter(
                                event.id(),
                                ReasonCode.UNKNOWN_EXPERIMENT,
                                experimentField,
                                "experiment \""
                                        + named
                                        + "\" is not run by this job, which runs \""
                                        + experiment
                                        + "\"",
                                EventCleaner.toJson(event.fields())));
            }
        }
        Cleaning cleaning = cleaner.clean(event);
        if (cleaning.rejected() != null) {
            return new Outcome(null, cleaning.rejected());
        }
        return new Outcome(toExample(cleaning.clean()), null);
    }

    private LabelledExample toExample(CleanEvent event) {
        String[] categories = event.categories();
        int[] valueHashes = new int[categories.length];
        int[] indices = new int[categorySlots.length + crossSlots.length];
        int n = 0;
        for (int k = 0; k < categorySlots.length; k++) {
            int slot = categorySlots[k];
            if (categories[slot] != null) {
                valueHashes[slot] = Murmur3.hashChars(categories[slot], categorySeeds[k]);
                indices[n++] = valueHashes[slot] & mask;
            }
        }
        crosses:
        for (int c = 0; c < crossSlots.length; c++) {
            int h = crossSeeds[c];
            for (int slot : crossSlots[c]) {
                if (categories[slot] == null) {
                    continue crosses;
                }
                h = Murmur3.hashInts(h, valueHashes[slot], slot);
            }
            indices[n++] = h & mask;
        }
        double[] values = new double[n];
        Arrays.fill(values, 1.0);
        double[] dense = new double[denseSlots.length];
        for (int k = 0; k < denseSlots.length; k++) {
            double x = event.numbers()[denseSlots[k]];
            dense[k] = Double.isNaN(x) ? 0.0 : x;
        }
        FeatureVector features =
                new FeatureVector(
                        n == indices.length ? indices : Arrays.copyOf(indices, n), values, dense);
        return new LabelledExample(
                event.id(),
                experiment,
                event.entityKey(),
                event.eventTime(),
                features,
                event.label(),
                1.0);
    }
}
