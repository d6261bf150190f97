package dev.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8ReaderTest {

    /** Byte sequences that are not UTF-8: stray, overlong, surrogate, beyond U+10FFFF, cut. */
    private static final byte[][] INVALID = {
        {(byte) 0x80},
        {(byte) 0xFF},
        {(byte) 0xC0, (byte) 0xAF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xC3},
        {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
    };

    @Test
    void decodesAsTheJdkDoesAndLocatesEveryReplacement() throws IOException {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] bytes = randomBytes(random, 1 + random.nextInt(400));
            String expected = new String(bytes, StandardCharsets.UTF_8);

            // Tiny buffers and short reads put every sequence across a boundary somewhere.
            Utf8Reader reader = new Utf8Reader(new TrickleStream(bytes, random), 4 + round % 7);

            assertThat(decodeAll(reader, 2 + random.nextInt(9))).isEqualTo(expected);
            List<Long> replaced = new ArrayList<>();
            List<Long> located = new ArrayList<>();
            for (int i = 0; i < expected.length(); i++) {
                if (expected.charAt(i) == Utf8Reader.REPLACEMENT) {
                    replaced.add((long) i);
                }
                if (reader.firstReplacement(i, i + 1) == i) {
                    located.add((long) i);
                }
            }
            assertThat(replaced).isNotEmpty();
            assertThat(located).isEqualTo(replaced);
        }
    }

    @Test
    void replacementsAreFoundPerRangeAndForgottenOnceAsked() throws IOException {
        // "ab" 0xFF "cd\n" 0x80 "e\n" "f" 0xC3
        byte[] bytes = {
            'a', 'b', (byte) 0xFF, 'c', 'd', '\n', (byte) 0x80, 'e', '\n', 'f', (byte) 0xC3
        };
        Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(bytes), 16);

        assertThat(decodeAll(reader, 64)).isEqualTo("ab\uFFFDcd\n\uFFFDe\nf\uFFFD");
        assertThat(reader.firstReplacement(0, 6)).isEqualTo(2);
        assertThat(reader.firstReplacement(0, 6)).as("forgotten").isEqualTo(-1);
        assertThat(reader.firstReplacement(6, 9)).isEqualTo(6);
        assertThat(reader.firstReplacement(9, 11)).isEqualTo(10);
    }

    @Test
    void anEncodedReplacementCharacterIsText() throws IOException {
        byte[] bytes = "a\uFFFDb".getBytes(StandardCharsets.UTF_8);
        Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(bytes), 4);

        assertThat(decodeAll(reader, 8)).isEqualTo("a\uFFFDb");
        assertThat(reader.firstReplacement(0, Long.MAX_VALUE)).isEqualTo(-1);
    }

    @Test
    void manyReplacementsBeforeTheFirstLookUpAreAllKept() throws IOException {
        byte[] bytes = new byte[10_000];
        Arrays.fill(bytes, (byte) 0xFF);
        Utf8Reader reader = new Utf8Reader(new ByteArrayInputStream(bytes), 256);

        assertThat(decodeAll(reader, 1 << 14)).hasSize(10_000);
        assertThat(reader.firstReplacement(9_999, 10_000)).isEqualTo(9_999);
    }

    @Test
    void refusesBuffersThatCannotHoldASequenceOrASurrogatePair() {
        InputStream empty = new ByteArrayInputStream(new byte[0]);
        assertThatThrownBy(() -> new Utf8Reader(empty, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Utf8Reader(empty, 4).read(new char[1], 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String decodeAll(Utf8Reader reader, int chunk) throws IOException {
        StringBuilder decoded = new StringBuilder();
        char[] chars = new char[chunk];
        int n;
        while ((n = reader.read(chars, 0, chunk)) >= 0) {
            assertThat(n).isPositive();
            decoded.append(chars, 0, n);
        }
        return decoded.toString();
    }

    private static byte[] randomBytes(Random random, int pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] text = {"a", "Z", "\n", " ", "é", "€", "\u0800", "\uFFEE", "😀", "\uD800\uDC00"};
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(8) == 0) {
                out.writeBytes(INVALID[random.nextInt(INVALID.length)]);
            } else {
                out.writeBytes(text[random.nextInt(text.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        out.writeBytes(INVALID[random.nextInt(INVALID.length)]);
        return out.toByteArray();
    }

    /** Hands out at most a few bytes per read. */
    private static final class TrickleStream extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int position;

        TrickleStream(byte[] bytes, Random random) {
            this.bytes = bytes;
            this.random = random;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + random.nextInt(5)), bytes.length - position);
            System.arraycopy(bytes, position, b, off, n);
            position += n;
            return n;
        }
    }
}
