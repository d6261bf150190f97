package dev.tributary.trainer.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

/** The subtask's GPU, read from the infos Flink's GPU driver hands out. */
class AssignedGpuTest {

    @Test
    void takesTheLowestIndexAssigned() {
        assertThat(AssignedGpu.index(List.of(gpu("3"), gpu("1"), gpu("2")))).hasValue(1);
    }

    @Test
    void noGpuOrNoReadableIndexMeansNone() {
        assertThat(AssignedGpu.index(List.of())).isEmpty();
        assertThat(AssignedGpu.index(List.of(gpu("x"), gpu("-1"), new Info(Map.of())))).isEmpty();
        assertThat(AssignedGpu.index(List.of(gpu("x"), gpu(" 2 ")))).hasValue(2);
    }

    private static ExternalResourceInfo gpu(String index) {
        return new Info(Map.of(AssignedGpu.INDEX, index));
    }

    /** An info as Flink's GPU driver makes them: properties by key. */
    private record Info(Map<String, String> properties) implements ExternalResourceInfo {
        @Override
        public Optional<String> getProperty(String key) {
            return Optional.ofNullable(properties.get(key));
        }

        @Override
        public Collection<String> getKeys() {
            return properties.keySet();
        }
    }
}
