package dev.tributary.jobs.pipeline;

import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.jobs.featurize.Featurizer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Cleans and featurizes raw events; rejected events go to the {@link #DEAD_LETTERS} side output
 * with their reason, and are counted per reason. Nothing is dropped silently.
 *
 * <p>The event and dead-letter counts are also kept in operator state: Flink's accumulators start
 * from zero in every attempt, so after a restore they are seeded with the checkpointed counts, and
 * a run's totals stay exact whatever failed on the way.
 */
public final class FeaturizeFunction extends ProcessFunction<RawEvent, LabelledExample>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Accumulator names, read by the command line for the run summary. */
    public static final String EVENTS_ACCUMULATOR = "events";

    public static final String DEAD_LETTERS_ACCUMULATOR = "dead-letters";

    private final FeatureSpec spec;
    private final String experiment;
    private final boolean labelRequired;

    private transient Featurizer featurizer;
    private transient LongCounter events;
    private transient LongCounter deadLetters;
    private transient Map<ReasonCode, Counter> deadLettersByReason;
    private transient ListState<Long> eventCounts;
    private transient ListState<Long> deadLetterCounts;
    private transient long restoredEvents;
    private transient long restoredDeadLetters;

    public FeaturizeFunction(FeatureSpec spec, String experiment) {
        this(spec, experiment, true);
    }

    /**
     * @param labelRequired {@code false} when labels come on their own stream (see {@link
     *     Featurizer#Featurizer(FeatureSpec, String, boolean)})
     */
    public FeaturizeFunction(FeatureSpec spec, String experiment, boolean labelRequired) {
        this.spec = spec;
        this.experiment = experiment;
        this.labelRequired = labelRequired;
    }

    @Override
    public void open(OpenContext openContext) {
        featurizer = new Featurizer(spec, experiment, labelRequired);
        events = getRuntimeContext().getLongCounter(EVENTS_ACCUMULATOR);
        deadLetters = getRuntimeContext().getLongCounter(DEAD_LETTERS_ACCUMULATOR);
        events.add(restoredEvents);
        deadLetters.add(restoredDeadLetters);
        deadLettersByReason = new EnumMap<>(ReasonCode.class);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("deadLetters");
        for (ReasonCode reason : ReasonCode.values()) {
            deadLettersByReason.put(
                    reason, group.addGroup("reason", reason.name()).counter("count"));
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // One entry per subtask that wrote it; after rescaling a subtask may get several.
        eventCounts =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("event-count", Types.LONG));
        deadLetterCounts =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("dead-letter-count", Types.LONG));
        restoredEvents = sum(eventCounts);
        restoredDeadLetters = sum(deadLetterCounts);
    }

    private static long sum(ListState<Long> counts) throws Exception {
        long total = 0;
        for (Long count : counts.get()) {
            total += count;
        }
        return total;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        eventCounts.update(List.of(events.getLocalValue()));
        deadLetterCounts.update(List.of(deadLetters.getLocalValue()));
    }

    @Override
    public void processElement(RawEvent event, Context ctx, Collector<LabelledExample> out) {
        events.add(1);
        Featurizer.Outcome outcome = featurizer.featurize(event);
        if (outcome.example() != null) {
            out.collect(outcome.example());
        } else {
            deadLetters.add(1);
            deadLettersByReason.get(outcome.deadLetter().reason()).inc();
            ctx.output(DEAD_LETTERS, outcome.deadLetter());
        }
    }
}
