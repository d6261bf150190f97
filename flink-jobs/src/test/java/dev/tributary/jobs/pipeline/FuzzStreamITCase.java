package dev.tributary.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.config.CleaningConfig;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.jobs.pipeline.BadRecordGenerator.Expected;
import dev.tributary.jobs.pipeline.BadRecordGenerator.Line;
import dev.tributary.jobs.pipeline.BadRecordGenerator.Streams;
import dev.tributary.jobs.run.RunLayout;
import dev.tributary.jobs.run.RunSummary;
import dev.tributary.jobs.testing.FlightsFileRuns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz: 100,000 bad records of every kind {@link BadRecordGenerator} makes (truncated lines, text
 * that is not JSON, not UTF-8 or not Unicode, JSON that is not an object, NaN and infinities as
 * tokens and as text, mistyped, missing and out-of-range fields, unreadable times and labels,
 * nesting 100 and 10,000 deep, values of a mebibyte, repeated ids, events hours late), with a fixed
 * seed, among 20,000 valid flights that are themselves often written with unknown fields and other
 * spellings, replayed from a file by the real job.
 *
 * <p>The job must run to its end; every bad record must be dead-lettered exactly once, under the id
 * the generator predicts (its own, or its row number when it has none the reader can take), with
 * the reason the generator meant; the counts per reason must agree in the run summary, in {@code
 * summary.json} and in the dead-letter file; and the models must be bit for bit those trained on
 * the valid flights alone, written plainly. A valid event with unknown fields is valid: it is
 * trained on, as the same event without them, which the equal models and example counts show.
 */
class FuzzStreamITCase {

    private static final int VALID = 20_000;
    private static final int BAD = 100_000;

    /** The seed; {@code -Dtributary.fuzz.seed=<n>} runs the test on another stream. */
    private static final long SEED = Long.getLong("tributary.fuzz.seed", 4);

    private static final Duration DEDUP_WINDOW = Duration.ofHours(1);
    private static final Duration ALLOWED_LATENESS = Duration.ofHours(2);
    private static final CleaningConfig CLEANING =
            new CleaningConfig(DEDUP_WINDOW, ALLOWED_LATENESS);

    @TempDir static Path temp;

    private static Streams streams;
    private static Path valid;
    private static Path messy;

    @BeforeAll
    static void writeStreams() throws IOException {
        streams =
                new BadRecordGenerator(SEED, ALLOWED_LATENESS)
                        .generate(BadRecordGenerator.bundledFlights(VALID), BAD);
        valid = Files.write(temp.resolve("valid.jsonl"), streams.valid());
        messy = temp.resolve("messy.jsonl");
        try (OutputStream out = Files.newOutputStream(messy)) {
            for (Line line : streams.messy()) {
                out.write(line.bytes());
                out.write('\n');
            }
        }
    }

    @Test
    void everyBadRecordIsDeadLetteredOnceWithItsReasonAndTheModelsAreThoseOfTheValidRecords()
            throws Exception {
        RunSummary clean = FlightsFileRuns.run(valid, temp, "valid", CLEANING);
        RunSummary dirty = FlightsFileRuns.run(messy, temp, "messy", CLEANING);

        assertThat(clean.deadLetters()).isZero();
        assertThat(clean.finalStatus().examples()).isEqualTo(VALID);

        Map<ReasonCode, Long> injected = streams.byReason();
        assertThat(injected.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(BAD);
        assertThat(dirty.deadLettersByReason()).isEqualTo(injected);
        assertThat(dirty.deadLetters()).isEqualTo(BAD);
        assertThat(summaryFileCounts("messy")).isEqualTo(injected);
        assertThat(dirty.events()).isEqualTo(streams.messyRecords()).isEqualTo(VALID + BAD);

        List<Written> written = deadLetters("messy");
        assertThat(written).hasSize(BAD);
        assertThat(differences(streams.expected(), written)).isEmpty();

        assertThat(dirty.finalStatus().examples()).isEqualTo(VALID);
        assertThat(dirty.finalStatus()).isEqualTo(clean.finalStatus());
        assertThat(FlightsFileRuns.published(temp, "messy"))
                .isNotEmpty()
                .isEqualTo(FlightsFileRuns.published(temp, "valid"));
    }

    /** {@code dead_letters_by_reason} as {@code summary.json} has it. */
    private static Map<ReasonCode, Long> summaryFileCounts(String name) throws IOException {
        JsonNode summary =
                new ObjectMapper().readTree(new RunLayout(temp.resolve(name)).summary().toFile());
        Map<ReasonCode, Long> counts = new EnumMap<>(ReasonCode.class);
        summary.get("dead_letters_by_reason")
                .fields()
                .forEachRemaining(
                        e -> counts.put(ReasonCode.valueOf(e.getKey()), e.getValue().asLong()));
        return counts;
    }

    /** A dead letter as the job wrote it: what the test compares, and its detail to show. */
    private record Written(Expected key, String detail) {}

    private static List<Written> deadLetters(String name) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Written> written = new ArrayList<>(BAD);
        try (BufferedReader lines =
                Files.newBufferedReader(
                        new RunLayout(temp.resolve(name)).deadLetters(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = lines.readLine()) != null) {
                JsonNode deadLetter = json.readTree(line);
                String detail = deadLetter.get("detail").asText();
                written.add(
                        new Written(
                                new Expected(
                                        deadLetter.get("id").asText(),
                                        ReasonCode.valueOf(deadLetter.get("reason").asText())),
                                detail.length() > 200 ? detail.substring(0, 200) + "…" : detail));
            }
        }
        return written;
    }

    /**
     * What differs between the dead letters expected and those written, as multisets: a few of the
     * missing and a few of the unexpected ones, with their details; empty when they are equal.
     */
    private static List<String> differences(List<Expected> expected, List<Written> written) {
        Map<Expected, Long> missing =
                expected.stream()
                        .collect(
                                Collectors.groupingBy(e -> e, HashMap::new, Collectors.counting()));
        List<String> differences = new ArrayList<>();
        for (Written w : written) {
            Long left = missing.get(w.key());
            if (left == null) {
                if (differences.size() < 20) {
                    differences.add("unexpected " + w.key() + ": " + w.detail());
                }
            } else if (left == 1) {
                missing.remove(w.key());
            } else {
                missing.put(w.key(), left - 1);
            }
        }
        missing.entrySet().stream()
                .limit(20)
                .forEach(e -> differences.add("missing " + e.getKey() + " x" + e.getValue()));
        return differences;
    }
}
