package dev.tributary.jobs.cli;

import dev.tributary.core.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tributary generate}: writes synthetic streams for the examples, deterministic for a seed.
 * Today one kind, {@code clicks} ({@link ClicksGenerator}).
 */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = "Writes a synthetic, seeded stream for the examples.",
        subcommands = GenerateCommand.Clicks.class)
final class GenerateCommand implements Runnable {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code tributary generate clicks}: ad impressions with a known click model. */
    @Command(
            name = "clicks",
            mixinStandardHelpOptions = true,
            description = {
                "Writes ad impressions, each labelled 'clicked' by a known click model.",
                "JSON Lines: user and item ids, category, price, device, search query, country",
                "and time; a click rate of about 4%%. The same seed writes the same file."
            })
    static final class Clicks implements Callable<Integer> {

        @Option(
                names = "--events",
                paramLabel = "N",
                defaultValue = "200000",
                description = "Impressions to write (default: ${DEFAULT-VALUE}).")
        long events;

        @Option(
                names = "--seed",
                paramLabel = "S",
                defaultValue = "7",
                description = "Seed of the stream (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--out",
                paramLabel = "FILE",
                defaultValue = "examples/data/clicks.jsonl.gz",
                description =
                        "The file to write; gzipped when it ends in .gz (default: ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (events < 1) {
                throw new ConfigException("--events", events + " must be >= 1");
            }
            ClicksGenerator.Written written = ClicksGenerator.write(out, events, seed);
            Duration span = Duration.ofMillis(written.lastMillis() - written.firstMillis());
            System.out.printf(
                    Locale.ROOT,
                    "Wrote %,d impressions, %,d clicked (%.2f%%), spanning %dd %dh of event time,"
                            + " to %s%n",
                    written.events(),
                    written.clicks(),
                    100 * written.clickThroughRate(),
                    span.toDays(),
                    span.toHoursPart(),
                    out);
            return 0;
        }
    }
}
