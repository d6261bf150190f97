package dev.tributary.benchmarks;

import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.RawEvent;
import dev.tributary.features.Featurizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The per-event cost of {@link Featurizer#featurize}, from a raw event to a labelled example or a
 * dead letter, on the 60,000 flights: a copy of each event's field map (the baseline: the least any
 * stage that reads an event's fields pays), the demo job's feature spec, and a richer spec that
 * adds a timestamp, an integer with a range, a clipped number with a missing indicator, airport
 * vocabularies and two more crosses.
 *
 * <p>The raw events are built once per trial as the CSV file reader builds them: all eight columns
 * as text in a {@link HashMap}, the row number as id, the event time read from {@code ts}. Both
 * feature specs are parsed from YAML by {@link JobConfigParser}, as a job reads them; the demo's is
 * read from the demo job file itself, so run the benchmarks from the repository root. The file job
 * carries its labels inline, so the featurizer requires them; no event is rejected, which the
 * set-up checks along with each spec's vector shape.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FeaturizationKernels {

    /** The demo job, relative to the repository root. */
    static final Path DEMO_JOB = Path.of("flink-jobs/src/main/resources/demo/flights.yaml");

    /**
     * The demo's fields and more: {@code ts} as a timestamp (hour of day and day of week hashed,
     * their four cyclic encodings dense), {@code dow} as an integer in 1..7, {@code distance}
     * clipped after log1p with a missing indicator, learned vocabularies for the airports, and
     * three crosses instead of one.
     */
    static final String RICH_FEATURES =
            """
            features:
              hash-bits: 18
              label: delayed
              entity: origin
              fields:
                - { name: ts, type: timestamp, parts: [hour-of-day, day-of-week, cyclic] }
                - { name: dow, type: integer, range: [1, 7] }
                - { name: hour, type: category }
                - { name: distance, type: number, log1p: true, clip: [3, 8], missing-indicator: true }
                - { name: origin, type: category, vocabulary: { min-count: 5 } }
                - { name: dest, type: category, vocabulary: { min-count: 5 } }
              crosses:
                - [origin, dest]
                - [origin, hour]
                - [dow, hour]
            """;

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    private RawEvent[] events;
    private Featurizer demo;
    private Featurizer rich;

    @Setup(Level.Trial)
    public void setUp() {
        events = loadEvents();
        if (!Files.isRegularFile(DEMO_JOB)) {
            throw new IllegalStateException(
                    DEMO_JOB + " is not there: run the benchmarks from the repository root");
        }
        demo = checked(featurizer(JobConfigParser.parse(DEMO_JOB)), 5, 1);
        rich = checked(featurizer(JobConfigParser.parse(job(RICH_FEATURES))), 8, 7);
    }

    /** Baseline: a copy of every event's field map. */
    @Benchmark
    @OperationsPerInvocation(FlightsData.SIZE)
    public void copyFields(Blackhole blackhole) {
        for (RawEvent event : events) {
            blackhole.consume(new HashMap<>(event.fields()));
        }
    }

    /** The demo spec: four categories, log1p(distance) and the origin×destination cross. */
    @Benchmark
    @OperationsPerInvocation(FlightsData.SIZE)
    public void featurizeDemo(Blackhole blackhole) {
        for (RawEvent event : events) {
            blackhole.consume(demo.featurize(event));
        }
    }

    /** The richer spec: a timestamp, more types and transforms, three crosses. */
    @Benchmark
    @OperationsPerInvocation(FlightsData.SIZE)
    public void featurizeRich(Blackhole blackhole) {
        for (RawEvent event : events) {
            blackhole.consume(rich.featurize(event));
        }
    }

    /** The featurizer of a job, made as its featurize function makes it. */
    private static Featurizer featurizer(JobConfig job) {
        return new Featurizer(
                job.features(), job.experiment().name(), job.source().experimentField(), true);
    }

    /**
     * The featurizer, once every event has become an example with {@code sparse} hashed features
     * and {@code dense} dense values.
     */
    private Featurizer checked(Featurizer featurizer, int sparse, int dense) {
        for (RawEvent event : events) {
            Featurizer.Outcome outcome = featurizer.featurize(event);
            if (outcome.example() == null) {
                throw new IllegalStateException(
                        "event " + event.id() + " was rejected: " + outcome.deadLetter());
            }
            FeatureVector x = outcome.example().features();
            if (x.indices().length != sparse || x.dense().length != dense) {
                throw new IllegalStateException(
                        "event " + event.id() + " has an unexpected shape: " + x);
            }
        }
        return featurizer;
    }

    /** A minimal job around a features section: the parser needs a source and an experiment. */
    private static String job(String features) {
        return """
                name: featurization-benchmark
                source:
                  type: file
                  path: flights-60k.csv.gz
                  format: csv
                  event-time:
                    field: ts
                    format: "yyyy-MM-dd'T'HH:mm"
                    zone: UTC
                """
                + features
                + """
                experiment:
                  name: flights
                  models:
                    - id: logreg-ftrl
                """;
    }

    /** The flights as the CSV file reader emits them, in file order. */
    static RawEvent[] loadEvents() {
        List<String> columns = FlightsData.columns();
        List<RawEvent> events = new ArrayList<>(FlightsData.SIZE);
        long row = 1;
        for (String[] values : FlightsData.rows()) {
            Map<String, String> fields = new HashMap<>((int) (columns.size() / 0.75f) + 1);
            for (int c = 0; c < columns.size(); c++) {
                fields.put(columns.get(c), values[c]);
            }
            long time = LocalDateTime.parse(values[0], TS).toInstant(ZoneOffset.UTC).toEpochMilli();
            events.add(RawEvent.of(Long.toString(row++), time, fields));
        }
        return events.toArray(new RawEvent[0]);
    }
}
