package dev.tributary.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The jar ends its JVM only when it runs on its own: under {@code flink run} or in application mode
 * Flink installs a context environment, and the process is Flink's.
 */
class MainTest {

    @AfterEach
    void removeTheContext() {
        FlinkContext.remove();
    }

    @Test
    void onItsOwnTheProgramRunsLocally() {
        assertThat(Main.runsInsideFlink()).isFalse();
    }

    @Test
    void underAFlinkContextEnvironmentItKnowsItRunsInsideFlink() {
        FlinkContext.install();

        assertThat(Main.runsInsideFlink()).isTrue();
    }

    /** Installs a context environment the way Flink's client and JobManager do. */
    private static final class FlinkContext extends StreamExecutionEnvironment {

        private FlinkContext(Configuration configuration) {
            super(configuration);
        }

        static void install() {
            initializeContextEnvironment(FlinkContext::new);
        }

        static void remove() {
            resetContextEnvironment();
        }
    }
}
