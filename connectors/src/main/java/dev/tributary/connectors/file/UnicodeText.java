package dev.tributary.connectors.file;

/** Checks that the JSON readers of files and of Kafka records share. */
public final class UnicodeText {

    private UnicodeText() {}

    /**
     * Whether {@code text} holds half a surrogate pair, which only a JSON escape can write (a
     * backslash, then {@code uD800}): such text is not Unicode, cannot be written as UTF-8, and is
     * as unreadable as bytes that are not UTF-8.
     */
    public static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    /** The problem of a record with such a string; the string itself is not repeated. */
    public static String notUnicode(String what, String field) {
        return what
                + " has a string that is not Unicode (an unpaired surrogate escape) in field "
                + field;
    }
}
