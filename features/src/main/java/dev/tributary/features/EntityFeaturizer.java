package dev.tributary.features;

import dev.tributary.core.config.EntityFeatures;
import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import java.util.List;

/**
 * Fills in the entity features of an example from its entity's {@link EntityWindow}, then records
 * the example in that window: an event sees its entity's past, never itself. The {@link Featurizer}
 * leaves the count and since-last slots {@code NaN} (a model refuses them, so a job that forgot
 * this step fails loudly) and puts the event's own values in the mean slots, which this reads
 * before replacing them with the window's means.
 *
 * <p>Plain Java: the Flink operator keeps one window per entity in keyed state; a service can keep
 * them in a map.
 */
public final class EntityFeaturizer {

    private final EntityFeatures spec;
    private final int offset;
    private final int means;
    private final long stepMillis;
    private final long ttlMillis;
    private final double neverSeen;

    public EntityFeaturizer(FeatureSpec features) {
        this.spec = features.entityFeatures();
        if (spec == null) {
            throw new IllegalArgumentException("the feature spec has no entity features");
        }
        List<String> names = features.space().denseFeatures();
        this.offset = names.size() - spec.featureNames(features.entityField()).size();
        this.means = spec.means().size();
        this.stepMillis = spec.stepMillis();
        this.ttlMillis = spec.ttl().toMillis();
        this.neverSeen = Math.log1p(ttlMillis / 1000.0);
    }

    /** A window for an entity not seen yet. */
    public EntityWindow newWindow() {
        return new EntityWindow(means);
    }

    /**
     * Whether {@code window} has expired by {@code eventTime}: its entity had no event for the ttl.
     * Its state should then be dropped.
     */
    public boolean expired(EntityWindow window, long eventTime) {
        return !window.isEmpty() && eventTime - window.newestTime() > ttlMillis;
    }

    /** The event time at which {@code window} expires unless another event comes. */
    public long expiresAt(EntityWindow window) {
        return window.newestTime() + ttlMillis + 1;
    }

    /**
     * The example with its entity features from {@code window} (which is then updated with it);
     * pass a fresh window for an entity never seen or expired.
     */
    public LabelledExample apply(LabelledExample example, EntityWindow window) {
        long time = example.eventTime();
        long step = Math.floorDiv(time, stepMillis);
        FeatureVector x = example.features();
        double[] dense = x.dense().clone();
        double[] own = new double[means];
        int meansAt = offset + (spec.count() ? 1 : 0) + (spec.sinceLast() ? 1 : 0);
        System.arraycopy(dense, meansAt, own, 0, means);
        int d = offset;
        if (spec.count()) {
            dense[d++] = Math.log1p(window.count(step));
        }
        if (spec.sinceLast()) {
            dense[d++] =
                    window.isEmpty()
                            ? neverSeen
                            : Math.log1p(Math.max(0L, time - window.newestTime()) / 1000.0);
        }
        for (int m = 0; m < means; m++) {
            dense[d++] = window.mean(step, m);
        }
        window.add(time, step, own);
        return example.withFeatures(new FeatureVector(x.indices(), x.values(), dense));
    }
}
