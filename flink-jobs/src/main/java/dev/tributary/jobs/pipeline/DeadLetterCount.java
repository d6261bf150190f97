package dev.tributary.jobs.pipeline;

import dev.tributary.core.metrics.MetricScope;
import dev.tributary.core.metrics.TributaryMetric;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.ReasonCode;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Counts every dead letter of a job, from whichever stage rejected it, per reason code, on its way
 * to the dead-letter sink: a metric per reason ({@code deadLetters.reason.<REASON>.count}) and, for
 * the run summary, an accumulator per reason and one for the total.
 *
 * <p>The counts are kept in operator state too: Flink's accumulators start from zero in every
 * attempt, so after a restore they are seeded with the checkpointed counts, and a run's totals stay
 * exact whatever failed on the way.
 */
public final class DeadLetterCount extends RichMapFunction<DeadLetter, DeadLetter>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** The accumulator of all dead letters. */
    public static final String TOTAL_ACCUMULATOR = "dead-letters";

    public static final String UID = "dead-letter-count";

    private transient Map<ReasonCode, LongCounter> accumulators;
    private transient Map<ReasonCode, Counter> metrics;
    private transient LongCounter total;
    private transient ListState<Map<String, Long>> checkpointed;
    private transient Map<ReasonCode, Long> restored;

    /** The accumulator of the dead letters with one reason. */
    public static String accumulator(ReasonCode reason) {
        return TOTAL_ACCUMULATOR + "." + reason.name();
    }

    /** {@code deadLetters}, counted. */
    public static DataStream<DeadLetter> counted(DataStream<DeadLetter> deadLetters) {
        return deadLetters
                .map(new DeadLetterCount())
                .returns(TypeInformation.of(DeadLetter.class))
                .uid(UID)
                .name("Dead letter count");
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointed =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "dead-letter-counts", Types.MAP(Types.STRING, Types.LONG)));
        // One entry per subtask that wrote it; after rescaling a subtask may get several.
        restored = new EnumMap<>(ReasonCode.class);
        for (Map<String, Long> counts : checkpointed.get()) {
            counts.forEach((reason, n) -> restored.merge(ReasonCode.valueOf(reason), n, Long::sum));
        }
    }

    @Override
    public void open(OpenContext openContext) {
        total = getRuntimeContext().getLongCounter(TOTAL_ACCUMULATOR);
        accumulators = new EnumMap<>(ReasonCode.class);
        metrics = new EnumMap<>(ReasonCode.class);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(MetricScope.ROOT);
        TributaryMetric deadLetters = TributaryMetric.DEAD_LETTERS;
        for (ReasonCode reason : ReasonCode.values()) {
            LongCounter counter = getRuntimeContext().getLongCounter(accumulator(reason));
            long before = restored.getOrDefault(reason, 0L);
            counter.add(before);
            total.add(before);
            accumulators.put(reason, counter);
            Counter metric =
                    group.addGroup(
                                    deadLetters.scope().keys().get(0),
                                    TributaryMetric.labelValue(reason))
                            .counter(deadLetters.metricName());
            metric.inc(before);
            metrics.put(reason, metric);
        }
    }

    @Override
    public DeadLetter map(DeadLetter deadLetter) {
        accumulators.get(deadLetter.reason()).add(1);
        metrics.get(deadLetter.reason()).inc();
        total.add(1);
        return deadLetter;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        Map<String, Long> counts = new HashMap<>();
        accumulators.forEach(
                (reason, counter) -> {
                    if (counter.getLocalValue() > 0) {
                        counts.put(reason.name(), counter.getLocalValue());
                    }
                });
        checkpointed.update(List.of(counts));
    }
}
