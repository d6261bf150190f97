package dev.tributary.connectors.registry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.TrafficSplit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryDecisionWriterTest {

    private static final SinkWriter.Context NO_CONTEXT =
            new SinkWriter.Context() {
                @Override
                public long currentWatermark() {
                    return Long.MIN_VALUE;
                }

                @Override
                public Long timestamp() {
                    return null;
                }
            };

    @TempDir Path root;

    /** A rollout as a supervisor decides it, with the publications around it. */
    private static final List<Decision> ROLLOUT =
            List.of(
                    decision(DecisionKind.PUBLISH, "lr", 1_000, Double.NaN),
                    decision(DecisionKind.DRIFT, "lr", 2_000, Double.NaN),
                    decision(DecisionKind.RETRAIN, "lr-r1", 2_000, Double.NaN),
                    decision(DecisionKind.CANARY, "lr-r1", 3_000, 0.05),
                    decision(DecisionKind.RETRAIN, "lr-r2", 3_500, Double.NaN),
                    decision(DecisionKind.CANARY, "lr-r2", 3_600, 0.05),
                    decision(DecisionKind.CANARY, "lr-r1", 4_000, 0.25),
                    decision(DecisionKind.ROLLBACK, "lr-r2", 4_500, 0),
                    decision(DecisionKind.PROMOTE, "lr-r1", 5_000, 1));

    @Test
    void logsEveryDecisionAndFollowsTheTrafficThroughARollout() throws Exception {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        try (RegistryDecisionWriter writer = new RegistryDecisionWriter(registry, "lr")) {
            for (int i = 0; i < 4; i++) {
                writer.write(ROLLOUT.get(i), NO_CONTEXT);
            }
            assertThat(registry.traffic("ctr"))
                    .contains(new TrafficSplit("lr", new String[] {"lr-r1"}, new double[] {0.05}));
            writer.write(ROLLOUT.get(4), NO_CONTEXT);
            writer.write(ROLLOUT.get(5), NO_CONTEXT);
            writer.write(ROLLOUT.get(6), NO_CONTEXT);
            assertThat(registry.traffic("ctr"))
                    .as("a canary keeps its routing position when its share grows")
                    .contains(
                            new TrafficSplit(
                                    "lr",
                                    new String[] {"lr-r1", "lr-r2"},
                                    new double[] {0.25, 0.05}));
            writer.write(ROLLOUT.get(7), NO_CONTEXT);
            assertThat(registry.traffic("ctr"))
                    .contains(new TrafficSplit("lr", new String[] {"lr-r1"}, new double[] {0.25}));
            writer.write(ROLLOUT.get(8), NO_CONTEXT);
        }
        assertThat(registry.traffic("ctr")).contains(TrafficSplit.championOnly("lr-r1"));
        assertThat(registry.decisions("ctr")).containsExactlyElementsOf(ROLLOUT);
    }

    @Test
    void aReplayAfterAFailureLogsNothingTwice() throws Exception {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        try (RegistryDecisionWriter writer = new RegistryDecisionWriter(registry, "lr")) {
            for (Decision d : ROLLOUT.subList(0, 7)) {
                writer.write(d, NO_CONTEXT);
            }
        }
        // A new writer after the restart replays from a checkpoint taken after the first two.
        try (RegistryDecisionWriter writer = new RegistryDecisionWriter(registry, "lr")) {
            for (Decision d : ROLLOUT.subList(2, ROLLOUT.size())) {
                writer.write(d, NO_CONTEXT);
            }
            // the same replay again, within the same writer
            for (Decision d : ROLLOUT.subList(2, ROLLOUT.size())) {
                writer.write(d, NO_CONTEXT);
            }
        }
        assertThat(registry.decisions("ctr")).containsExactlyElementsOf(ROLLOUT);
        assertThat(registry.traffic("ctr")).contains(TrafficSplit.championOnly("lr-r1"));
    }

    @Test
    void decisionsThatDifferOnlyInTheirReasonAreBothKept() throws Exception {
        LocalModelRegistry registry = new LocalModelRegistry(root);
        Decision first = new Decision("ctr", DecisionKind.REJECT, "", 1_000, 10, "promote: no");
        Decision second = new Decision("ctr", DecisionKind.REJECT, "", 1_000, 10, "retrain: no");
        try (RegistryDecisionWriter writer = new RegistryDecisionWriter(registry, "lr")) {
            writer.write(first, NO_CONTEXT);
            writer.write(second, NO_CONTEXT);
            writer.write(first, NO_CONTEXT);
        }
        assertThat(registry.decisions("ctr")).containsExactly(first, second);
        assertThat(registry.traffic("ctr")).isEmpty();
    }

    @Test
    void aRollbackOfTheChampionKeepsItServing() {
        TrafficSplit split = new TrafficSplit("lr", new String[] {"lr-r1"}, new double[] {0.1});
        Decision rollback = decision(DecisionKind.ROLLBACK, "lr", 9_000, 0.9);

        assertThat(RegistryDecisionWriter.changesTraffic(rollback)).isTrue();
        assertThat(RegistryDecisionWriter.apply(split, rollback)).isEqualTo(split);
        assertThat(
                        RegistryDecisionWriter.changesTraffic(
                                decision(DecisionKind.ROLLBACK, "lr-r1", 9_000, Double.NaN)))
                .isFalse();
        assertThatThrownBy(
                        () ->
                                RegistryDecisionWriter.apply(
                                        split, decision(DecisionKind.CANARY, "lr-r2", 9_000, 0.95)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ioFailuresSurfaceAsIoExceptions() throws Exception {
        Path notADirectory = Files.writeString(root.resolve("file"), "x");
        try (RegistryDecisionWriter writer =
                new RegistryDecisionWriter(new LocalModelRegistry(notADirectory), "lr")) {
            assertThatThrownBy(() -> writer.write(ROLLOUT.get(0), NO_CONTEXT))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void sinkValidatesItsSettings() {
        assertThatThrownBy(() -> new RegistryDecisionSink(" ", "lr"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rootDirectory:");
        assertThatThrownBy(() -> new RegistryDecisionSink("/registry", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("championModelId:");
        assertThat(new RegistryDecisionSink("/registry", "lr"))
                .isEqualTo(new RegistryDecisionSink("/registry", "lr"));
    }

    private static Decision decision(
            DecisionKind kind, String model, long eventTime, double traffic) {
        return new Decision(
                "ctr",
                kind,
                model,
                kind == DecisionKind.PUBLISH ? 1 : 0,
                eventTime,
                eventTime * 10,
                kind.name().toLowerCase() + " " + model,
                kind == DecisionKind.RETRAIN ? "lr" : "",
                kind == DecisionKind.RETRAIN ? RetrainPolicy.Action.COLD : null,
                traffic,
                Map.of("pairs", (double) eventTime));
    }
}
