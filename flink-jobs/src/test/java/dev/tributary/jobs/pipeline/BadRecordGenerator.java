package dev.tributary.jobs.pipeline;

import dev.tributary.core.model.ReasonCode;
import dev.tributary.jobs.testing.FlightsCsv;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Bad records of every kind that broken producers, retrying clients and bit rot send, each with the
 * reason code the pipeline must dead-letter it with, mixed into a stream of valid flights; seeded,
 * so that a seed gives the same bytes every time.
 *
 * <p>Two streams come out: the valid flights alone, as JSON Lines, and the messy stream, which
 * holds the same flights in the same order, some of them written differently but meaning the same
 * (unknown extra fields, other key orders and spacing, numbers as strings and back, {@code true}
 * for {@code 1}, escaped characters, CRLF line ends), the bad records between them, and blank
 * lines, which are no records at all. A valid event with unknown fields is valid: it must be
 * trained on exactly as the same event without them, so it stands in the messy stream where the
 * valid stream has its plain form.
 *
 * <p>Each bad record has exactly one fault, chosen so that the first check it fails is the one
 * meant: the record cannot be read at all ({@link ReasonCode#MALFORMED}), or its time ({@link
 * ReasonCode#BAD_TIMESTAMP}), one feature field ({@link ReasonCode#MISSING_FIELD}, {@link
 * ReasonCode#BAD_TYPE}, {@link ReasonCode#NOT_FINITE}, {@link ReasonCode#OUT_OF_RANGE}) or its
 * label ({@link ReasonCode#BAD_LABEL}) is wrong, or it is a valid event that repeats an earlier id
 * ({@link ReasonCode#DUPLICATE}) or comes too late ({@link ReasonCode#LATE}). Records whose id the
 * reader cannot take from them are expected under the id the replay reader gives them, {@code
 * row-<n>} for the n-th record of the file.
 *
 * <p>The feature spec assumed is the flights demo's: categories {@code dow}, {@code hour}, {@code
 * origin}, {@code dest}; the number {@code distance} with {@code log1p}; the label {@code delayed};
 * the time {@code ts} as {@code yyyy-MM-dd'T'HH:mm}; the id {@code id}.
 */
final class BadRecordGenerator {

    /** One mebibyte: the length of the huge strings. */
    static final int HUGE = 1 << 20;

    /** Nesting far deeper than the JSON reader accepts (it stops at 1,000). */
    static final int TOO_DEEP = 10_000;

    /** Nesting that a reader must take in its stride. */
    static final int DEEP = 100;

    /**
     * How far back a duplicate may repeat a valid event, in valid events; it goes back less far
     * where the stream is sparse (at night), so as to stay within the allowed lateness less {@link
     * #DUPLICATE_MARGIN}.
     */
    static final int DUPLICATE_REACH = 200;

    /**
     * How far back a duplicate may repeat a valid event, as the allowed lateness less this: a
     * repeat older than the allowed lateness is {@link ReasonCode#LATE}, which is judged first.
     */
    static final Duration DUPLICATE_MARGIN = Duration.ofMinutes(10);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    /** The feature fields in the order the cleaner checks them. */
    private static final List<String> FEATURES =
            List.of("dow", "hour", "distance", "origin", "dest");

    /** A kind of bad record, with how many of every 100,000 are of that kind. */
    enum Kind {
        /** A valid line cut short. */
        TRUNCATED(12_000),
        /**
         * Not JSON: single quotes, bare keys, trailing commas, comments, two objects, bad escapes,
         * control characters, leading zeros and plus signs, hex, bare words, garbage.
         */
        INVALID_JSON(10_000),
        /** Bytes that are not UTF-8, inside a string or between tokens. */
        INVALID_UTF8(8_000),
        /** A string or key that escapes half a surrogate pair: JSON, but not Unicode. */
        UNPAIRED_SURROGATE(2_000),
        /** JSON, but not an object: arrays, numbers, strings, {@code null}, booleans. */
        NOT_AN_OBJECT(8_000),
        /** {@code NaN} or an infinity as a bare JSON token, which JSON does not have. */
        NON_FINITE_TOKEN(4_000),
        /** Objects or arrays nested {@value #TOO_DEEP} deep. */
        TOO_DEEP(30),
        /** An object or array nested {@value #DEEP} deep where a number, time or label belongs. */
        DEEP_VALUE(1_000),
        /** A string of {@value #HUGE} characters as a number, time or label, or as a key. */
        HUGE_VALUE(4),
        /** A required field absent, {@code null}, empty, blank or its key in capitals. */
        MISSING_FIELD(10_000),
        /** The time absent, blank, unreadable or not a string. */
        BAD_TIMESTAMP(8_000),
        /** The number field as a word, an object, an array or a boolean. */
        WRONG_TYPE(10_000),
        /** The number field as the text of {@code NaN} or an infinity, or too large a number. */
        NOT_FINITE(8_000),
        /** A distance of -1 or less, where {@code log1p} is undefined. */
        OUT_OF_RANGE(2_000),
        /** A label that is neither 0/1 nor true/false. */
        BAD_LABEL(6_000),
        /** A valid event again, with the id of one of the last valid events. */
        DUPLICATE(6_000),
        /** A valid event older than the newest before it by more than the allowed lateness. */
        LATE(4_966);

        final int per100k;

        Kind(int per100k) {
            this.per100k = per100k;
        }
    }

    /**
     * One line of a generated stream.
     *
     * @param bytes the line without its terminator
     * @param kind the kind of bad record, or {@code null} for a valid event or a blank line
     * @param expected the dead letter it must yield, or {@code null} for a valid event or a blank
     *     line
     */
    record Line(byte[] bytes, Kind kind, Expected expected) {

        boolean isBlank() {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }

        boolean isBad() {
            return expected != null;
        }
    }

    /** A dead letter the job must write: the event id it carries and its reason. */
    record Expected(String id, ReasonCode reason) {}

    /**
     * The generated streams.
     *
     * @param valid the valid flights alone, one JSON line each
     * @param messy the same flights, the bad records and the blank lines
     */
    record Streams(List<String> valid, List<Line> messy) {

        /** The dead letters the messy stream must yield, in stream order. */
        List<Expected> expected() {
            return messy.stream().filter(Line::isBad).map(Line::expected).toList();
        }

        Map<ReasonCode, Long> byReason() {
            Map<ReasonCode, Long> counts = new EnumMap<>(ReasonCode.class);
            expected().forEach(e -> counts.merge(e.reason(), 1L, Long::sum));
            return counts;
        }

        Map<Kind, Long> byKind() {
            Map<Kind, Long> counts = new EnumMap<>(Kind.class);
            messy.stream().filter(Line::isBad).forEach(l -> counts.merge(l.kind(), 1L, Long::sum));
            return counts;
        }

        /** Records the reader sees in the messy stream: its lines less the blank ones. */
        long messyRecords() {
            return messy.stream().filter(l -> !l.isBlank()).count();
        }

        /** Valid events that the messy stream writes differently from the valid stream. */
        long rewritten() {
            long count = 0;
            int v = 0;
            for (Line line : messy) {
                if (!line.isBad() && !line.isBlank()) {
                    String text = new String(line.bytes(), StandardCharsets.UTF_8);
                    count += text.equals(valid.get(v++)) ? 0 : 1;
                }
            }
            return count;
        }
    }

    /** A flight as the valid stream writes it. */
    record Flight(
            String id,
            String ts,
            String dow,
            String hour,
            String distance,
            String origin,
            String dest,
            String delayed) {

        /**
         * @param csv a row of the bundled flights file: ts, dow, hour, distance, origin, dest,
         *     arr_delay, delayed
         */
        static Flight fromCsv(String id, String[] csv) {
            return new Flight(id, csv[0], csv[1], csv[2], csv[3], csv[4], csv[5], csv[7]);
        }

        LocalDateTime time() {
            return LocalDateTime.parse(ts, TIME);
        }

        /** Its JSON members, as the valid stream writes them (the shape MessyStreamITCase uses). */
        List<Member> members() {
            List<Member> members = new ArrayList<>(8);
            members.add(new Member("id", quote(id)));
            members.add(new Member("ts", quote(ts)));
            members.add(new Member("dow", dow));
            members.add(new Member("hour", hour));
            members.add(new Member("distance", quote(distance)));
            members.add(new Member("origin", quote(origin)));
            members.add(new Member("dest", quote(dest)));
            members.add(new Member("delayed", delayed));
            return members;
        }

        String json() {
            return render(members());
        }
    }

    /** A JSON object member: its name and its value as JSON text. */
    record Member(String name, String json) {}

    /** The first {@code count} flights of the bundled file, in time order, with ids 1, 2, ... */
    static List<Flight> bundledFlights(int count) throws IOException {
        List<Flight> flights = new ArrayList<>(count);
        List<String[]> rows = FlightsCsv.rows(count);
        for (int i = 0; i < rows.size(); i++) {
            flights.add(Flight.fromCsv(String.valueOf(i + 1), rows.get(i)));
        }
        return flights;
    }

    private final Random random;
    private final Duration allowedLateness;
    private int nextBadId;
    private int nextHuge;

    /**
     * @param allowedLateness the job's {@code cleaning.allowed-lateness}: late events are made
     *     later than that
     */
    BadRecordGenerator(long seed, Duration allowedLateness) {
        this.random = new Random(seed);
        this.allowedLateness = allowedLateness;
    }

    /**
     * Mixes {@code badCount} bad records into {@code flights}, which must be in time order.
     *
     * @param badCount how many bad records, shared among the kinds as {@link Kind#per100k} says, at
     *     least one of each
     */
    Streams generate(List<Flight> flights, int badCount) {
        List<Kind> kinds = quotas(badCount);
        Collections.shuffle(kinds, random);
        int[] badAfter = new int[flights.size()];
        for (int k = 0; k < badCount; k++) {
            badAfter[random.nextInt(flights.size())]++;
        }
        // A few valid events carry a huge or deeply nested unknown field.
        Set<Integer> hugeUnknown = pick(flights.size(), 2);
        Set<Integer> deepUnknown = pick(flights.size(), 50);

        List<String> valid = new ArrayList<>(flights.size());
        List<Line> messy = new ArrayList<>(flights.size() + badCount + flights.size() / 50);
        int records = 0;
        int nextKind = 0;
        LocalDateTime newest = null;
        for (int i = 0; i < flights.size(); i++) {
            Flight flight = flights.get(i);
            String plain = flight.json();
            valid.add(plain);
            String written;
            if (hugeUnknown.contains(i)) {
                written = withMember(flight, new Member("comment", quote("c".repeat(HUGE))));
            } else if (deepUnknown.contains(i)) {
                written =
                        withMember(flight, new Member("trace", nested(DEEP, random.nextBoolean())));
            } else if (random.nextInt(4) == 0) {
                written = rewrite(flight);
            } else {
                written = plain;
            }
            messy.add(new Line(utf8(written), null, null));
            records++;
            LocalDateTime time = flight.time();
            newest = newest == null || time.isAfter(newest) ? time : newest;
            for (int b = 0; b < badAfter[i]; b++) {
                Kind kind = kinds.get(nextKind++);
                Bad bad = bad(kind, flights, i, newest);
                records++;
                String id = bad.id() != null ? bad.id() : "row-" + records;
                messy.add(new Line(bad.bytes(), kind, new Expected(id, bad.reason())));
            }
            if (random.nextInt(50) == 0) {
                messy.add(new Line(utf8(pickOne("", " ", "\t", "\r", "  \t ")), null, null));
            }
        }
        return new Streams(valid, messy);
    }

    private List<Kind> quotas(int badCount) {
        Kind[] all = Kind.values();
        int[] counts = new int[all.length];
        int total = 0;
        int largest = 0;
        for (int k = 0; k < all.length; k++) {
            counts[k] = Math.max(1, (int) ((long) badCount * all[k].per100k / 100_000));
            total += counts[k];
            largest = counts[k] > counts[largest] ? k : largest;
        }
        counts[largest] += badCount - total;
        if (counts[largest] < 1) {
            throw new IllegalArgumentException(
                    "badCount " + badCount + " is too small for one record of each kind");
        }
        List<Kind> kinds = new ArrayList<>(badCount);
        for (int k = 0; k < all.length; k++) {
            kinds.addAll(Collections.nCopies(counts[k], all[k]));
        }
        return kinds;
    }

    // ------------------------------------------------------------------ bad records

    /**
     * A bad record.
     *
     * @param id the id its dead letter carries, or {@code null} when the reader cannot take one
     *     from it and gives it its row number
     */
    private record Bad(byte[] bytes, ReasonCode reason, String id) {

        static Bad malformed(String text) {
            return new Bad(utf8(text), ReasonCode.MALFORMED, null);
        }
    }

    private Bad bad(Kind kind, List<Flight> flights, int i, LocalDateTime newest) {
        Flight flight = flights.get(i);
        return switch (kind) {
            case TRUNCATED -> truncated(flight);
            case INVALID_JSON -> Bad.malformed(invalidJson(flight));
            case INVALID_UTF8 -> invalidUtf8(flight);
            case UNPAIRED_SURROGATE -> Bad.malformed(unpairedSurrogate(flight));
            case NOT_AN_OBJECT -> Bad.malformed(notAnObject(flight));
            case NON_FINITE_TOKEN ->
                    Bad.malformed(
                            withValue(
                                    flight.members(),
                                    "distance",
                                    pickOne("NaN", "Infinity", "-Infinity", "+Infinity", "nan")));
            case TOO_DEEP -> Bad.malformed(tooDeep(flight));
            case DEEP_VALUE -> deepValue(flight);
            case HUGE_VALUE -> hugeValue(flight);
            case MISSING_FIELD -> missingField(flight);
            case BAD_TIMESTAMP -> badTimestamp(flight);
            case WRONG_TYPE ->
                    fieldFault(
                            flight,
                            "distance",
                            pickOne(
                                    quote("abc"),
                                    quote("12km"),
                                    quote("1,000"),
                                    quote("1 000"),
                                    quote("--5"),
                                    quote("5-"),
                                    quote("1e"),
                                    quote("."),
                                    quote("infinity"),
                                    quote("nan"),
                                    quote("0x"),
                                    quote("\u0661\u0662"),
                                    "true",
                                    "false",
                                    "{\"km\":12}",
                                    "{}",
                                    "[1,2]",
                                    "[]"),
                            ReasonCode.BAD_TYPE);
            case NOT_FINITE ->
                    fieldFault(
                            flight,
                            "distance",
                            pickOne(
                                    quote("NaN"),
                                    quote("Infinity"),
                                    quote("-Infinity"),
                                    quote("+Infinity"),
                                    quote(" NaN "),
                                    quote("1e999"),
                                    quote("-1e999"),
                                    // A number token too large for a double.
                                    "9".repeat(400)),
                            ReasonCode.NOT_FINITE);
            case OUT_OF_RANGE ->
                    fieldFault(
                            flight,
                            "distance",
                            pickOne(
                                    quote("-1"),
                                    quote("-1.0"),
                                    quote("-2.5"),
                                    quote("-5000"),
                                    "-3"),
                            ReasonCode.OUT_OF_RANGE);
            case BAD_LABEL ->
                    fieldFault(
                            flight,
                            "delayed",
                            pickOne(
                                    quote("maybe"),
                                    quote("tru"),
                                    quote("NaN"),
                                    quote("delayed"),
                                    "2",
                                    "-1",
                                    "0.5",
                                    "{\"v\":1}",
                                    "[1]",
                                    "[]"),
                            ReasonCode.BAD_LABEL);
            case DUPLICATE -> duplicate(flights, i, newest);
            case LATE -> late(flights, i, newest);
        };
    }

    /** A line cut after its opening brace and before its closing one. */
    private Bad truncated(Flight flight) {
        String line = random.nextBoolean() ? flight.json() : rewrite(flight);
        int open = line.indexOf('{');
        int close = line.lastIndexOf('}');
        return Bad.malformed(line.substring(0, open + 1 + random.nextInt(close - open)));
    }

    private String invalidJson(Flight flight) {
        String line = flight.json();
        return switch (random.nextInt(17)) {
            case 0 -> line.replace('"', '\'');
            case 1 -> line.replace("\"id\"", "id");
            case 2 -> line.substring(0, line.length() - 1) + ",}";
            case 3 -> line.replaceFirst(":", " ");
            case 4 -> line + " // retried";
            case 5 -> line + line;
            case 6 -> line + "}";
            case 7 -> "{" + line;
            case 8 -> line.replace(",\"hour\"", " \"hour\"");
            case 9 -> withValue(flight.members(), "origin", "\"A\u0001TL\"");
            case 10 -> withValue(flight.members(), "origin", "\"A\\qTL\"");
            case 11 -> withValue(flight.members(), "dow", "0" + flight.dow());
            case 12 -> withValue(flight.members(), "dow", "+" + flight.dow());
            case 13 -> withValue(flight.members(), "distance", "0x1F");
            case 14 -> pickOne("undefined", "True", "None", "NaN", "{", "}", "]", "{]");
            // Characters that are white space to some, but not between JSON tokens.
            case 15 ->
                    pickOne(
                            "\u00a0",
                            "\f",
                            line.replace(",", ",\u0000"),
                            line.replace(",", ",\u000b"));
            default -> garbage();
        };
    }

    /** Printable ASCII that no JSON value starts with. */
    private String garbage() {
        StringBuilder text = new StringBuilder("<");
        int length = random.nextInt(80);
        for (int c = 0; c < length; c++) {
            text.append((char) (0x20 + random.nextInt(0x5f)));
        }
        return text.toString();
    }

    private Bad invalidUtf8(Flight flight) {
        byte[][] sequences = {
            {(byte) 0x80},
            {(byte) 0xFF},
            {(byte) 0xFE},
            {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xC3},
            {(byte) 0xE2, (byte) 0x82},
        };
        byte[] sequence = sequences[random.nextInt(sequences.length)];
        String line = flight.json();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        switch (random.nextInt(4)) {
            case 0 -> {
                // Inside the origin's value: valid JSON once the bytes are guessed at.
                int at = line.indexOf("\"origin\":\"") + "\"origin\":\"".length() + 1;
                out.writeBytes(utf8(line.substring(0, at)));
                out.writeBytes(sequence);
                out.writeBytes(utf8(line.substring(at)));
            }
            case 1 -> {
                // Inside the id's value.
                int at = line.indexOf("\"id\":\"") + "\"id\":\"".length();
                out.writeBytes(utf8(line.substring(0, at)));
                out.writeBytes(sequence);
                out.writeBytes(utf8(line.substring(at)));
            }
            case 2 -> {
                // Between tokens.
                int at = line.indexOf(',');
                out.writeBytes(utf8(line.substring(0, at)));
                out.writeBytes(sequence);
                out.writeBytes(utf8(line.substring(at)));
            }
            default ->
                    // Latin-1 where UTF-8 belongs.
                    out.writeBytes(
                            withValue(flight.members(), "dest", quote("K\u00f6ln"))
                                    .getBytes(StandardCharsets.ISO_8859_1));
        }
        return new Bad(out.toByteArray(), ReasonCode.MALFORMED, null);
    }

    private String unpairedSurrogate(Flight flight) {
        return switch (random.nextInt(4)) {
            case 0 -> withValue(flight.members(), "origin", "\"\\ud800\"");
            case 1 -> withValue(flight.members(), "dest", "\"\\ude00\\ud83d\"");
            case 2 -> withValue(flight.members(), "id", "\"late\\ud83d\"");
            default -> flight.json().replace("{", "{\"\\udc00note\":\"x\",");
        };
    }

    private String notAnObject(Flight flight) {
        return switch (random.nextInt(10)) {
            case 0 -> "[" + flight.json() + "]";
            case 1 -> "[1,2,3]";
            case 2 -> "[]";
            case 3 -> String.valueOf(random.nextInt(1000));
            case 4 -> "-1.5e3";
            case 5 -> quote("flight " + flight.id());
            case 6 -> "\"{\\\"id\\\":1}\"";
            case 7 -> "null";
            case 8 -> "true";
            default -> "false";
        };
    }

    private String tooDeep(Flight flight) {
        return switch (random.nextInt(4)) {
            case 0 -> nested(TOO_DEEP, false);
            case 1 -> nested(TOO_DEEP, true);
            case 2 -> withMember(flight, new Member("trace", nested(TOO_DEEP, false)));
            default -> withValue(flight.members(), "distance", nested(TOO_DEEP, true));
        };
    }

    private Bad deepValue(Flight flight) {
        String value = nested(DEEP, random.nextBoolean());
        return switch (random.nextInt(3)) {
            case 0 -> fieldFault(flight, "distance", value, ReasonCode.BAD_TYPE);
            case 1 -> fieldFault(flight, "delayed", value, ReasonCode.BAD_LABEL);
            default -> fieldFault(flight, "ts", value, ReasonCode.BAD_TIMESTAMP);
        };
    }

    /** The four huge records, in turn: a huge number, time, label and key. */
    private Bad hugeValue(Flight flight) {
        String huge = "9".repeat(HUGE - 1) + "x";
        return switch (nextHuge++ % 4) {
            case 0 -> fieldFault(flight, "distance", quote(huge), ReasonCode.BAD_TYPE);
            case 1 -> fieldFault(flight, "ts", quote(huge), ReasonCode.BAD_TIMESTAMP);
            case 2 -> fieldFault(flight, "delayed", quote(huge), ReasonCode.BAD_LABEL);
            // Longer than any key the JSON reader takes.
            default -> Bad.malformed(withMember(flight, new Member(huge, "1")));
        };
    }

    private Bad missingField(Flight flight) {
        List<String> required = new ArrayList<>(FEATURES);
        required.add("delayed");
        String field = required.get(random.nextInt(required.size()));
        List<Member> members = faultyBase(flight);
        String id = idOf(members);
        int at = indexOf(members, field);
        switch (random.nextInt(5)) {
            case 0 -> members.remove(at);
            case 1 -> members.set(at, new Member(field, "null"));
            case 2 -> members.set(at, new Member(field, quote("")));
            case 3 -> members.set(at, new Member(field, quote("   ")));
            default ->
                    members.set(
                            at, new Member(field.toUpperCase(Locale.ROOT), members.get(at).json()));
        }
        return new Bad(utf8(render(members)), ReasonCode.MISSING_FIELD, id);
    }

    private Bad badTimestamp(Flight flight) {
        List<Member> members = faultyBase(flight);
        String id = idOf(members);
        int at = indexOf(members, "ts");
        String value =
                pickOne(
                        null,
                        "null",
                        quote(""),
                        quote("  "),
                        quote("yesterday"),
                        quote(flight.ts().substring(0, 10)),
                        quote(flight.ts() + ":00"),
                        quote(flight.ts() + "Z"),
                        quote(flight.ts().replace('T', ' ')),
                        quote("01/01/2001 00:01"),
                        quote("2001-13-01T00:00"),
                        quote("2001-01-01T25:00"),
                        String.valueOf(flight.time().toEpochSecond(ZoneOffset.UTC) * 1000),
                        "{\"t\":" + quote(flight.ts()) + "}",
                        "[" + quote(flight.ts()) + "]");
        if (value == null) {
            members.remove(at);
        } else {
            members.set(at, new Member("ts", value));
        }
        return new Bad(utf8(render(members)), ReasonCode.BAD_TIMESTAMP, id);
    }

    /** A flight whose {@code field} has the given JSON value, and nothing else wrong. */
    private Bad fieldFault(Flight flight, String field, String json, ReasonCode reason) {
        List<Member> members = faultyBase(flight);
        members.set(indexOf(members, field), new Member(field, json));
        return new Bad(utf8(render(members)), reason, idOf(members));
    }

    /**
     * The members of a flight about to get one fault: a fresh id (absent, {@code null} or empty in
     * one of ten, so that the reader numbers it), and in one of ten an old time, which must not
     * matter: a record is judged by its fields before its lateness.
     */
    private List<Member> faultyBase(Flight flight) {
        List<Member> members = flight.members();
        switch (random.nextInt(30)) {
            case 0 -> members.remove(0);
            case 1 -> members.set(0, new Member("id", "null"));
            case 2 -> members.set(0, new Member("id", quote("")));
            default -> members.set(0, new Member("id", quote("bad-" + nextBadId++)));
        }
        if (random.nextInt(10) == 0) {
            String old = flight.time().minusHours(3 + random.nextInt(48)).format(TIME);
            members.set(indexOf(members, "ts"), new Member("ts", quote(old)));
        }
        if (random.nextInt(5) == 0) {
            members.add(random.nextInt(members.size() + 1), unknownMember());
        }
        if (random.nextInt(5) == 0) {
            Collections.shuffle(members, random);
        }
        return members;
    }

    private Bad duplicate(List<Flight> flights, int i, LocalDateTime newest) {
        LocalDateTime oldest = newest.minus(allowedLateness).plus(DUPLICATE_MARGIN);
        int first = i;
        while (first > 0
                && i - first + 1 < DUPLICATE_REACH
                && !flights.get(first - 1).time().isBefore(oldest)) {
            first--;
        }
        Flight original = flights.get(first + random.nextInt(i - first + 1));
        String line =
                switch (random.nextInt(3)) {
                    case 0 -> original.json();
                    case 1 -> rewrite(original);
                    // A retry that changed its mind: still the same event.
                    default ->
                            withValue(
                                    original.members(),
                                    "delayed",
                                    original.delayed().equals("1") ? "0" : "1");
                };
        return new Bad(utf8(line), ReasonCode.DUPLICATE, original.id());
    }

    private Bad late(List<Flight> flights, int i, LocalDateTime newest) {
        Flight base = flights.get(random.nextInt(i + 1));
        LocalDateTime time =
                newest.minus(allowedLateness).minusMinutes(1 + random.nextInt(28 * 60));
        String id = "late-" + nextBadId++;
        Flight late =
                new Flight(
                        id,
                        time.format(TIME),
                        base.dow(),
                        base.hour(),
                        base.distance(),
                        base.origin(),
                        base.dest(),
                        base.delayed());
        return new Bad(
                utf8(random.nextBoolean() ? late.json() : rewrite(late)), ReasonCode.LATE, id);
    }

    // ------------------------------------------------------------------ valid rewrites

    /**
     * The flight written differently, meaning the same: unknown fields, numbers as strings and
     * back, another spelling of the label, escapes, key order, spacing, a CRLF line end.
     */
    private String rewrite(Flight flight) {
        List<Member> members = flight.members();
        if (random.nextBoolean()) {
            int extra = 1 + random.nextInt(3);
            for (int e = 0; e < extra; e++) {
                members.add(random.nextInt(members.size() + 1), unknownMember());
            }
        }
        if (random.nextInt(3) == 0) {
            set(members, "distance", flight.distance());
        }
        if (random.nextInt(3) == 0) {
            set(members, "dow", quote(flight.dow()));
            set(members, "hour", quote(flight.hour()));
        }
        if (random.nextInt(3) == 0) {
            boolean delayed = flight.delayed().equals("1");
            set(
                    members,
                    "delayed",
                    pickOne(
                            delayed ? "true" : "false",
                            quote(delayed ? "1" : "0"),
                            quote(delayed ? "TRUE" : "False"),
                            quote(delayed ? " 1 " : "0.0")));
        }
        if (random.nextInt(10) == 0) {
            // Blanks around a time are ignored (a tab written as JSON writes it).
            set(
                    members,
                    "ts",
                    "\"" + pickOne(" ", "\\t", "") + flight.ts() + pickOne(" ", "  ") + "\"");
        }
        if (random.nextInt(4) == 0) {
            // The same text, written with an escape.
            String origin = flight.origin();
            set(
                    members,
                    "origin",
                    "\""
                            + String.format("\\u%04X", (int) origin.charAt(0))
                            + origin.substring(1)
                            + "\"");
        }
        if (random.nextInt(4) == 0) {
            Collections.shuffle(members, random);
        }
        String line = random.nextInt(4) == 0 ? renderSpaced(members) : render(members);
        return random.nextInt(10) == 0 ? line + "\r" : line;
    }

    private Member unknownMember() {
        return switch (random.nextInt(13)) {
            case 0 -> new Member("gate", quote("B12"));
            case 1 -> new Member("extra", "null");
            case 2 -> new Member("tags", "[\"a\",\"b\",[],{}]");
            case 3 -> new Member("meta", "{\"source\":\"retry\",\"n\":[1,2,{\"x\":null}]}");
            case 4 -> new Member("score", "1e400");
            case 5 -> new Member("note", "\"caf\\u00e9 \\ud83d\\ude00 \\u2028 \\\"quoted\\\"\"");
            case 6 -> new Member("nan_text", quote("NaN"));
            case 7 -> new Member("empty", quote(""));
            case 8 -> new Member("flag", "true");
            case 9 -> new Member("big_int", "123456789012345678901234567890");
            case 10 -> new Member("\u00fcmlaut", quote("\u00e4\u00f6\u00fc \u20ac \ud83d\ude80"));
            case 11 -> new Member("nested_half", "[\"\\ud800 kept as JSON text\"]");
            default -> new Member("distance_km", quote("NaN"));
        };
    }

    // ------------------------------------------------------------------ JSON text

    static String render(List<Member> members) {
        StringBuilder json = new StringBuilder(256).append('{');
        for (int m = 0; m < members.size(); m++) {
            if (m > 0) {
                json.append(',');
            }
            json.append(quote(members.get(m).name())).append(':').append(members.get(m).json());
        }
        return json.append('}').toString();
    }

    private String renderSpaced(List<Member> members) {
        StringBuilder json = new StringBuilder(256).append(space()).append('{');
        for (int m = 0; m < members.size(); m++) {
            if (m > 0) {
                json.append(space()).append(',');
            }
            json.append(space())
                    .append(quote(members.get(m).name()))
                    .append(space())
                    .append(':')
                    .append(space())
                    .append(members.get(m).json());
        }
        return json.append(space()).append('}').append(space()).toString();
    }

    private String space() {
        return pickOne("", " ", "  ", "\t", " \t ");
    }

    /** A value nested {@code depth} deep: arrays, or objects with one member each. */
    static String nested(int depth, boolean objects) {
        if (!objects) {
            return "[".repeat(depth) + "]".repeat(depth);
        }
        return "{\"a\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1);
    }

    /** Text as a JSON string; the generator's own texts need no escapes but quotes. */
    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String withValue(List<Member> members, String field, String json) {
        set(members, field, json);
        return render(members);
    }

    private String withMember(Flight flight, Member member) {
        List<Member> members = flight.members();
        members.add(random.nextInt(members.size() + 1), member);
        return render(members);
    }

    private static void set(List<Member> members, String field, String json) {
        members.set(indexOf(members, field), new Member(field, json));
    }

    private static int indexOf(List<Member> members, String field) {
        for (int m = 0; m < members.size(); m++) {
            if (members.get(m).name().equals(field)) {
                return m;
            }
        }
        throw new IllegalArgumentException("no member " + field);
    }

    /** The id the reader takes from these members, or {@code null} when it has to number it. */
    private static String idOf(List<Member> members) {
        for (Member member : members) {
            if (member.name().equals("id")) {
                String json = member.json();
                return json.equals("null") || json.equals("\"\"")
                        ? null
                        : json.substring(1, json.length() - 1);
            }
        }
        return null;
    }

    @SafeVarargs
    private <T> T pickOne(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private Set<Integer> pick(int bound, int count) {
        Set<Integer> picked = new HashSet<>();
        while (picked.size() < Math.min(count, bound)) {
            picked.add(random.nextInt(bound));
        }
        return picked;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
