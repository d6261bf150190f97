package dev.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.DriftInjection;
import dev.tributary.core.model.RawEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayFileReaderTest {

    private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();

    @TempDir Path dir;

    // ------------------------------------------------------------------ CSV

    @Test
    void csvReadsHeaderNamedFieldsWithRowNumbersAsIds() throws IOException {
        List<RawEvent> events =
                readAll(
                        csv(
                                """
                        ts,user,amount
                        2024-03-01T10:00:00Z,alice,12.5
                        2024-03-01T10:00:01Z,bob,3
                        """));

        assertThat(events)
                .containsExactly(
                        RawEvent.of(
                                "1",
                                T0,
                                Map.of(
                                        "ts",
                                        "2024-03-01T10:00:00Z",
                                        "user",
                                        "alice",
                                        "amount",
                                        "12.5")),
                        RawEvent.of(
                                "2",
                                T0 + 1000,
                                Map.of(
                                        "ts",
                                        "2024-03-01T10:00:01Z",
                                        "user",
                                        "bob",
                                        "amount",
                                        "3")));
    }

    @Test
    void csvQuotedFieldsKeepCommasQuotesAndLineBreaks() throws IOException {
        List<RawEvent> events =
                readAll(
                        csv(
                                "ts,text,n\r\n"
                                        + "2024-03-01T10:00:00Z,\"a, b\",1\r\n"
                                        + "2024-03-01T10:00:00Z,\"say \"\"hi\"\"\",2\r\n"
                                        + "2024-03-01T10:00:00Z,\"two\nlines\",3\r\n"
                                        + "2024-03-01T10:00:00Z,plain \"quote\" inside,4\r\n"));

        assertThat(events)
                .extracting(e -> e.fields().get("text"))
                .containsExactly("a, b", "say \"hi\"", "two\nlines", "plain \"quote\" inside");
        assertThat(events).extracting(RawEvent::id).containsExactly("1", "2", "3", "4");
        assertThat(events).allMatch(RawEvent::isReadable);
    }

    @Test
    void csvEmptyFieldsAreAbsent() throws IOException {
        List<RawEvent> events =
                readAll(csv("ts,a,b,c\n2024-03-01T10:00:00Z,,\"\",x\n2024-03-01T10:00:00Z,1,2,\n"));

        assertThat(events.get(0).fields()).containsOnlyKeys("ts", "c");
        assertThat(events.get(1).fields()).containsOnlyKeys("ts", "a", "b");
        assertThat(events).allMatch(RawEvent::isReadable);
    }

    @Test
    void csvRowWithWrongColumnCountIsUnreadableWithItsText() throws IOException {
        List<RawEvent> events =
                readAll(
                        csv(
                                """
                        ts,a,b
                        2024-03-01T10:00:00Z,1
                        2024-03-01T10:00:00Z,1,2,3
                        2024-03-01T10:00:00Z,1,2
                        """));

        assertThat(events.get(0).isReadable()).isFalse();
        assertThat(events.get(0).problem()).isEqualTo("CSV row has 2 fields but the header has 3");
        assertThat(events.get(0).raw()).isEqualTo("2024-03-01T10:00:00Z,1");
        assertThat(events.get(0).eventTime()).isEqualTo(RawEvent.NO_TIME);
        assertThat(events.get(1).problem()).isEqualTo("CSV row has 4 fields but the header has 3");
        assertThat(events.get(2).isReadable()).isTrue();
        assertThat(events).extracting(RawEvent::id).containsExactly("1", "2", "3");
    }

    @Test
    void csvMalformedQuotesAreUnreadableAndDoNotSwallowLaterRows() throws IOException {
        List<RawEvent> events =
                readAll(
                        csv(
                                "ts,a\n"
                                        + "2024-03-01T10:00:00Z,\"closed\"garbage\n"
                                        + "2024-03-01T10:00:00Z,fine\n"
                                        + "2024-03-01T10:00:00Z,\"never closed\n"
                                        + "2024-03-01T10:00:00Z,swallowed by the open quote\n"));

        assertThat(events).hasSize(3);
        assertThat(events.get(0).problem())
                .isEqualTo("CSV field 2 has text after its closing quote");
        assertThat(events.get(0).raw()).isEqualTo("2024-03-01T10:00:00Z,\"closed\"garbage");
        assertThat(events.get(1).fields()).containsEntry("a", "fine");
        assertThat(events.get(2).problem()).isEqualTo("CSV field 2 has an unterminated quote");
        assertThat(events.get(2).raw())
                .isEqualTo(
                        "2024-03-01T10:00:00Z,\"never closed\n"
                                + "2024-03-01T10:00:00Z,swallowed by the open quote\n");
    }

    @Test
    void csvSkipsBlankLinesAndByteOrderMarkAndReadsLastLineWithoutTerminator() throws IOException {
        List<RawEvent> events =
                readAll(
                        csv(
                                "\uFEFFts,a\n\n2024-03-01T10:00:00Z,1\r\n\r\n\n2024-03-01T10:00:00Z,2"));

        assertThat(events).extracting(e -> e.fields().get("a")).containsExactly("1", "2");
        assertThat(events).extracting(RawEvent::id).containsExactly("1", "2");
        assertThat(events.get(0).fields()).containsOnlyKeys("ts", "a");
    }

    @Test
    void csvWithAnUnusableHeaderYieldsOnlyUnreadableRows() throws IOException {
        List<RawEvent> events = readAll(csv("ts,a,a\n2024-03-01T10:00:00Z,1,2\n"));

        assertThat(events).hasSize(1);
        assertThat(events.get(0).problem()).isEqualTo("CSV header names column 'a' twice");
        assertThat(events.get(0).raw()).isEqualTo("2024-03-01T10:00:00Z,1,2");
    }

    @Test
    void emptyFileHasNoRecords() throws IOException {
        assertThat(readAll(csv(""))).isEmpty();
        assertThat(readAll(csv("ts,a\n"))).isEmpty();
        assertThat(readAll(jsonl(""))).isEmpty();
    }

    @Test
    void idFieldGivesIdsAndAMissingIdFallsBackToAMarkedRowNumber() throws IOException {
        Path file = write("ids.csv", "id,ts\ne-7,2024-03-01T10:00:00Z\n,2024-03-01T10:00:00Z\n");
        List<RawEvent> events =
                readAll(
                        ReplayFileSettings.of(file.toString(), ReplayFormat.CSV, "ts", "iso")
                                .withIdField("id"));

        assertThat(events).extracting(RawEvent::id).containsExactly("e-7", "row-2");
    }

    @Test
    void missingOrBadEventTimeGivesNoTime() throws IOException {
        List<RawEvent> events = readAll(csv("ts,a\n,1\nyesterday,2\n2024-03-01T10:00:00Z,3\n"));

        assertThat(events)
                .extracting(RawEvent::eventTime)
                .containsExactly(RawEvent.NO_TIME, RawEvent.NO_TIME, T0);
        assertThat(events).allMatch(RawEvent::isReadable);

        Path noTimeColumn = write("no-ts.csv", "a\n1\n");
        assertThat(
                        readAll(
                                ReplayFileSettings.of(
                                        noTimeColumn.toString(), ReplayFormat.CSV, "ts", "iso")))
                .extracting(RawEvent::eventTime)
                .containsExactly(RawEvent.NO_TIME);
    }

    @Test
    void eventTimePatternIsReadInTheConfiguredZone() throws IOException {
        Path file = write("local.csv", "when,a\n2024-03-01T11:00,1\n2024-03-01T11:00,2\n");
        List<RawEvent> events =
                readAll(
                        ReplayFileSettings.of(
                                        file.toString(),
                                        ReplayFormat.CSV,
                                        "when",
                                        "yyyy-MM-dd'T'HH:mm")
                                .withZone("Europe/Paris"));

        assertThat(events).extracting(RawEvent::eventTime).containsExactly(T0, T0);
    }

    // ------------------------------------------------------------------ JSON Lines

    @Test
    void jsonlScalarsBecomeTextNullIsAbsentNestedValuesKeepTheirJson() throws IOException {
        List<RawEvent> events =
                readAll(
                        jsonl(
                                "{\"ts\": 1709287200000, \"s\": \"x\", \"f\": 1.50, \"b\": true,"
                                        + " \"n\": null, \"e\": \"\", \"o\": {\"k\": [1, 2]},"
                                        + " \"a\": [ {\"x\":1} ]}\n"));

        assertThat(events).hasSize(1);
        RawEvent event = events.get(0);
        assertThat(event.eventTime()).isEqualTo(T0);
        assertThat(event.fields())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "ts", "1709287200000",
                                "s", "x",
                                "f", "1.50",
                                "b", "true",
                                "o", "{\"k\": [1, 2]}",
                                "a", "[ {\"x\":1} ]"));
    }

    @Test
    void jsonlBadLinesAreUnreadableAndTheRestIsRead() throws IOException {
        List<RawEvent> events =
                readAll(
                        jsonl(
                                "{\"ts\": 1709287200000, \"v\": 1}\n"
                                        + "{\"ts\": 17092872\n"
                                        + "[1, 2]\n"
                                        + "\"text\"\n"
                                        + "{\"v\": 2} {\"v\": 3}\n"
                                        + "   \n"
                                        + "{\"ts\": 1709287200000, \"v\": 4}\r\n"));

        assertThat(events).extracting(RawEvent::id).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(events.get(0).isReadable()).isTrue();
        assertThat(events.get(1).problem()).startsWith("invalid JSON: ");
        assertThat(events.get(1).raw()).isEqualTo("{\"ts\": 17092872");
        assertThat(events.get(2).problem()).isEqualTo("JSON line is not an object");
        assertThat(events.get(3).problem()).isEqualTo("JSON line is not an object");
        assertThat(events.get(4).problem()).isEqualTo("JSON line has content after its object");
        assertThat(events.get(5).fields()).containsEntry("v", "4");
        assertThat(events.get(5).eventTime()).isEqualTo(T0);
    }

    @Test
    void jsonlIdField() throws IOException {
        Path file = write("ids.jsonl", "{\"id\": \"a\", \"ts\": 1}\n{\"id\": 42, \"ts\": 2}\n{}\n");
        List<RawEvent> events =
                readAll(
                        ReplayFileSettings.of(
                                        file.toString(),
                                        ReplayFormat.JSONL,
                                        "ts",
                                        EventTimeFormat.EPOCH_SECONDS)
                                .withIdField("id"));

        assertThat(events).extracting(RawEvent::id).containsExactly("a", "42", "row-3");
        assertThat(events)
                .extracting(RawEvent::eventTime)
                .containsExactly(1000L, 2000L, RawEvent.NO_TIME);
    }

    // ------------------------------------------------------------------ invalid UTF-8

    @Test
    void jsonlLinesWithBytesThatAreNotUtf8AreUnreadableAsTheKafkaDecodersFindThem()
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8("{\"id\": \"a\", \"ts\": 1, \"s\": \"ok \uFFFD\"}\n"));
        // A stray byte inside a string: JSON it would be, but the text is not what was sent.
        bytes.writeBytes(utf8("{\"id\": \"b\", \"ts\": 2, \"s\": \"A"));
        bytes.write(0xFF);
        bytes.writeBytes(utf8("TL\"}\n"));
        // Overlong, surrogate and cut sequences.
        bytes.writeBytes(utf8("{\"id\": \"c\", \"s\": \""));
        bytes.writeBytes(
                new byte[] {(byte) 0xC0, (byte) 0xAF, (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        bytes.writeBytes(utf8("\"}\n{\"id\": \"d\", \"ts\": 4, \"s\": \"\u00e9\"}\n"));
        bytes.writeBytes(utf8("{\"id\": \"e\", \"s\": \"x"));
        bytes.writeBytes(new byte[] {(byte) 0xE2, (byte) 0x82});
        Path file = dir.resolve("bad-utf8.jsonl");
        Files.write(file, bytes.toByteArray());

        List<RawEvent> events =
                readAll(
                        ReplayFileSettings.of(
                                        file.toString(),
                                        ReplayFormat.JSONL,
                                        "ts",
                                        EventTimeFormat.EPOCH_MILLIS)
                                .withIdField("id"));

        assertThat(events)
                .extracting(RawEvent::id)
                .containsExactly("a", "row-2", "row-3", "d", "row-5");
        assertThat(events.get(0).fields()).containsEntry("s", "ok \uFFFD");
        assertThat(events.get(1).isReadable()).isFalse();
        assertThat(events.get(1).problem())
                .isEqualTo("invalid UTF-8 at character 29 (shown as U+FFFD in the raw text)");
        assertThat(events.get(1).raw())
                .isEqualTo("{\"id\": \"b\", \"ts\": 2, \"s\": \"A\uFFFDTL\"}");
        assertThat(events.get(2).problem()).startsWith("invalid UTF-8 at character 19 ");
        assertThat(events.get(3).fields()).containsEntry("s", "\u00e9");
        assertThat(events.get(4).problem()).startsWith("invalid UTF-8 at character 20 ");
    }

    @Test
    void csvRowsWithBytesThatAreNotUtf8AreUnreadableAndAnUnreadableHeaderSpoilsEveryRow()
            throws IOException {
        Path rows = dir.resolve("bad-utf8-row.csv");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(utf8("ts,city\n2024-03-01T10:00:00Z,K\u00f6ln\n2024-03-01T10:00:00Z,K"));
        bytes.write(0xF6); // Latin-1, not UTF-8
        bytes.writeBytes(utf8("ln\n2024-03-01T10:00:00Z,\"multi\nline\"\n"));
        Files.write(rows, bytes.toByteArray());

        List<RawEvent> events =
                readAll(ReplayFileSettings.of(rows.toString(), ReplayFormat.CSV, "ts", "iso"));

        assertThat(events).extracting(RawEvent::isReadable).containsExactly(true, false, true);
        assertThat(events.get(0).fields()).containsEntry("city", "K\u00f6ln");
        assertThat(events.get(1).problem()).startsWith("invalid UTF-8 at character 23 ");
        assertThat(events.get(2).fields()).containsEntry("city", "multi\nline");

        Path header = dir.resolve("bad-utf8-header.csv");
        bytes.reset();
        bytes.writeBytes(utf8("ts,c"));
        bytes.write(0xF6);
        bytes.writeBytes(utf8("l\n2024-03-01T10:00:00Z,1\n"));
        Files.write(header, bytes.toByteArray());

        assertThat(readAll(ReplayFileSettings.of(header.toString(), ReplayFormat.CSV, "ts", "iso")))
                .singleElement()
                .satisfies(
                        event ->
                                assertThat(event.problem())
                                        .startsWith("CSV header is unreadable: invalid UTF-8"));
    }

    @Test
    void invalidUtf8IsFoundInTheRightRecordAcrossBufferBoundariesAndWhenSkipping()
            throws IOException {
        // Records of varied length, some holding multi-byte text, every seventh a stray byte: the
        // reader's 64 K buffers cut records, characters and stray bytes at every possible place.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int records = 3_000;
        for (int i = 0; i < records; i++) {
            bytes.writeBytes(
                    utf8(
                            "{\"ts\": "
                                    + i
                                    + ", \"s\": \"<"
                                    + "\u20ac".repeat(i % 50)
                                    + "x".repeat(i % 37)));
            if (i % 7 == 3) {
                bytes.write(0x80);
            }
            bytes.writeBytes(utf8("\"}\n"));
            if (i % 11 == 0) {
                bytes.writeBytes(utf8("  \n"));
            }
        }
        Path file = dir.resolve("many.jsonl");
        Files.write(file, bytes.toByteArray());
        ReplayFileSettings settings =
                ReplayFileSettings.of(
                        file.toString(), ReplayFormat.JSONL, "ts", EventTimeFormat.EPOCH_MILLIS);

        List<RawEvent> events = readAll(settings);

        assertThat(events).hasSize(records);
        for (int i = 0; i < records; i++) {
            RawEvent event = events.get(i);
            assertThat(event.isReadable()).as("record %d", i).isEqualTo(i % 7 != 3);
            if (event.isReadable()) {
                assertThat(event.eventTime()).isEqualTo(i);
                assertThat(event.fields().get("s")).hasSize(1 + i % 50 + i % 37);
            }
        }
        for (int skip : new int[] {1, 3, 4, 1_000, 2_001}) {
            try (ReplayFileReader reader = ReplayFileReader.open(settings)) {
                assertThat(reader.skip(skip)).isEqualTo(skip);
                assertThat(drain(reader)).isEqualTo(events.subList(skip, records));
            }
        }
    }

    @Test
    void jsonlStringsThatAreNotUnicodeAreUnreadableWithoutRepeatingThem() throws IOException {
        List<RawEvent> events =
                readAll(
                        jsonl(
                                "{\"ts\": 1, \"s\": \"a\\ud800b\"}\n"
                                        + "{\"ts\": 2, \"s\": \"\\ude00\\ud83d\"}\n"
                                        + "{\"ts\": 3, \"\\udc00\": \"key\"}\n"
                                        + "{\"ts\": 4, \"s\": \"\\ud83d\\ude00\"}\n"
                                        + "{\"ts\": 5, \"nested\": [\"\\ud800\"]}\n"));

        assertThat(events)
                .extracting(RawEvent::isReadable)
                .containsExactly(false, false, false, true, true);
        assertThat(events.get(0).problem())
                .isEqualTo(
                        "JSON line has a string that is not Unicode (an unpaired surrogate escape)"
                                + " in field s");
        assertThat(events.get(0).raw()).isEqualTo("{\"ts\": 1, \"s\": \"a\\ud800b\"}");
        // A key the JSON parser refuses by itself.
        assertThat(events.get(2).problem()).startsWith("invalid JSON: ");
        assertThat(events.get(3).fields()).containsEntry("s", "\ud83d\ude00");
        // Nested values are kept as the JSON text they are, escapes and all.
        assertThat(events.get(4).fields()).containsEntry("nested", "[\"\\ud800\"]");
    }

    // ------------------------------------------------------------------ injected drift

    @Test
    void injectedDriftFlipsTheLabelsOfTheSameRoutesFromItsTimeOnAndLeavesTheRestAsRead()
            throws IOException {
        StringBuilder text = new StringBuilder("ts,origin,dest,delayed\n");
        String[] airports = {"ATL", "ORD", "DFW", "LAX", "DEN", "SFO", "PHX", "LAS", "IAH", "DTW"};
        for (int hour = 0; hour < 4; hour++) {
            for (String origin : airports) {
                for (String dest : airports) {
                    text.append("2024-03-01T1")
                            .append(hour)
                            .append(":00:00Z,")
                            .append(origin)
                            .append(',')
                            .append(dest)
                            .append(',')
                            .append((origin + dest).length() % 2 == 0 ? 1 : 0)
                            .append('\n');
                }
            }
        }
        text.append("2024-03-01T13:00:00Z,ATL,ORD,maybe\n");
        text.append("2024-03-01T13:00:00Z,ATL,,1\n");
        DriftInjection drift =
                new DriftInjection(
                        Instant.parse("2024-03-01T12:00:00Z"),
                        "delayed",
                        List.of("origin", "dest"),
                        0.3);
        List<RawEvent> plain = readAll(csv(text.toString()));
        List<RawEvent> drifted =
                readAll(
                        new ReplayFileSettings(
                                csv(text.toString()).path(),
                                ReplayFormat.CSV,
                                "ts",
                                "iso",
                                "UTC",
                                null,
                                0,
                                0,
                                drift));

        assertThat(drifted).hasSameSizeAs(plain);
        int flipped = 0;
        Map<String, Boolean> routeFlipped = new java.util.HashMap<>();
        for (int i = 0; i < plain.size(); i++) {
            RawEvent before = plain.get(i);
            RawEvent after = drifted.get(i);
            String label = before.fields().get("delayed");
            boolean changed = !after.fields().equals(before.fields());
            if (before.eventTime() < drift.after().toEpochMilli()
                    || !("0".equals(label) || "1".equals(label))
                    || !before.fields().containsKey("dest")) {
                assertThat(changed).as("event %s", before.id()).isFalse();
                continue;
            }
            String route = before.fields().get("origin") + "-" + before.fields().get("dest");
            Boolean earlier = routeFlipped.putIfAbsent(route, changed);
            assertThat(earlier == null || earlier == changed)
                    .as("route %s flips always or never", route)
                    .isTrue();
            if (changed) {
                flipped++;
                assertThat(after.fields().get("delayed")).isEqualTo("1".equals(label) ? "0" : "1");
                assertThat(after.id()).isEqualTo(before.id());
                assertThat(after.eventTime()).isEqualTo(before.eventTime());
            }
        }
        // 200 drifted events over 100 routes; about 30% of the routes flip.
        assertThat(flipped).isBetween(40, 80);
        assertThat(flipped % 2).isZero();
    }

    // ------------------------------------------------------------------ gzip, limits, skipping

    @Test
    void gzippedFilesAreDetectedByContent() throws IOException {
        String csvText = "ts,a\n2024-03-01T10:00:00Z,1\n2024-03-01T10:00:00Z,2\n";
        Path gz = dir.resolve("events.csv.gz");
        Files.write(gz, gzip(csvText));
        Path gzWithoutSuffix = dir.resolve("events-compressed.csv");
        Files.write(gzWithoutSuffix, gzip(csvText));

        List<RawEvent> plain = readAll(csv(csvText));
        assertThat(readAll(ReplayFileSettings.of(gz.toString(), ReplayFormat.CSV, "ts", "iso")))
                .hasSize(2)
                .isEqualTo(plain);
        assertThat(
                        readAll(
                                ReplayFileSettings.of(
                                        gzWithoutSuffix.toString(), ReplayFormat.CSV, "ts", "iso")))
                .isEqualTo(plain);

        Path jsonGz = dir.resolve("events.jsonl.gz");
        Files.write(jsonGz, gzip("{\"ts\": \"2024-03-01T10:00:00Z\"}\n"));
        assertThat(
                        readAll(
                                ReplayFileSettings.of(
                                        jsonGz.toString(), ReplayFormat.JSONL, "ts", "iso")))
                .extracting(RawEvent::eventTime)
                .containsExactly(T0);
    }

    @Test
    void truncatedGzipFailsTheReadInsteadOfEndingQuietly() throws IOException {
        StringBuilder text = new StringBuilder("ts,a\n");
        for (int i = 0; i < 20_000; i++) {
            text.append("2024-03-01T10:00:00Z,").append(i * 7919L % 100_003).append('\n');
        }
        byte[] full = gzip(text.toString());
        Path truncated = dir.resolve("truncated.csv.gz");
        Files.write(truncated, Arrays.copyOf(full, full.length / 2));

        assertThatThrownBy(
                        () ->
                                readAll(
                                        ReplayFileSettings.of(
                                                truncated.toString(),
                                                ReplayFormat.CSV,
                                                "ts",
                                                "iso")))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("truncated.csv.gz");
    }

    @Test
    void maxEventsStopsTheReplay() throws IOException {
        ReplayFileSettings settings = csv(rows(10)).withMaxEvents(4);

        assertThat(readAll(settings)).extracting(RawEvent::id).containsExactly("1", "2", "3", "4");
        try (ReplayFileReader reader = ReplayFileReader.open(settings)) {
            assertThat(reader.skip(10)).isEqualTo(4);
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void skipResumesAtTheSamePositionAsReadingAcrossMultiLineRecords() throws IOException {
        StringBuilder text = new StringBuilder("ts,note,n\n");
        for (int i = 1; i <= 50; i++) {
            String note = i % 3 == 0 ? "\"line one\nline \"\"two\"\", with comma\"" : "plain" + i;
            text.append("2024-03-01T10:00:00Z,").append(note).append(',').append(i).append('\n');
            if (i % 7 == 0) {
                text.append('\n');
            }
        }
        ReplayFileSettings settings = csv(text.toString());
        List<RawEvent> all = readAll(settings);
        assertThat(all).hasSize(50).allMatch(RawEvent::isReadable);

        for (int position : new int[] {0, 1, 3, 17, 49, 50}) {
            try (ReplayFileReader reader = ReplayFileReader.open(settings)) {
                assertThat(reader.skip(position)).isEqualTo(position);
                assertThat(reader.position()).isEqualTo(position);
                List<RawEvent> rest = drain(reader);
                assertThat(rest).isEqualTo(all.subList(position, 50));
                assertThat(reader.position()).isEqualTo(50);
            }
        }
        try (ReplayFileReader reader = ReplayFileReader.open(settings)) {
            assertThat(reader.skip(60)).isEqualTo(50);
            assertThat(reader.hasNext()).isFalse();
        }
    }

    @Test
    void skipAfterHasNextConsumesTheLookaheadFirst() throws IOException {
        try (ReplayFileReader reader = ReplayFileReader.open(jsonl(jsonRows(5)))) {
            assertThat(reader.hasNext()).isTrue();
            assertThat(reader.skip(2)).isEqualTo(2);
            assertThat(reader.next().id()).isEqualTo("3");
            assertThat(reader.position()).isEqualTo(3);
            assertThat(reader.skip(0)).isZero();
            assertThat(drain(reader)).extracting(RawEvent::id).containsExactly("4", "5");
            assertThatThrownBy(reader::next).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void readsAcrossBufferBoundaries() throws IOException {
        // Long rows so that many records straddle the reader's 64 K character buffer.
        String padding = "x".repeat(1000);
        StringBuilder text = new StringBuilder("ts,pad,\"quoted, header\"\n");
        for (int i = 0; i < 500; i++) {
            text.append("2024-03-01T10:00:00Z,")
                    .append(padding)
                    .append(",\"")
                    .append(i)
                    .append(",\"\"")
                    .append(padding)
                    .append("\"\n");
        }
        List<RawEvent> events = readAll(csv(text.toString()));

        assertThat(events).hasSize(500).allMatch(RawEvent::isReadable);
        assertThat(events.get(499).fields().get("quoted, header")).isEqualTo("499,\"" + padding);
        try (ReplayFileReader reader = ReplayFileReader.open(csv(text.toString()))) {
            assertThat(reader.skip(321)).isEqualTo(321);
            assertThat(reader.next().fields().get("quoted, header")).startsWith("321,\"");
        }
    }

    @Test
    void readsFromAnOpenStream() throws IOException {
        ReplayFileSettings settings =
                ReplayFileSettings.of("in-memory", ReplayFormat.CSV, "ts", "iso");
        byte[] bytes = gzip("ts,a\n2024-03-01T10:00:00Z,1\n");
        try (ReplayFileReader reader =
                ReplayFileReader.open(settings, new ByteArrayInputStream(bytes))) {
            assertThat(drain(reader)).extracting(RawEvent::eventTime).containsExactly(T0);
        }
    }

    // ------------------------------------------------------------------ helpers

    private ReplayFileSettings csv(String text) throws IOException {
        Path file = Files.createTempFile(dir, "replay", ".csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return ReplayFileSettings.of(file.toString(), ReplayFormat.CSV, "ts", "iso");
    }

    private ReplayFileSettings jsonl(String text) throws IOException {
        Path file = Files.createTempFile(dir, "replay", ".jsonl");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return ReplayFileSettings.of(
                file.toString(), ReplayFormat.JSONL, "ts", EventTimeFormat.EPOCH_MILLIS);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String rows(int count) {
        StringBuilder text = new StringBuilder("ts,n\n");
        for (int i = 1; i <= count; i++) {
            text.append("2024-03-01T10:00:00Z,").append(i).append('\n');
        }
        return text.toString();
    }

    private static String jsonRows(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append("{\"ts\": ").append(T0 + i).append(", \"n\": ").append(i).append("}\n");
        }
        return text.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static List<RawEvent> readAll(ReplayFileSettings settings) throws IOException {
        try (ReplayFileReader reader = ReplayFileReader.open(settings)) {
            return drain(reader);
        }
    }

    private static List<RawEvent> drain(ReplayFileReader reader) {
        List<RawEvent> events = new ArrayList<>();
        while (reader.hasNext()) {
            events.add(reader.next());
        }
        return events;
    }
}
