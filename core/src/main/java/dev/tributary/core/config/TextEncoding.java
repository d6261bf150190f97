package dev.tributary.core.config;

import java.io.Serializable;

/**
 * How free text becomes sparse features: lower-cased (unless told not to), split into words at
 * every character that is not a letter or digit, the first {@code maxTokens} words kept, and each
 * word n-gram of length 1 to {@code ngrams} hashed as one feature.
 */
public record TextEncoding(int ngrams, int maxTokens, boolean lowercase) implements Serializable {

    public static final TextEncoding DEFAULT = new TextEncoding(1, 256, true);

    public TextEncoding {
        if (ngrams < 1 || ngrams > 5) {
            throw new IllegalArgumentException("ngrams must be in 1..5, was " + ngrams);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, was " + maxTokens);
        }
    }
}
