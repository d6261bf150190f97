package dev.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.file.UnicodeText;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonObjectReaderTest {

    private final JsonObjectReader reader = new JsonObjectReader("id");

    @Test
    void stringsAndKeysThatAreNotUnicodeMakeTheValueUnreadableWithoutRepeatingThem() {
        assertThat(read("{\"id\":\"a\",\"s\":\"x\\ud800y\"}"))
                .isEqualTo(
                        "record value has a string that is not Unicode (an unpaired surrogate"
                                + " escape) in field s");
        assertThat(read("{\"id\":\"a\",\"s\":\"\\ude00\\ud83d\"}")).startsWith("record value");
        assertThat(read("{\"id\":\"a\",\"s\":\"\\ud83d\"}")).startsWith("record value");
        // Keys the JSON parser refuses by itself.
        assertThat(read("{\"id\":\"a\",\"\\udc00\":1}")).startsWith("invalid JSON: ");
        assertThat(read("{\"id\":\"a\",\"k\\ud800\":1}")).startsWith("invalid JSON: ");
    }

    @Test
    void surrogatePairsAndEscapesInNestedValuesAreRead() {
        Map<String, String> fields = new HashMap<>();

        assertThat(
                        reader.read(
                                utf8("{\"id\":\"a\",\"s\":\"\\ud83d\\ude00\",\"n\":[\"\\ud800\"]}"),
                                fields))
                .isNull();
        assertThat(fields).containsEntry("s", "\ud83d\ude00").containsEntry("n", "[\"\\ud800\"]");
    }

    @Test
    void findsUnpairedSurrogates() {
        assertThat(UnicodeText.hasUnpairedSurrogate("")).isFalse();
        assertThat(UnicodeText.hasUnpairedSurrogate("plain é €")).isFalse();
        assertThat(UnicodeText.hasUnpairedSurrogate("\ud83d\ude00\ud83d\ude80")).isFalse();
        assertThat(UnicodeText.hasUnpairedSurrogate("\ud83d")).isTrue();
        assertThat(UnicodeText.hasUnpairedSurrogate("a\ude00")).isTrue();
        assertThat(UnicodeText.hasUnpairedSurrogate("\ude00\ud83d")).isTrue();
        assertThat(UnicodeText.hasUnpairedSurrogate("\ud83d\ud83d\ude00")).isTrue();
    }

    private String read(String json) {
        return reader.read(utf8(json), new HashMap<>());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
