package dev.tributary.features;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Checks the character hash against an independent, byte-oriented MurmurHash3 x86_32 that is itself
 * checked against published test vectors: hashing UTF-16 code units two per block is exactly
 * MurmurHash3 of the UTF-16LE bytes.
 */
class Murmur3Test {

    @Test
    void referenceImplementationMatchesPublishedVectors() {
        assertThat(reference(new byte[0], 0)).isEqualTo(0);
        assertThat(reference(new byte[0], 1)).isEqualTo(0x514E28B7);
        assertThat(reference(new byte[4], 0)).isEqualTo(0x2362F9DE);
        assertThat(reference(ascii("aaaa"), 0x9747b28c)).isEqualTo(0x5A97808A);
        assertThat(reference(ascii("Hello, world!"), 0x9747b28c)).isEqualTo(0x24884CBA);
        assertThat(reference(ascii("The quick brown fox jumps over the lazy dog"), 0x9747b28c))
                .isEqualTo(0x2FA826CD);
    }

    @Test
    void hashCharsIsMurmur3OfTheUtf16LittleEndianBytes() {
        for (String s :
                new String[] {"", "a", "ab", "abc", "LAS", "origin=LAS", "Zürich", "東京", "😀x"}) {
            for (int seed : new int[] {0, 1, 0x9747b28c, -7}) {
                assertThat(Murmur3.hashChars(s, seed))
                        .as("%s with seed %d", s, seed)
                        .isEqualTo(reference(s.getBytes(StandardCharsets.UTF_16LE), seed));
            }
        }
    }

    @Test
    void hashIntsIsMurmur3OfTheLittleEndianInts() {
        byte[] bytes = {1, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThat(Murmur3.hashInts(42, 1, -1)).isEqualTo(reference(bytes, 42));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** MurmurHash3 x86_32 over bytes, written straight from the algorithm's description. */
    private static int reference(byte[] data, int seed) {
        int h = seed;
        int blocks = data.length / 4;
        for (int i = 0; i < blocks; i++) {
            int k =
                    (data[4 * i] & 0xff)
                            | (data[4 * i + 1] & 0xff) << 8
                            | (data[4 * i + 2] & 0xff) << 16
                            | (data[4 * i + 3] & 0xff) << 24;
            k *= 0xcc9e2d51;
            k = Integer.rotateLeft(k, 15);
            k *= 0x1b873593;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        int tail = blocks * 4;
        switch (data.length & 3) {
            case 3:
                k ^= (data[tail + 2] & 0xff) << 16;
            // fall through
            case 2:
                k ^= (data[tail + 1] & 0xff) << 8;
            // fall through
            case 1:
                k ^= data[tail] & 0xff;
                k *= 0xcc9e2d51;
                k = Integer.rotateLeft(k, 15);
                k *= 0x1b873593;
                h ^= k;
            // fall through
            default:
        }
        h ^= data.length;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
