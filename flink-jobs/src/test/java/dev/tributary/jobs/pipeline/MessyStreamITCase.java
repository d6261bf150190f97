package dev.tributary.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.CleaningConfig;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.jobs.run.RunSummary;
import dev.tributary.jobs.testing.FlightsCsv;
import dev.tributary.jobs.testing.FlightsFileRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A messy stream, as retrying producers and broken clients make it: the valid flights with repeats
 * of earlier events, events ten hours late, lines that are not JSON, numbers that are NaN or
 * infinite, and unknown fields. Every bad record must be dead-lettered with its reason, and the
 * models must be bit for bit those trained on the valid records alone.
 */
class MessyStreamITCase {

    private static final CleaningConfig CLEANING =
            new CleaningConfig(Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(1));

    private static final int VALID = 20_000;

    @TempDir static Path temp;

    private static Path valid;
    private static Path messy;
    private static final Map<ReasonCode, Long> INJECTED = new EnumMap<>(ReasonCode.class);

    @BeforeAll
    static void writeStreams() throws Exception {
        List<String[]> flights = FlightsCsv.rows(VALID);
        List<String> validLines = new ArrayList<>();
        List<String> messyLines = new ArrayList<>();
        for (int i = 0; i < flights.size(); i++) {
            String[] f = flights.get(i);
            String line = json(String.valueOf(i + 1), f[0], f[3], f);
            validLines.add(line);
            // Unknown fields change nothing.
            messyLines.add(i % 7 == 0 ? line.replace("{", "{\"gate\":\"B12\",") : line);
            if (i % 97 == 50) {
                String[] earlier = flights.get(i - 3);
                messyLines.add(json(String.valueOf(i - 2), earlier[0], earlier[3], earlier));
                INJECTED.merge(ReasonCode.DUPLICATE, 1L, Long::sum);
            }
            if (i % 1000 == 999) {
                String tenHoursEarlier = LocalDateTime.parse(f[0]).minusHours(10).toString();
                messyLines.add(json("late-" + i, tenHoursEarlier, f[3], f));
                INJECTED.merge(ReasonCode.LATE, 1L, Long::sum);
            }
            if (i == 100) {
                // Rejected, so its time must not count: dated months ahead, it would otherwise
                // move the watermark past every dedup window, and repeats would be trained on.
                String future = json("future", "2001-12-31T00:00", f[3], f);
                messyLines.add(future.replace("\"delayed\":" + f[7], "\"delayed\":\"maybe\""));
                INJECTED.merge(ReasonCode.BAD_LABEL, 1L, Long::sum);
            }
            if (i == 200) {
                // Valid but dated centuries ahead of the clock: rejected, so that it moves
                // neither event time nor the lateness rule (which would make the rest LATE).
                messyLines.add(json("from-the-future", "2999-01-01T00:00", f[3], f));
                INJECTED.merge(ReasonCode.BAD_TIMESTAMP, 1L, Long::sum);
            }
            if (i % 500 == 250) {
                messyLines.add("{\"id\":\"broken-" + i + "\",\"ts\":\"" + f[0]);
                messyLines.add(json("nan-" + i, f[0], "NaN", f));
                messyLines.add(json("inf-" + i, f[0], "-Infinity", f));
                INJECTED.merge(ReasonCode.MALFORMED, 1L, Long::sum);
                INJECTED.merge(ReasonCode.NOT_FINITE, 2L, Long::sum);
            }
        }
        valid = Files.write(temp.resolve("valid.jsonl"), validLines);
        messy = Files.write(temp.resolve("messy.jsonl"), messyLines);
    }

    /** A flight as a JSON line: ts, dow, hour, distance, origin, dest, arr_delay, delayed. */
    private static String json(String id, String ts, String distance, String[] f) {
        return "{\"id\":\""
                + id
                + "\",\"ts\":\""
                + ts
                + "\",\"dow\":"
                + f[1]
                + ",\"hour\":"
                + f[2]
                + ",\"distance\":\""
                + distance
                + "\",\"origin\":\""
                + f[4]
                + "\",\"dest\":\""
                + f[5]
                + "\",\"delayed\":"
                + f[7]
                + "}";
    }

    @Test
    void badRecordsAreDeadLetteredWithTheirReasonAndTheModelsAreThoseOfTheValidRecordsAlone()
            throws Exception {
        RunSummary clean = FlightsFileRuns.run(valid, temp, "valid", CLEANING);
        RunSummary dirty = FlightsFileRuns.run(messy, temp, "messy", CLEANING);

        assertThat(clean.deadLetters()).isZero();
        assertThat(dirty.deadLettersByReason()).isEqualTo(INJECTED);
        long injected = INJECTED.values().stream().mapToLong(Long::longValue).sum();
        assertThat(dirty.events()).isEqualTo(VALID + injected);
        assertThat(dirty.finalStatus().examples()).isEqualTo(VALID);
        assertThat(dirty.finalStatus()).isEqualTo(clean.finalStatus());
        assertThat(FlightsFileRuns.published(temp, "messy"))
                .isNotEmpty()
                .isEqualTo(FlightsFileRuns.published(temp, "valid"));
    }
}
