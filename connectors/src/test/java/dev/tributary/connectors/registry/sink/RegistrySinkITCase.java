package dev.tributary.connectors.registry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.registry.ChampionPointer;
import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.connectors.testing.TestingMiniCluster;
import dev.tributary.core.model.ModelArtifact;
import java.nio.file.Path;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs the registry sink in a job on a MiniCluster, with Kryo disabled. */
class RegistrySinkITCase {

    @RegisterExtension static final TestingMiniCluster MINI_CLUSTER = new TestingMiniCluster(1, 1);

    @TempDir Path root;

    @Test
    void publishesArtifactsFromAJobAndSetsTheChampion() throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);

        env.fromData(
                        TypeInformation.of(ModelArtifact.class),
                        RegistrySinkWriterTest.artifact("lr", 1),
                        RegistrySinkWriterTest.artifact("fm", 1),
                        RegistrySinkWriterTest.artifact("lr", 2),
                        // a duplicate, as a replay would send it
                        RegistrySinkWriterTest.artifact("lr", 1))
                .uid("artifacts")
                .sinkTo(new RegistrySink(root.toString(), "lr"))
                .uid("registry")
                .name("registry");
        env.execute("registry-sink-it");

        LocalModelRegistry registry = new LocalModelRegistry(root);
        assertThat(registry.versions("ctr", "lr")).containsExactly(1L, 2L);
        assertThat(registry.versions("ctr", "fm")).containsExactly(1L);
        assertThat(registry.latest("ctr", "lr")).contains(RegistrySinkWriterTest.artifact("lr", 2));
        assertThat(registry.champion("ctr")).contains(new ChampionPointer("ctr", "lr", 2));
    }
}
