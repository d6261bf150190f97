package dev.tributary.core.config;

import java.io.Serializable;

/**
 * A category field encoded with a vocabulary learned from the stream: its values hash into a range
 * of {@code 2^bits} sparse coordinates of its own (after the shared hashed space), slot 0 of which
 * is the out-of-vocabulary bucket. A value is in the vocabulary once the model has trained on it
 * {@code minCount} times; until then it shares the OOV bucket's weight, so rare values (one user
 * seen once, a typo) neither get a weight of their own nor go unlearned.
 *
 * <p>Each model counts values as it trains and publishes, with every version, which of them were in
 * its vocabulary: its weights already say it (an out-of-vocabulary value's coordinate carries the
 * OOV weight), so its ONNX graph and any scorer of it need nothing else.
 *
 * @param field the category field
 * @param minCount how often a value must be seen to enter the vocabulary (at least 1)
 * @param bits the field's range holds {@code 2^bits} coordinates (1..24)
 */
public record Vocabulary(String field, long minCount, int bits) implements Serializable {

    public static final int DEFAULT_BITS = 16;

    public Vocabulary {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be >= 1, was " + minCount);
        }
        if (bits < 1 || bits > 24) {
            throw new IllegalArgumentException("bits must be in 1..24, was " + bits);
        }
    }

    public int size() {
        return 1 << bits;
    }
}
