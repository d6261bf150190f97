package dev.tributary.jobs.pipeline;

import dev.tributary.connectors.kafka.ControlRecord;
import dev.tributary.core.model.ControlCommand;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes the commands read from the control topic on to training, and sends every record that is
 * not a command to the {@link FeaturizeFunction#DEAD_LETTERS} side output with the decoder's
 * reason, so that a bad record is counted and kept, never a failure.
 */
public final class ControlCommandFunction extends ProcessFunction<ControlRecord, ControlCommand> {

    private static final long serialVersionUID = 1L;

    public static final String UID = "control-commands";

    /** The commands of {@code records}; their rejections on the dead-letter side output. */
    public static SingleOutputStreamOperator<ControlCommand> commands(
            DataStream<ControlRecord> records) {
        return records.process(
                        new ControlCommandFunction(), TypeInformation.of(ControlCommand.class))
                .uid(UID)
                .name("Control commands");
    }

    @Override
    public void processElement(ControlRecord record, Context ctx, Collector<ControlCommand> out) {
        if (record.isReadable()) {
            out.collect(record.command());
        } else {
            ctx.output(FeaturizeFunction.DEAD_LETTERS, record.rejection());
        }
    }
}
