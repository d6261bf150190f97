package dev.tributary.features;

/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby, public domain algorithm), over the UTF-16 code
 * units of a string and over ints. Stable across JVMs and releases: feature indices of a published
 * model depend on it, so it must never change.
 */
final class Murmur3 {

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    private Murmur3() {}

    /** Hashes the characters of {@code text}, two UTF-16 code units per 32-bit block. */
    static int hashChars(CharSequence text, int seed) {
        int h = seed;
        int length = text.length();
        int i = 1;
        for (; i < length; i += 2) {
            int k = text.charAt(i - 1) | (text.charAt(i) << 16);
            h = mixH(h, mixK(k));
        }
        if ((length & 1) == 1) {
            h ^= mixK(text.charAt(length - 1));
        }
        return fmix(h, 2 * length);
    }

    /** Combines two ints into one hash, for crosses of already hashed values. */
    static int hashInts(int seed, int a, int b) {
        int h = mixH(mixH(seed, mixK(a)), mixK(b));
        return fmix(h, 8);
    }

    private static int mixK(int k) {
        k *= C1;
        k = Integer.rotateLeft(k, 15);
        return k * C2;
    }

    private static int mixH(int h, int k) {
        h ^= k;
        h = Integer.rotateLeft(h, 13);
        return h * 5 + 0xe6546b64;
    }

    private static int fmix(int h, int length) {
        h ^= length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
