package dev.tributary.trainer.operator;

import dev.tributary.core.model.ControlCommand;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.Prediction;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * The training operator in Flink's two-input keyed harness, as the jobs wire it: examples on the
 * first input and control commands on the second, both keyed by experiment, on RocksDB.
 */
final class TestingTrainingHarness
        extends KeyedTwoInputStreamOperatorTestHarness<
                String, LabelledExample, ControlCommand, Prediction> {

    /**
     * @param incremental incremental RocksDB snapshots; full ones are self-contained, like a
     *     savepoint
     */
    TestingTrainingHarness(OnlineTrainingOperator operator, boolean incremental) throws Exception {
        super(operator, LabelledExample::experiment, ControlCommand::experiment, Types.STRING);
        setStateBackend(new EmbeddedRocksDBStateBackend(incremental));
    }

    /** Each example, stamped with its event time. */
    void feed(List<LabelledExample> examples) throws Exception {
        for (LabelledExample e : examples) {
            processElement1(new StreamRecord<>(e, e.eventTime()));
        }
    }

    /** A command, stamped with its issue time as the Kafka source would. */
    void command(ControlCommand command) throws Exception {
        processElement2(new StreamRecord<>(command, command.issuedAt()));
    }

    /** The decisions emitted so far. */
    List<Decision> decisions() {
        var queue = getSideOutput(OnlineTrainingOperator.DECISIONS);
        return queue == null ? List.of() : queue.stream().map(StreamRecord::getValue).toList();
    }
}
