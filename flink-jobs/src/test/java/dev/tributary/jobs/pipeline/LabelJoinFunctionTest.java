package dev.tributary.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connectors.kafka.LabelEvent;
import dev.tributary.core.config.LabelJoinConfig;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.ReasonCode;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The label join on RocksDB keyed state with event-time timers, through a restore. */
class LabelJoinFunctionTest {

    private static final long MINUTE = 60_000;

    private static KeyedTwoInputStreamOperatorTestHarness<
                    String, LabelledExample, LabelEvent, LabelledExample>
            harness() throws Exception {
        var harness =
                new KeyedTwoInputStreamOperatorTestHarness<>(
                        new KeyedCoProcessOperator<>(
                                new LabelJoinFunction(
                                        new LabelJoinConfig(Duration.ofMinutes(10), true, 0))),
                        LabelledExample::id,
                        LabelEvent::id,
                        Types.STRING);
        harness.setStateBackend(new EmbeddedRocksDBStateBackend(true));
        return harness;
    }

    private static StreamRecord<LabelledExample> event(String id, long time) {
        return new StreamRecord<>(
                new LabelledExample(
                        id,
                        "exp",
                        "",
                        time,
                        new FeatureVector(new int[] {1}, new double[] {1}, new double[0]),
                        LabelledExample.NO_LABEL,
                        1),
                time);
    }

    private static StreamRecord<LabelEvent> label(String id, String value, long time) {
        return new StreamRecord<>(LabelEvent.of(id, value, time), time);
    }

    @Test
    void joinsDefaultsAndDeadLettersAcrossARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement1(event("a", 0));
            h.processElement1(event("b", 0));
            h.processElement2(label("a", "1", 2 * MINUTE));
            h.processElement2(new StreamRecord<>(LabelEvent.unreadable("x", "not JSON", "{"), 0));
            assertThat(h.extractOutputValues())
                    .extracting(LabelledExample::id)
                    .containsExactly("a");
            snapshot = h.snapshot(1, 1);
        }

        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            // b's window closes at 10 minutes: it is trained on the default label.
            h.processWatermark1(new Watermark(11 * MINUTE));
            h.processWatermark2(new Watermark(11 * MINUTE));
            List<LabelledExample> out = h.extractOutputValues();
            assertThat(out).extracting(LabelledExample::id).containsExactly("b");
            assertThat(out.get(0).label()).isEqualTo(0.0);
            // b's label, too late now.
            h.processElement2(label("b", "1", 12 * MINUTE));
            assertThat(h.getSideOutput(FeaturizeFunction.DEAD_LETTERS))
                    .extracting(r -> ((DeadLetter) r.getValue()).reason())
                    .containsExactly(ReasonCode.LATE_LABEL);
        }
    }
}
