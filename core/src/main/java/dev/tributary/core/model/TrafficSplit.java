package dev.tributary.core.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Who serves an experiment's traffic: the champion, and each canary with its share. The scorer
 * routes every event by a stable hash of its entity key ({@link #bucket}), so an entity (a user, a
 * route) stays in one arm for as long as the split does not change, and an entity served by a
 * canary at 5% is still served by it at 25%: canaries take the buckets from 0 upwards, in order,
 * the champion the rest.
 *
 * <p>Arrays rather than lists, so that Flink serializes it without a fallback serializer.
 *
 * @param champion the champion's model id
 * @param canaries the canaries' model ids, in routing order
 * @param fractions each canary's share of traffic, in {@code (0, 1)}, summing to less than 1
 */
public record TrafficSplit(String champion, String[] canaries, double[] fractions) {

    private static final double UNIT = 0x1.0p-53;

    public TrafficSplit {
        Objects.requireNonNull(champion, "champion");
        canaries = canaries.clone();
        fractions = fractions.clone();
        if (canaries.length != fractions.length) {
            throw new IllegalArgumentException(
                    canaries.length + " canaries but " + fractions.length + " fractions");
        }
        double total = 0;
        for (int i = 0; i < fractions.length; i++) {
            Objects.requireNonNull(canaries[i], "canaries[" + i + "]");
            if (!(fractions[i] > 0 && fractions[i] < 1)) {
                throw new IllegalArgumentException(
                        "canary " + canaries[i] + ": fraction " + fractions[i] + " not in (0, 1)");
            }
            total += fractions[i];
        }
        if (!(total < 1)) {
            throw new IllegalArgumentException(
                    "canaries take " + total + " of traffic, leaving the champion nothing");
        }
    }

    /** All traffic to the champion. */
    public static TrafficSplit championOnly(String champion) {
        return new TrafficSplit(champion, new String[0], new double[0]);
    }

    /** The model that serves an entity. */
    public String route(String entityKey) {
        double u = bucket(entityKey);
        double upper = 0;
        for (int i = 0; i < canaries.length; i++) {
            upper += fractions[i];
            if (u < upper) {
                return canaries[i];
            }
        }
        return champion;
    }

    /** The arm of a model in this split: champion, canary, or shadow for any other model. */
    public Arm armOf(String modelId) {
        if (champion.equals(modelId)) {
            return Arm.CHAMPION;
        }
        for (String canary : canaries) {
            if (canary.equals(modelId)) {
                return Arm.CANARY;
            }
        }
        return Arm.SHADOW;
    }

    /** A model's share of traffic: its fraction, the rest for the champion, 0 for others. */
    public double share(String modelId) {
        double canaryTotal = 0;
        for (int i = 0; i < canaries.length; i++) {
            if (canaries[i].equals(modelId)) {
                return fractions[i];
            }
            canaryTotal += fractions[i];
        }
        return champion.equals(modelId) ? 1 - canaryTotal : 0;
    }

    /**
     * The entity's bucket in {@code [0, 1)}: FNV-1a (64 bit) over its UTF-8 bytes, then the
     * SplitMix64 finalizer so that similar keys spread evenly. Fixed forever: changing it would
     * move users between arms on upgrade.
     */
    public static double bucket(String entityKey) {
        long h = 0xcbf29ce484222325L;
        for (byte b : entityKey.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 30;
        h *= 0xbf58476d1ce4e5b9L;
        h ^= h >>> 27;
        h *= 0x94d049bb133111ebL;
        h ^= h >>> 31;
        return (h >>> 11) * UNIT;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrafficSplit other
                && champion.equals(other.champion)
                && Arrays.equals(canaries, other.canaries)
                && Arrays.equals(fractions, other.fractions);
    }

    @Override
    public int hashCode() {
        return 31 * champion.hashCode() + Arrays.hashCode(canaries);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("champion ").append(champion);
        for (int i = 0; i < canaries.length; i++) {
            text.append(", canary ").append(canaries[i]).append(' ').append(fractions[i]);
        }
        return text.toString();
    }
}
