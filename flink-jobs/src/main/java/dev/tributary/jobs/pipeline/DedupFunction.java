package dev.tributary.jobs.pipeline;

import dev.tributary.core.config.CleaningConfig;
import dev.tributary.core.metrics.MetricScope;
import dev.tributary.core.metrics.TributaryMetric;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.features.DuplicateWindow;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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

    /** The operator that times accepted events. */
    public static final String EVENT_TIME_UID = "event-time";

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
     * The featurizer's accepted events, timed by their event time, without repeats when {@code
     * cleaning} asks for deduplication (as they are otherwise), with the featurizer's dead letters
     * and the repeats.
     *
     * <p>Event time (timestamps and watermarks) is assigned here, after cleaning, and not at the
     * source: a record the cleaner rejects must not move it. One bad record dated in the future
     * would otherwise push the watermark past every dedup window (repeats then slip through and are
     * trained on), every attribution window and every entity's ttl.
     *
     * @param eventTime the watermarks of the accepted events
     */
    public static Cleaned deduplicated(
            SingleOutputStreamOperator<LabelledExample> featurized,
            WatermarkStrategy<LabelledExample> eventTime,
            CleaningConfig cleaning) {
        DataStream<DeadLetter> deadLetters =
                featurized.getSideOutput(FeaturizeFunction.DEAD_LETTERS);
        SingleOutputStreamOperator<LabelledExample> timed =
                featurized
                        .assignTimestampsAndWatermarks(eventTime)
                        .uid(EVENT_TIME_UID)
                        .name("Event time of accepted events");
        if (!cleaning.deduplicates()) {
            return new Cleaned(timed, deadLetters);
        }
        SingleOutputStreamOperator<LabelledExample> unique =
                timed.keyBy(LabelledExample::id, Types.STRING)
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
        dropped =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup(MetricScope.ROOT)
                        .counter(TributaryMetric.DUPLICATES_DROPPED.metricName());
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
