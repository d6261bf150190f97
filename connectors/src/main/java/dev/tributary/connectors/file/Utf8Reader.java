package dev.tributary.connectors.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Decodes UTF-8 as {@link java.io.InputStreamReader} does, each malformed byte sequence becoming
 * U+FFFD, but remembers where it put each replacement, so that the replay reader can reject the
 * records that held bytes which are not UTF-8 (as the Kafka decoders do) instead of training on
 * text it guessed. A U+FFFD that the input itself encodes (bytes {@code EF BF BD}) is text like any
 * other.
 *
 * <p>Replacements are located by their offset in chars from the start of the stream and looked up
 * by {@link #firstReplacement(long, long)} over consecutive ranges, which forgets the ones before
 * the range's end: only a buffer's worth of offsets is ever held. Not thread-safe.
 */
final class Utf8Reader implements Closeable {

    /** What a malformed byte sequence decodes to. */
    static final char REPLACEMENT = '\uFFFD';

    private final InputStream in;
    private final CharsetDecoder decoder =
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes;
    private boolean endOfBytes;
    private boolean flushed;

    /** Chars handed out so far: the offset of the next one. */
    private long charsRead;

    /** Offsets of the replacements not yet looked up, in order: a queue in {@code [head, tail)}. */
    private long[] replacements = new long[16];

    private int head;
    private int tail;

    /**
     * @param in the bytes; this reader owns the stream and closes it
     * @param bufferBytes how many bytes to read from {@code in} at a time, at least 4 (the longest
     *     UTF-8 sequence)
     */
    Utf8Reader(InputStream in, int bufferBytes) {
        if (bufferBytes < 4) {
            throw new IllegalArgumentException("bufferBytes: " + bufferBytes + " must be >= 4");
        }
        this.in = Objects.requireNonNull(in, "in");
        this.bytes = ByteBuffer.allocate(bufferBytes);
        this.bytes.flip();
    }

    /**
     * Decodes into {@code chars[offset, offset + length)}.
     *
     * @param length at least 2, so that a surrogate pair always fits
     * @return the number of chars decoded, at least 1, or {@code -1} at the end of the input
     */
    int read(char[] chars, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, chars.length);
        if (length < 2) {
            throw new IllegalArgumentException("length: " + length + " must be >= 2");
        }
        CharBuffer out = CharBuffer.wrap(chars, offset, length);
        while (out.hasRemaining() && !flushed) {
            CoderResult result = decoder.decode(bytes, out, endOfBytes);
            if (result.isError()) {
                if (!out.hasRemaining()) {
                    // No room for the replacement: the next read reports the sequence again.
                    break;
                }
                bytes.position(bytes.position() + result.length());
                remember(charsRead + out.position() - offset);
                out.put(REPLACEMENT);
            } else if (result.isOverflow()) {
                break;
            } else if (endOfBytes) {
                if (decoder.flush(out).isOverflow()) {
                    break;
                }
                flushed = true;
            } else if (out.position() > offset) {
                // Hand out what is decoded rather than block on more input.
                break;
            } else {
                refill();
            }
        }
        int decoded = out.position() - offset;
        if (decoded == 0 && flushed) {
            return -1;
        }
        charsRead += decoded;
        return decoded;
    }

    /**
     * The offset of the first replacement in {@code [from, to)}, or {@code -1} when there is none.
     * Every replacement before {@code to} is forgotten, so successive calls must ask about ranges
     * in order.
     */
    long firstReplacement(long from, long to) {
        long first = -1;
        while (head < tail && replacements[head] < to) {
            if (first < 0 && replacements[head] >= from) {
                first = replacements[head];
            }
            head++;
        }
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        return first;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void refill() throws IOException {
        bytes.compact();
        int read =
                in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        if (read < 0) {
            endOfBytes = true;
        } else {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
    }

    private void remember(long charOffset) {
        if (tail == replacements.length) {
            if (head > 0) {
                System.arraycopy(replacements, head, replacements, 0, tail - head);
                tail -= head;
                head = 0;
            } else {
                replacements = Arrays.copyOf(replacements, replacements.length * 2);
            }
        }
        replacements[tail++] = charOffset;
    }
}
