package dev.tributary.trainer.operator;

import java.util.Collection;
import java.util.OptionalInt;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * The GPU Flink's external-resource framework assigned to a subtask. On a cluster configured with
 * {@code external-resources: gpu} and Flink's GPU driver, each TaskManager is given GPUs and every
 * subtask sees them as infos with an {@code index} property; a subtask that trains on CUDA uses the
 * lowest index it was given, so that subtasks on one machine do not all crowd device 0.
 */
final class AssignedGpu {

    /** The external resource's name in Flink's configuration. */
    static final String RESOURCE = "gpu";

    /** The property of the GPU driver's infos that holds the device index. */
    static final String INDEX = "index";

    private AssignedGpu() {}

    /** The lowest device index among {@code infos}, or empty when none names one. */
    static OptionalInt index(Collection<ExternalResourceInfo> infos) {
        return infos.stream()
                .map(info -> info.getProperty(INDEX))
                .flatMap(java.util.Optional::stream)
                .flatMapToInt(AssignedGpu::parse)
                .min();
    }

    private static java.util.stream.IntStream parse(String text) {
        try {
            int index = Integer.parseInt(text.trim());
            return index >= 0
                    ? java.util.stream.IntStream.of(index)
                    : java.util.stream.IntStream.empty();
        } catch (NumberFormatException e) {
            return java.util.stream.IntStream.empty();
        }
    }
}
