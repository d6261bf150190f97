package dev.tributary.jobs.pipeline;

import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.RawEvent;
import dev.tributary.jobs.featurize.Featurizer;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Cleans and featurizes raw events; rejected events go to the {@link #DEAD_LETTERS} side output
 * with their reason (where {@link DeadLetterCount} counts them). Nothing is dropped silently.
 *
 * <p>The count of events read is also kept in operator state: Flink's accumulators start from zero
 * in every attempt, so after a restore it is seeded with the checkpointed count, and a run's total
 * stays exact whatever failed on the way.
 */
public final class FeaturizeFunction extends ProcessFunction<RawEvent, LabelledExample>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** The accumulator of events read, for the run summary. */
    public static final String EVENTS_ACCUMULATOR = "events";

    private final FeatureSpec spec;
    private final String experiment;
    private final String experimentField;
    private final boolean labelRequired;

    private transient Featurizer featurizer;
    private transient LongCounter events;
    private transient ListState<Long> eventCounts;
    private transient long restoredEvents;

    /**
     * See {@link Featurizer#Featurizer(FeatureSpec, String, String, boolean)} for the arguments.
     */
    public FeaturizeFunction(
            FeatureSpec spec, String experiment, String experimentField, boolean labelRequired) {
        this.spec = spec;
        this.experiment = experiment;
        this.experimentField = experimentField;
        this.labelRequired = labelRequired;
    }

    @Override
    public void open(OpenContext openContext) {
        featurizer = new Featurizer(spec, experiment, experimentField, labelRequired);
        events = getRuntimeContext().getLongCounter(EVENTS_ACCUMULATOR);
        events.add(restoredEvents);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // One entry per subtask that wrote it; after rescaling a subtask may get several.
        eventCounts =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("event-count", Types.LONG));
        restoredEvents = 0;
        for (Long count : eventCounts.get()) {
            restoredEvents += count;
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        eventCounts.update(List.of(events.getLocalValue()));
    }

    @Override
    public void processElement(RawEvent event, Context ctx, Collector<LabelledExample> out) {
        events.add(1);
        Featurizer.Outcome outcome = featurizer.featurize(event);
        LabelledExample example = outcome.example();
        if (example != null) {
            // An inline label arrives with its event: freshness is measured from here.
            out.collect(
                    example.hasLabel()
                            ? example.withLabelledAt(ctx.timerService().currentProcessingTime())
                            : example);
        } else {
            ctx.output(DEAD_LETTERS, outcome.deadLetter());
        }
    }
}
