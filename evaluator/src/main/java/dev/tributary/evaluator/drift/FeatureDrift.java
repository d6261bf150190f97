package dev.tributary.evaluator.drift;

import dev.tributary.core.config.FeatureDriftConfig;
import dev.tributary.core.supervision.FeatureStability;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The population stability of every dense input feature of an experiment ({@link
 * PopulationStability} each): it watches the inputs, not the models, so it needs no labels and sees
 * a change of the inputs (a new data source, a broken upstream feature, a shift of population)
 * before the error rate shows it. Features are those of the experiment's feature space, in vector
 * order; missing values ({@code NaN}) have a bin of their own.
 *
 * <p>{@link #observe} is O(F log bins) for F features and allocates nothing. Deterministic; not
 * thread-safe.
 */
public final class FeatureDrift {

    private static final int FORMAT_VERSION = 1;

    private final FeatureDriftConfig config;
    private final String[] features;
    private final PopulationStability[] indices;

    /** Nothing observed yet, for the given dense features in vector order. */
    public FeatureDrift(FeatureDriftConfig config, List<String> features) {
        this.config = config;
        this.features = features.toArray(String[]::new);
        this.indices = new PopulationStability[this.features.length];
        for (int i = 0; i < indices.length; i++) {
            indices[i] =
                    new PopulationStability(config.reference(), config.window(), config.bins());
        }
    }

    /**
     * Adds one example's dense values.
     *
     * @throws IllegalArgumentException if there are not as many values as features
     */
    public void observe(double[] dense) {
        if (dense.length != indices.length) {
            throw new IllegalArgumentException(
                    dense.length + " dense values for " + indices.length + " dense features");
        }
        for (int i = 0; i < indices.length; i++) {
            indices[i].observe(dense[i]);
        }
    }

    /** Every feature's index, in vector order. */
    public FeatureStability[] stabilities() {
        FeatureStability[] out = new FeatureStability[indices.length];
        for (int i = 0; i < indices.length; i++) {
            PopulationStability index = indices[i];
            out[i] =
                    new FeatureStability(
                            features[i],
                            index.psi(),
                            index.shift().name().toLowerCase(Locale.ROOT),
                            index.observations());
        }
        return out;
    }

    /**
     * Writes format version 1: the version, the reference size, window size and bins, the number of
     * features, then each feature's name and index.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeInt(config.reference());
        out.writeInt(config.window());
        out.writeInt(config.bins());
        out.writeInt(features.length);
        for (int i = 0; i < features.length; i++) {
            out.writeUTF(features[i]);
            indices[i].writeTo(out);
        }
    }

    /**
     * Reads what {@link #writeTo} wrote, continued as {@code config} over {@code features}: a
     * feature keeps its index when it is still there and the sizes are unchanged; any other starts
     * afresh (its reference would mean something else). With {@code config} {@code null} (feature
     * drift turned off) the state is read past and {@code null} returned.
     *
     * @throws IOException on an unknown format version or inconsistent data
     */
    public static FeatureDrift read(DataInput in, FeatureDriftConfig config, List<String> features)
            throws IOException {
        int version = in.readInt();
        if (version != FORMAT_VERSION) {
            throw new IOException(
                    "cannot read FeatureDrift format version "
                            + version
                            + ": this build reads version "
                            + FORMAT_VERSION);
        }
        int reference = in.readInt();
        int window = in.readInt();
        int bins = in.readInt();
        int count = in.readInt();
        FeatureDriftConfig stored;
        try {
            stored = new FeatureDriftConfig(reference, window, bins);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt FeatureDrift state: " + e.getMessage(), e);
        }
        if (count < 0) {
            throw new IOException("corrupt FeatureDrift state: " + count + " features");
        }
        FeatureDrift drift = config == null ? null : new FeatureDrift(config, features);
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            PopulationStability index =
                    PopulationStability.read(
                            in, stored.reference(), stored.window(), stored.bins());
            int slot = features.indexOf(name);
            if (drift != null && slot >= 0 && stored.equals(config)) {
                drift.indices[slot] = index;
            }
        }
        return drift;
    }
}
