package dev.tributary.jobs.cli;

import dev.tributary.connectors.file.ReplayFileSettings;
import dev.tributary.connectors.kafka.KafkaSettings;
import dev.tributary.connectors.kafka.KafkaTopics;
import dev.tributary.connectors.kafka.ReplayProducer;
import dev.tributary.connectors.kafka.TopicTools;
import dev.tributary.connectors.kafka.broker.EmbeddedKafkaBroker;
import dev.tributary.core.config.ConfigException;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.jobs.run.RunLayout;
import dev.tributary.jobs.run.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tributary demo}: the bundled flights stream through the whole loop. By default through
 * Kafka: a broker the demo starts itself (or {@code --bootstrap-servers}), events on one topic,
 * their labels on another {@code --label-delay} later, every event served a prediction, labels
 * joined, models trained and published. {@code --replay} runs the same models straight from the
 * file, without Kafka.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the demo: 1 M US flights of 2001 replayed through Kafka (a broker it starts",
            "itself), labels arriving on their own topic later; every flight is served a",
            "prediction, labels are joined, FTRL-Proximal models learn online, are evaluated",
            "prequentially and published as ONNX under --out."
        })
final class DemoCommand implements Callable<Integer> {

    static final String DEMO_JOB = "demo/flights.yaml";
    static final String KAFKA_DEMO_JOB = "demo/flights-kafka.yaml";

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "tributary-out",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--replay",
            description = "Replay the file straight into the job, without Kafka (the fast path).")
    boolean replay;

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            description = "Use this Kafka cluster instead of starting a broker.")
    String bootstrapServers;

    @Option(
            names = "--label-delay",
            paramLabel = "DURATION",
            defaultValue = "10m",
            description =
                    "How much later (event time) a flight's label arrives than the flight"
                            + " (default: ${DEFAULT-VALUE}; the attribution window is 30m).")
    String labelDelay;

    @Mixin JobOptions job;

    @Override
    public Integer call() throws Exception {
        job.validate();
        Duration delay = parseDuration("--label-delay", labelDelay);
        System.out.println("Tributary demo: flights of 2001, predicting arrivals 15+ minutes late");
        JobConfig fileJob = JobConfigParser.parse(BundledData.readResource(DEMO_JOB));
        RunSummary summary;
        if (replay) {
            summary = job.run(fileJob, out, System.out, true);
        } else {
            summary = throughKafka(fileJob, delay);
        }
        return summary.reference() == null || summary.reference().passed() ? 0 : 1;
    }

    private RunSummary throughKafka(JobConfig fileJob, Duration delay) throws Exception {
        JobConfig kafkaJob = JobConfigParser.parse(BundledData.readResource(KAFKA_DEMO_JOB));
        EmbeddedKafkaBroker broker = null;
        try {
            String servers = bootstrapServers;
            if (servers == null) {
                System.out.println("Starting a Kafka broker (KRaft, in this process)...");
                broker =
                        EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.defaults())
                                .registerShutdownHook();
                servers = broker.bootstrapServers();
            }
            kafkaJob = kafkaJob.withKafka(kafkaJob.kafka().withBootstrapServers(servers));
            KafkaSettings kafka = KafkaSettings.from(kafkaJob.kafka());
            KafkaTopics topics = kafka.topics();
            TopicTools.ensureTopics(
                    kafka,
                    1,
                    List.of(
                            topics.events(),
                            topics.labels(),
                            topics.control(),
                            topics.predictions(),
                            topics.deadLetters(),
                            topics.decisions(),
                            topics.modelUpdates()));

            RunLayout layout = new RunLayout(out);
            ReplayFileSettings file =
                    ReplayFileSettings.from(
                            fileJob.source()
                                    .withPath(
                                            BundledData.resolve(
                                                    fileJob.source().path(), layout.data()))
                                    .withMaxEvents(job.events));
            try (ReplayProducer producer = new ReplayProducer(kafka)) {
                ReplayProducer.Sent sent =
                        producer.replay(
                                file,
                                new ReplayProducer.Plan(
                                        topics.events(),
                                        topics.labels(),
                                        fileJob.features().labelField(),
                                        delay,
                                        0));
                System.out.printf(
                        Locale.ROOT,
                        "Sent %,d events to %s and %,d labels to %s (%s later) on %s%n",
                        sent.events(),
                        topics.events(),
                        sent.labels(),
                        topics.labels(),
                        delay,
                        servers);
            }
            return job.run(kafkaJob, out, System.out, true);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    static Duration parseDuration(String option, String text) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(text.trim());
        if (!m.matches()) {
            throw new ConfigException(
                    option, "\"" + text + "\" is not a duration; expected e.g. 30s, 10m, 1h");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }
}
