package dev.tributary.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.jobs.pipeline.BadRecordGenerator.Expected;
import dev.tributary.jobs.pipeline.BadRecordGenerator.Flight;
import dev.tributary.jobs.pipeline.BadRecordGenerator.Kind;
import dev.tributary.jobs.pipeline.BadRecordGenerator.Line;
import dev.tributary.jobs.pipeline.BadRecordGenerator.Streams;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator's promises, checked with a strict JSON parser and a strict UTF-8 decoder rather
 * than with the pipeline under test: each line is one record, a record expected as malformed cannot
 * be read and every other one can, its expected id is the one it carries or its row number,
 * duplicates and late events are what they claim to be, and a rewritten valid event means what its
 * plain form means.
 */
class BadRecordGeneratorTest {

    private static final Duration LATENESS = Duration.ofHours(2);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    private static final ObjectMapper STRICT =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static List<Flight> flights;

    @BeforeAll
    static void readFlights() throws IOException {
        flights = BadRecordGenerator.bundledFlights(2_000);
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() {
        Streams first = new BadRecordGenerator(7, LATENESS).generate(flights, 5_000);
        Streams again = new BadRecordGenerator(7, LATENESS).generate(flights, 5_000);
        Streams other = new BadRecordGenerator(8, LATENESS).generate(flights, 5_000);

        assertThat(bytes(again)).containsExactlyElementsOf(bytes(first));
        assertThat(again.expected()).isEqualTo(first.expected());
        assertThat(bytes(other)).isNotEqualTo(bytes(first));
    }

    @Test
    void aHundredThousandAreSharedAmongTheKindsAsTheyAsk() {
        assertThat(Arrays.stream(Kind.values()).mapToInt(k -> k.per100k).sum()).isEqualTo(100_000);

        Streams streams = new BadRecordGenerator(1, LATENESS).generate(flights, 100_000);

        for (Kind kind : Kind.values()) {
            assertThat(streams.byKind().get(kind)).as("%s", kind).isEqualTo(kind.per100k);
        }
        assertThat(streams.expected()).hasSize(100_000);
        assertThat(streams.messyRecords()).isEqualTo(flights.size() + 100_000L);
        assertThat(streams.byReason().keySet())
                .containsExactlyInAnyOrder(
                        ReasonCode.MALFORMED,
                        ReasonCode.MISSING_FIELD,
                        ReasonCode.BAD_TYPE,
                        ReasonCode.NOT_FINITE,
                        ReasonCode.OUT_OF_RANGE,
                        ReasonCode.BAD_TIMESTAMP,
                        ReasonCode.BAD_LABEL,
                        ReasonCode.DUPLICATE,
                        ReasonCode.LATE);
    }

    @Test
    void everyLineIsWhatTheGeneratorSaysItIs() throws IOException {
        Streams streams = new BadRecordGenerator(42, LATENESS).generate(flights, 20_000);

        assertThat(streams.valid()).hasSize(flights.size());
        assertThat(streams.rewritten()).isGreaterThan(flights.size() / 10);
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        Set<String> idsOfBadRecords = new HashSet<>();
        Map<String, String> timeOfValidId = new HashMap<>();
        List<String> recentValidIds = new ArrayList<>();
        LocalDateTime newest = null;
        int record = 0;
        int valid = 0;
        int blank = 0;
        for (Line line : streams.messy()) {
            assertThat(line.bytes()).doesNotContain((byte) '\n');
            if (line.isBlank()) {
                assertThat(line.isBad()).isFalse();
                blank++;
                continue;
            }
            record++;
            String rowId = "row-" + record;
            JsonNode node = strictObject(line.bytes());
            if (!line.isBad()) {
                // A valid event, perhaps written differently: it must mean the plain form.
                assertThat(node).as("record %d", record).isNotNull();
                JsonNode plain = STRICT.readTree(streams.valid().get(valid++));
                assertThat(meaning(node)).as("record %d", record).isEqualTo(meaning(plain));
                String id = plain.get("id").asText();
                timeOfValidId.put(id, plain.get("ts").asText());
                recentValidIds.add(id);
                LocalDateTime time = LocalDateTime.parse(plain.get("ts").asText(), TIME);
                newest = newest == null || time.isAfter(newest) ? time : newest;
                continue;
            }
            Expected expected = line.expected();
            kinds.add(line.kind());
            if (expected.reason() == ReasonCode.MALFORMED) {
                assertThat(node).as("record %d (%s) must not parse", record, line.kind()).isNull();
                assertThat(expected.id()).isEqualTo(rowId);
                continue;
            }
            assertThat(node).as("record %d (%s) must parse", record, line.kind()).isNotNull();
            JsonNode id = node.get("id");
            boolean hasId = id != null && !id.isNull() && !id.asText().isEmpty();
            assertThat(expected.id()).isEqualTo(hasId ? id.asText() : rowId);
            switch (expected.reason()) {
                case DUPLICATE -> {
                    int reach = Math.min(recentValidIds.size(), BadRecordGenerator.DUPLICATE_REACH);
                    assertThat(
                                    recentValidIds.subList(
                                            recentValidIds.size() - reach, recentValidIds.size()))
                            .contains(expected.id());
                    assertThat(node.get("ts").asText().strip())
                            .isEqualTo(timeOfValidId.get(expected.id()));
                    // Not so old that it is late, which is judged first.
                    assertThat(LocalDateTime.parse(node.get("ts").asText().strip(), TIME))
                            .isAfterOrEqualTo(newest.minus(LATENESS));
                }
                case LATE -> {
                    LocalDateTime time = LocalDateTime.parse(node.get("ts").asText().strip(), TIME);
                    assertThat(time).isBefore(newest.minus(LATENESS));
                    assertThat(idsOfBadRecords.add(expected.id())).isTrue();
                }
                case BAD_TIMESTAMP -> assertThat(readableTime(node)).isFalse();
                case MISSING_FIELD -> {
                    assertThat(readableTime(node)).isTrue();
                    assertThat(
                                    List.of("dow", "hour", "distance", "origin", "dest", "delayed")
                                            .stream()
                                            .filter(f -> isAbsent(node.get(f))))
                            .hasSize(1);
                }
                default -> {
                    assertThat(readableTime(node)).isTrue();
                    if (hasId) {
                        assertThat(idsOfBadRecords.add(expected.id())).isTrue();
                    }
                }
            }
        }
        assertThat(valid).isEqualTo(flights.size());
        assertThat(blank).isPositive();
        assertThat(kinds).containsExactlyInAnyOrder(Kind.values());
    }

    /** The line as a JSON object, or {@code null} when it is not UTF-8, not JSON or no object. */
    private static JsonNode strictObject(byte[] bytes) {
        String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        try {
            JsonNode node = STRICT.readTree(text);
            if (node == null || !node.isObject()) {
                return null;
            }
            // A top-level key or string that is not Unicode (an escaped half of a surrogate pair).
            for (var field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                if (!isUnicode(field.getKey())
                        || field.getValue().isTextual() && !isUnicode(field.getValue().asText())) {
                    return null;
                }
            }
            return node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean isUnicode(String text) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(text);
    }

    /** What the job takes from an event: id, time, the features and the label, normalized. */
    private static List<Object> meaning(JsonNode node) {
        String label = node.get("delayed").asText().trim().toLowerCase(Locale.ROOT);
        return List.of(
                node.get("id").asText(),
                node.get("ts").asText().strip(),
                node.get("dow").asText(),
                node.get("hour").asText(),
                Double.parseDouble(node.get("distance").asText()),
                node.get("origin").asText(),
                node.get("dest").asText(),
                label.equals("1") || label.equals("true"));
    }

    private static boolean isAbsent(JsonNode value) {
        return value == null || value.isNull() || value.asText().isBlank();
    }

    private static boolean readableTime(JsonNode node) {
        JsonNode ts = node.get("ts");
        if (ts == null || !ts.isTextual()) {
            return false;
        }
        try {
            LocalDateTime.parse(ts.asText().strip(), TIME);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static List<ByteBuffer> bytes(Streams streams) {
        return streams.messy().stream().map(l -> ByteBuffer.wrap(l.bytes())).toList();
    }
}
