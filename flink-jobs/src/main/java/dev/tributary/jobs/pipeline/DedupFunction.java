package dev.tributary.jobs.pipeline;

import dev.tributary.core.config.CleaningConfig;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.features.DuplicateWindow;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Drops repeated events, keyed by event id: the logic is {@link DuplicateWindow}; this function
 * keeps each id's first occurrence time in RocksDB keyed state, forgets it with an event-time
 * timer, and sends duplicates to the dead letters.
 */
public final class DedupFunction
        extends KeyedProcessFunction<String, LabelledExample, LabelledExample> {

    private static final long serialVersionUID = 1L;

    public static final String UID = "dedup";

    private final Duration window;
    private final Duration allowedLateness;

    private transient DuplicateWindow duplicates;
    private transient ValueState<Long> firstSeen;
    private transient Counter dropped;

    public DedupFunction(Duration window, Duration allowedLateness) {
        this.window = window;
        this.allowedLateness = allowedLateness;
    }

    /** Featurized examples, and every dead letter so far. */
    public record Cleaned(
            DataStream<LabelledExample> examples, DataStream<DeadLetter> deadLetters) {}

    /**
     * The featurizer's output without repeats when {@code cleaning} asks for deduplication (as it
     * is otherwise), with the featurizer's dead letters and the repeats.
     */
    public static Cleaned deduplicated(
            SingleOutputStreamOperator<LabelledExample> featurized, CleaningConfig cleaning) {
        DataStream<DeadLetter> deadLetters =
                featurized.getSideOutput(FeaturizeFunction.DEAD_LETTERS);
        if (!cleaning.deduplicates()) {
            return new Cleaned(featurized, deadLetters);
        }
        SingleOutputStreamOperator<LabelledExample> unique =
                featurized
                        .keyBy(LabelledExample::id, Types.STRING)
                        .process(
                                new DedupFunction(
                                        cleaning.dedupWindow(), cleaning.allowedLateness()),
                                TypeInformation.of(LabelledExample.class))
                        .uid(UID)
                        .name("Deduplicate");
        return new Cleaned(
                unique, deadLetters.union(unique.getSideOutput(FeaturizeFunction.DEAD_LETTERS)));
    }

    @Override
    public void open(OpenContext openContext) {
        duplicates = new DuplicateWindow(window, allowedLateness);
        firstSeen =
                getRuntimeContext().getState(new ValueStateDescriptor<>("first-seen", Types.LONG));
        dropped = getRuntimeContext().getMetricGroup().counter("duplicatesDropped");
    }

    @Override
    public void processElement(LabelledExample event, Context ctx, Collector<LabelledExample> out)
            throws Exception {
        Long first = firstSeen.value();
        if (first != null && duplicates.isDuplicate(first, event.eventTime())) {
            dropped.inc();
            ctx.output(
                    FeaturizeFunction.DEAD_LETTERS, duplicates.deadLetter(event.id(), first, ""));
            return;
        }
        firstSeen.update(event.eventTime());
        ctx.timerService().registerEventTimeTimer(duplicates.forgetAt(event.eventTime()));
        out.collect(event);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelledExample> out)
            throws Exception {
        Long first = firstSeen.value();
        if (first != null && timestamp >= duplicates.forgetAt(first)) {
            firstSeen.clear();
        }
    }
}
