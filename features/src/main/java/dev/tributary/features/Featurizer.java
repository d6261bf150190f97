package dev.tributary.features;

import dev.tributary.core.config.EntityFeatures;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.config.FieldSpec;
import dev.tributary.core.config.SliceConfig;
import dev.tributary.core.config.TextEncoding;
import dev.tributary.core.config.TimestampEncoding;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns raw events into labelled examples, exactly as the feature spec says. Sparse features, each
 * hashed with a seed of its field's name into {@code 2^hashBits} buckets: a category's value, a
 * bucketized number's bucket, a text's word n-grams, a timestamp's hour of day and day of week, and
 * each cross of its fields' tokens. Dense features, in the order of {@link FeatureSpec#space}:
 * numbers (imputed, {@code log1p}, clipped), missing indicators, booleans, cyclic time encodings.
 *
 * <p>Statistics learned from the stream (mean or median imputation, quantile clipping,
 * standardization) are the model's: a number the model imputes stays {@code NaN} here. So the
 * featurizer holds no state, and a published model carries every statistic its inputs need.
 *
 * <p>The same instance serves training, the in-job scorer and {@code ModelBundle} outside Flink:
 * there is one featurization. Not thread-safe (it reuses a scratch buffer).
 */
public final class Featurizer {

    private static final double TWO_PI = 2 * Math.PI;

    private final String experiment;
    private final String experimentField;
    private final EventCleaner cleaner;
    private final FieldSpec[] fields;
    private final int mask;
    private final int denseDimension;
    private final int[] seeds;
    // Per field: the first coordinate of its vocabulary's range (its OOV bucket), or -1.
    private final int[] vocabularyBase;
    private final int[] vocabularySize;
    private final int[][] crossSlots;
    private final int[] crossSeeds;
    // Entity features: how many placeholder slots (count, since-last), and the averaged fields.
    private final int entityPlaceholders;
    private final int[] averagedFields;
    // The field an example's slice is read from, or -1.
    private final int sliceIndex;
    // The sparse indices of the event being featurized: scratch, reused across events.
    private int[] scratch = new int[32];
    private int size;

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
        this(spec, experiment, experimentField, labelRequired, null);
    }

    /**
     * @param sliceField the discrete field whose cleaned value (or {@value SliceConfig#MISSING})
     *     becomes every example's {@link LabelledExample#slice()}, or {@code null} for none
     * @throws IllegalArgumentException if the spec has no such field
     */
    public Featurizer(
            FeatureSpec spec,
            String experiment,
            String experimentField,
            boolean labelRequired,
            String sliceField) {
        this.experiment = experiment;
        this.experimentField = experimentField;
        this.cleaner = new EventCleaner(spec, labelRequired);
        FeatureSpace space = spec.space();
        this.mask = (1 << space.hashBits()) - 1;
        this.denseDimension = space.denseDimension();
        this.fields = spec.fields().toArray(FieldSpec[]::new);
        this.seeds = Arrays.stream(fields).mapToInt(f -> Murmur3.hashChars(f.name(), 0)).toArray();
        this.vocabularyBase = new int[fields.length];
        this.vocabularySize = new int[fields.length];
        Arrays.fill(vocabularyBase, -1);
        for (int k = 0; k < space.vocabularies().size(); k++) {
            int i = indexOf(space.vocabularies().get(k).field());
            vocabularyBase[i] = space.vocabularyBase(k);
            vocabularySize[i] = space.vocabularies().get(k).size();
        }
        EntityFeatures entity = spec.entityFeatures();
        this.entityPlaceholders =
                entity == null ? 0 : (entity.count() ? 1 : 0) + (entity.sinceLast() ? 1 : 0);
        this.averagedFields =
                entity == null
                        ? new int[0]
                        : entity.means().stream().mapToInt(this::indexOf).toArray();
        this.crossSlots = new int[spec.crosses().size()][];
        this.crossSeeds = new int[spec.crosses().size()];
        for (int c = 0; c < crossSlots.length; c++) {
            List<String> cross = spec.crosses().get(c);
            crossSlots[c] = cross.stream().mapToInt(this::indexOf).toArray();
            crossSeeds[c] = Murmur3.hashChars(String.join("&", cross), 0);
        }
        this.sliceIndex = sliceField == null ? -1 : indexOf(sliceField);
    }

    private int indexOf(String name) {
        for (int i = 0; i < fields.length; i++) {
            if (fields[i].name().equals(name)) {
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
        return outcome(cleaner.clean(event));
    }

    /**
     * Featurizes the fields of an event to be scored, outside any stream: no label and no event
     * time are needed. The example's label is {@code NaN}.
     */
    public Outcome featurizeFields(String id, Map<String, String> fields) {
        return outcome(cleaner.cleanFields(RawEvent.of(id, 0L, fields)));
    }

    private Outcome outcome(Cleaning cleaning) {
        if (cleaning.rejected() != null) {
            return new Outcome(null, cleaning.rejected());
        }
        return new Outcome(toExample(cleaning.clean()), null);
    }

    private LabelledExample toExample(CleanEvent event) {
        int[] tokenHashes = new int[fields.length];
        size = 0;
        double[] dense = new double[denseDimension];
        int d = 0;
        for (int i = 0; i < fields.length; i++) {
            FieldSpec field = fields[i];
            boolean missing = event.missing()[i];
            switch (field.type()) {
                case CATEGORY -> {
                    if (!missing) {
                        tokenHashes[i] = Murmur3.hashChars(event.tokens()[i], seeds[i]);
                        if (vocabularyBase[i] < 0) {
                            add(tokenHashes[i]);
                        } else {
                            // Slot 0 of the range is the out-of-vocabulary bucket.
                            addIndex(
                                    vocabularyBase[i]
                                            + 1
                                            + Integer.remainderUnsigned(
                                                    tokenHashes[i], vocabularySize[i] - 1));
                        }
                    }
                }
                case BOOLEAN -> {
                    if (!missing) {
                        tokenHashes[i] = Murmur3.hashChars(event.tokens()[i], seeds[i]);
                    }
                    dense[d++] = missing ? 0.0 : event.numbers()[i];
                }
                case NUMBER, INTEGER -> {
                    double x = event.numbers()[i];
                    if (field.number().isBucketized()) {
                        int bucket = field.number().bucketOf(x);
                        tokenHashes[i] = Murmur3.hashInts(seeds[i], bucket, i);
                        add(tokenHashes[i]);
                    } else {
                        if (!missing && event.tokens()[i] != null) {
                            tokenHashes[i] = Murmur3.hashChars(event.tokens()[i], seeds[i]);
                        }
                        dense[d++] = x;
                    }
                    if (field.number().missingIndicator()) {
                        dense[d++] = missing ? 1.0 : 0.0;
                    }
                }
                case TEXT -> {
                    if (!missing) {
                        addText(event.texts()[i], field.text(), seeds[i]);
                    }
                }
                case TIMESTAMP -> d = addTime(d, dense, event, i, field.timestamp());
            }
        }
        // Entity features are filled in by an EntityFeaturizer, which needs the entity's past:
        // count and since-last stay NaN until then, the means hold this event's own values.
        for (int k = 0; k < entityPlaceholders; k++) {
            dense[d++] = Double.NaN;
        }
        for (int field : averagedFields) {
            dense[d++] = event.missing()[field] ? Double.NaN : event.numbers()[field];
        }
        crosses:
        for (int c = 0; c < crossSlots.length; c++) {
            int h = crossSeeds[c];
            for (int slot : crossSlots[c]) {
                if (event.missing()[slot]) {
                    continue crosses;
                }
                h = Murmur3.hashInts(h, tokenHashes[slot], slot);
            }
            add(h);
        }
        double[] values = new double[size];
        Arrays.fill(values, 1.0);
        FeatureVector features = new FeatureVector(Arrays.copyOf(scratch, size), values, dense);
        return new LabelledExample(
                event.id(),
                experiment,
                event.entityKey(),
                event.eventTime(),
                features,
                event.label(),
                1.0,
                LabelledExample.NOT_LABELLED,
                sliceOf(event));
    }

    private String sliceOf(CleanEvent event) {
        if (sliceIndex < 0) {
            return "";
        }
        String token = event.tokens()[sliceIndex];
        return event.missing()[sliceIndex] || token == null ? SliceConfig.MISSING : token;
    }

    /** Adds a timestamp's hour and day features; returns the next dense slot. */
    private int addTime(
            int d, double[] dense, CleanEvent event, int i, TimestampEncoding encoding) {
        int width = (encoding.hourCyclic() ? 2 : 0) + (encoding.dayCyclic() ? 2 : 0);
        if (event.missing()[i]) {
            return d + width;
        }
        ZonedDateTime t = Instant.ofEpochMilli(event.times()[i]).atZone(encoding.zone());
        int hour = t.getHour();
        int dow = t.getDayOfWeek().getValue();
        if (encoding.parts().contains(TimestampEncoding.Part.HOUR_OF_DAY)) {
            add(Murmur3.hashInts(seeds[i], hour, 'h'));
        }
        if (encoding.parts().contains(TimestampEncoding.Part.DAY_OF_WEEK)) {
            add(Murmur3.hashInts(seeds[i], dow, 'd'));
        }
        double hours = hour + t.getMinute() / 60.0 + t.getSecond() / 3600.0;
        if (encoding.hourCyclic()) {
            dense[d++] = Math.sin(TWO_PI * hours / 24.0);
            dense[d++] = Math.cos(TWO_PI * hours / 24.0);
        }
        if (encoding.dayCyclic()) {
            double days = (dow - 1) + hours / 24.0;
            dense[d++] = Math.sin(TWO_PI * days / 7.0);
            dense[d++] = Math.cos(TWO_PI * days / 7.0);
        }
        return d;
    }

    /**
     * Adds the word n-grams of {@code text}: words are maximal runs of letters and digits, at most
     * {@code maxTokens} of them are read (the rest of a huge text is not even scanned), and every
     * n-gram of 1 to {@code ngrams} consecutive words is one feature.
     */
    private void addText(String text, TextEncoding encoding, int seed) {
        String[] words = new String[Math.min(encoding.maxTokens(), 64)];
        int count = 0;
        int length = text.length();
        int start = -1;
        for (int k = 0; k <= length && count < encoding.maxTokens(); k++) {
            boolean word = k < length && Character.isLetterOrDigit(text.charAt(k));
            if (word && start < 0) {
                start = k;
            } else if (!word && start >= 0) {
                String w = text.substring(start, k);
                if (count == words.length) {
                    words = Arrays.copyOf(words, Math.min(2 * words.length, encoding.maxTokens()));
                }
                words[count++] = encoding.lowercase() ? w.toLowerCase(Locale.ROOT) : w;
                start = -1;
            }
        }
        StringBuilder gram = new StringBuilder();
        for (int first = 0; first < count; first++) {
            gram.setLength(0);
            for (int len = 1; len <= encoding.ngrams() && first + len <= count; len++) {
                if (len > 1) {
                    gram.append(' ');
                }
                gram.append(words[first + len - 1]);
                add(Murmur3.hashChars(gram, seed));
            }
        }
    }

    private void add(int hash) {
        addIndex(hash & mask);
    }

    private void addIndex(int index) {
        if (size == scratch.length) {
            scratch = Arrays.copyOf(scratch, 2 * size);
        }
        scratch[size++] = index;
    }
}
