package dev.tributary.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.JobConfigParser;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local run starts from an empty output folder; a run that Flink starts (a context environment,
 * as {@code flink run} and application mode install) keeps what is there, since on a cluster the
 * registry is production data and a JobManager failover runs the program again.
 */
class TrainingRunITCase {

    @TempDir Path temp;

    @AfterEach
    void removeTheContext() {
        FlinkContext.remove();
    }

    @Test
    void aLocalRunClearsThePreviousRunAndARunInsideFlinkKeepsIt() throws Exception {
        JobConfig job = smallDemo();
        RunLayout layout = new RunLayout(temp.resolve("out"));
        Path earlier = layout.registry().resolve("flights/earlier-model/1/manifest.json");
        Files.createDirectories(earlier.getParent());
        Files.writeString(earlier, "{}");

        FlinkContext.install();
        RunSummary inside = TrainingRun.execute(job, layout, options(), quiet());

        assertThat(earlier).as("kept by a run Flink started").exists();
        assertThat(inside.finalStatus().examples()).isEqualTo(3000);

        FlinkContext.remove();
        RunSummary local = TrainingRun.execute(job, layout, options(), quiet());

        assertThat(earlier).as("cleared by a fresh local run").doesNotExist();
        assertThat(local.finalStatus().examples()).isEqualTo(3000);
    }

    private JobConfig smallDemo() throws Exception {
        JobConfig demo;
        try (InputStream in = getClass().getResourceAsStream("/demo/flights.yaml")) {
            demo = JobConfigParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        Path data = temp.resolve("flights.csv.gz");
        try (InputStream in = getClass().getResourceAsStream("/data/flights-2001-1m.csv.gz")) {
            Files.copy(in, data);
        }
        return demo.withSource(demo.source().withPath(data.toString()).withMaxEvents(3000))
                .withOutputDirectory(temp.resolve("out").toString());
    }

    private static TrainingRun.Options options() {
        return new TrainingRun.Options(false, new LearnerSettings(1000, 0, "test"));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    /**
     * A context environment as Flink's client and JobManager install one; it runs its jobs on a
     * local cluster, which is all this test needs of it.
     */
    private static final class FlinkContext extends StreamExecutionEnvironment {

        private FlinkContext(Configuration configuration) {
            super(withLocalTarget(configuration));
        }

        private static Configuration withLocalTarget(Configuration configuration) {
            Configuration local = new Configuration(configuration);
            local.set(DeploymentOptions.TARGET, "local");
            local.set(DeploymentOptions.ATTACHED, true);
            return local;
        }

        static void install() {
            initializeContextEnvironment(FlinkContext::new);
        }

        static void remove() {
            resetContextEnvironment();
        }
    }
}
