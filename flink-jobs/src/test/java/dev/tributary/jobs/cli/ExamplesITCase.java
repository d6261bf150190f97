package dev.tributary.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.connectors.registry.ModelBundle;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The job files in {@code examples/} run as {@code docs/examples.md} says: through the command line
 * a user types, on a MiniCluster with RocksDB and checkpoints, each on a prefix of its stream.
 * Valid data yields no dead letters, the champion ranks clearly better than chance, and ONNX
 * Runtime reproduces the newest champion's in-job predictions (the run's exit code says so).
 */
class ExamplesITCase {

    private static final int FLIGHTS = 20_000;
    private static final int CLICKS = 30_000;
    private static final Set<String> COUNTRIES =
            Set.of("DE", "FR", "GB", "US", "ES", "IT", "NL", "PL");

    private static final Path EXAMPLES = examplesFolder();

    @TempDir Path temp;

    @Test
    void everyExampleJobFileParses() throws IOException {
        List<Path> files;
        try (Stream<Path> listing = Files.list(EXAMPLES)) {
            files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .contains(
                        "clicks.yaml",
                        "flights.yaml",
                        "flights-families.yaml",
                        "flights-delay-classes.yaml",
                        "flights-delay-minutes.yaml");
        for (Path file : files) {
            JobConfig job = JobConfigParser.parse(file);
            assertThat(job.experiment().models()).as(file.toString()).isNotEmpty();
        }
    }

    @Test
    void theFlightsExampleLearnsOnTheBundledFlights() throws Exception {
        JsonNode summary = runOnFlights("flights.yaml");
        assertThat(summary.get("events").asLong()).isEqualTo(FLIGHTS);
        assertThat(summary.get("trained").asLong()).isEqualTo(FLIGHTS);
        assertThat(summary.get("dead_letters").asLong()).isZero();
        // Measured: 0.728 on the first 20,000 flights (0.772 on all 1,000,000).
        assertThat(summary.at("/prequential/auc").asDouble()).isGreaterThan(0.69);
        assertThat(summary.at("/onnx_reference_check/passed").asBoolean()).isTrue();
    }

    /** Every family of binary models learns the flights, each clearly better than chance. */
    @Test
    void theFamiliesExampleTrainsEveryBinaryFamily() throws Exception {
        JsonNode summary = runOnFlights("flights-families.yaml");

        assertThat(summary.get("trained").asLong()).isEqualTo(FLIGHTS);
        JsonNode evaluations = summary.get("evaluations");
        assertThat(evaluations)
                .extracting(e -> e.get("model").asText())
                .containsExactly("logreg-ftrl", "logreg-adam", "fm-adagrad", "mlp-adam");
        for (JsonNode e : evaluations) {
            // Measured on the first 20,000 flights: 0.68 (logistic with Adam, slowest to start)
            // to 0.73 (FTRL 0.728, FM 0.732).
            assertThat(e.at("/since_start/auc").asDouble())
                    .as(e.get("model").asText())
                    .isGreaterThan(0.66);
        }
        assertThat(summary.at("/onnx_reference_check/passed").asBoolean()).isTrue();
    }

    /**
     * Four classes of arrival delay from a number label in buckets: both models beat the class
     * prior, and the exported softmax graph reproduces the in-job predictions.
     */
    @Test
    void theDelayClassesExampleLearnsAMulticlassLabel() throws Exception {
        JsonNode summary = runOnFlights("flights-delay-classes.yaml");
        assertThat(summary.get("trained").asLong()).isEqualTo(FLIGHTS);
        assertThat(summary.get("dead_letters").asLong()).isZero();
        // The class shares of these flights (0.395, 0.300, 0.220, 0.085) give a prior log loss of
        // 1.27 and a majority accuracy of 0.395. Measured: 1.16 and 0.46 for the champion.
        assertThat(summary.at("/prequential/logloss").asDouble()).isLessThan(1.22);
        assertThat(summary.at("/prequential/accuracy").asDouble()).isGreaterThan(0.43);
        assertThat(summary.at("/prequential/auc").isNull()).isTrue();
        assertThat(summary.at("/onnx_reference_check/passed").asBoolean()).isTrue();

        // Outside the job, the published champion gives every class's probability.
        try (ModelBundle bundle =
                ModelBundle.champion(
                        new LocalModelRegistry(
                                temp.resolve("flights-delay-classes.yaml-out/registry")),
                        "flights-delay-classes")) {
            ModelBundle.Score score =
                    bundle.score(
                            Map.of(
                                    "dow",
                                    5,
                                    "hour",
                                    18,
                                    "distance",
                                    733,
                                    "origin",
                                    "ORD",
                                    "dest",
                                    "LGA",
                                    "ts",
                                    "2001-01-05T18:10"),
                            0L);
            assertThat(score.isScored()).isTrue();
            double[] p = score.prediction();
            assertThat(p).hasSize(4);
            assertThat(Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
            int likeliest = 0;
            for (int c = 1; c < p.length; c++) {
                likeliest = p[c] > p[likeliest] ? c : likeliest;
            }
            assertThat(score.value()).isEqualTo(likeliest);
        }
    }

    /**
     * Minutes of arrival delay as a regression label: the models' errors fall clearly below the
     * label's spread, and the exported graph reproduces the in-job predictions.
     */
    @Test
    void theDelayMinutesExampleLearnsARegressionLabel() throws Exception {
        JsonNode summary = runOnFlights("flights-delay-minutes.yaml");
        assertThat(summary.get("trained").asLong()).isEqualTo(FLIGHTS);
        // arr_delay on these flights: mean 13.8 minutes, standard deviation 40.6, the RMSE of
        // always predicting the mean. Measured: RMSE 38.3 for the champion (linear, Huber), 39.5
        // and 37.6 for the others.
        double rmse = summary.at("/prequential/rmse").asDouble();
        assertThat(rmse).isLessThan(39.0);
        assertThat(summary.at("/prequential/mae").asDouble()).isLessThan(rmse);
        for (JsonNode e : summary.get("evaluations")) {
            assertThat(e.at("/since_start/rmse").asDouble())
                    .as(e.get("model").asText())
                    .isLessThan(40.6);
        }
        assertThat(summary.at("/prequential/logloss").isNull()).isTrue();
        assertThat(summary.at("/onnx_reference_check/passed").asBoolean()).isTrue();
    }

    @Test
    void theClicksExampleLearnsOnGeneratedClicks() throws Exception {
        // As docs/examples.md has it, with the job file next to a data/ folder.
        Path data = temp.resolve("data/clicks.jsonl.gz");
        assertThat(
                        run(
                                "generate",
                                "clicks",
                                "--events",
                                String.valueOf(CLICKS),
                                "--seed",
                                "7",
                                "--out",
                                data.toString()))
                .isZero();
        Path job = Files.copy(EXAMPLES.resolve("clicks.yaml"), temp.resolve("clicks.yaml"));
        Path out = temp.resolve("clicks-out");

        int exit = run("run", "--config", job.toString(), "--out", out.toString());

        assertThat(exit).isZero();
        JsonNode summary = summary(out);
        long unknownCountries = unknownCountries();
        assertThat(unknownCountries).isPositive();
        assertThat(summary.get("events").asLong()).isEqualTo(CLICKS);
        // The impressions from a country outside the allowed list, and only those, are rejected.
        assertThat(summary.get("dead_letters").asLong()).isEqualTo(unknownCountries);
        assertThat(summary.at("/dead_letters_by_reason/OUT_OF_RANGE").asLong())
                .isEqualTo(unknownCountries);
        assertThat(summary.get("trained").asLong()).isEqualTo(CLICKS - unknownCountries);
        // Measured: 0.670 on these 30,000 impressions, where the ground truth itself reaches 0.777
        // (0.760 without the query relevance no linear model over these features can see).
        assertThat(summary.at("/prequential/auc").asDouble()).isGreaterThan(0.63);
        assertThat(summary.at("/onnx_reference_check/passed").asBoolean()).isTrue();
    }

    /** Runs an example job file on the first {@value #FLIGHTS} flights; its summary. */
    private JsonNode runOnFlights(String jobFile) throws IOException {
        Path out = temp.resolve(jobFile + "-out");
        int exit =
                run(
                        "run",
                        "--config",
                        EXAMPLES.resolve(jobFile).toString(),
                        "--events",
                        String.valueOf(FLIGHTS),
                        "--out",
                        out.toString());
        assertThat(exit).as("exit code of " + jobFile).isZero();
        return summary(out);
    }

    private static long unknownCountries() {
        ClicksGenerator generator = new ClicksGenerator(7);
        long unknown = 0;
        for (int n = 0; n < CLICKS; n++) {
            String country = generator.next().country();
            if (country != null && !COUNTRIES.contains(country)) {
                unknown++;
            }
        }
        return unknown;
    }

    private static int run(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        assertThat(err.toString()).as("stderr of %s", List.of(args)).isEmpty();
        return exit;
    }

    private static JsonNode summary(Path out) throws IOException {
        return new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    }

    /** The repository's examples folder, found from the module folder the tests run in. */
    private static Path examplesFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path examples = dir.resolve("examples");
            if (Files.isRegularFile(examples.resolve("flights.yaml"))) {
                return examples;
            }
        }
        throw new IllegalStateException(
                "no examples/flights.yaml above " + Path.of("").toAbsolutePath());
    }
}
