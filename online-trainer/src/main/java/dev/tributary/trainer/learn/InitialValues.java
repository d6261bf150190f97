package dev.tributary.trainer.learn;

/**
 * Deterministic pseudo-random initial weights: a value is a function of (seed, block, index) alone,
 * through SplitMix64 (Steele, Lea and Flood, "Fast Splittable Pseudorandom Number Generators",
 * OOPSLA 2014) and a Box-Muller transform computed with {@link StrictMath}. So a model initializes
 * the same on every JVM and in any order, and a checkpoint need not store rows it never touched:
 * restore recomputes them.
 */
public final class InitialValues {

    private InitialValues() {}

    /** A standard normal deviate for coordinate {@code index} of block {@code block}. */
    public static double gaussian(long seed, int block, long index) {
        long base = mix(seed ^ mix(((long) block << 40) ^ index));
        double u1 = uniform(mix(base)); // in (0, 1]
        double u2 = uniform(mix(base + 0x9E3779B97F4A7C15L));
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    private static double uniform(long bits) {
        return ((bits >>> 11) + 1) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
