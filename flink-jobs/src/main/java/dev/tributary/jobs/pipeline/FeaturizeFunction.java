package dev.tributary.jobs.pipeline;

import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.config.JobConfig;
import dev.tributary.core.config.SourceKind;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.RawEvent;
import dev.tributary.features.Featurizer;
import dev.tributary.features.FutureGate;
import dev.tributary.features.LatenessGate;
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
 * Cleans and featurizes raw events, and with {@code cleaning.allowed-lateness} rejects those that
 * come too late ({@link LatenessGate}); rejected events go to the {@link #DEAD_LETTERS} side output
 * with their reason (where {@link DeadLetterCount} counts them). Nothing is dropped silently.
 *
 * <p>The count of events read and the newest event time seen are kept in operator state: Flink's
 * accumulators start from zero in every attempt, so after a restore the count is seeded with the
 * checkpointed one, and a run's total stays exact whatever failed on the way.
 */
public final class FeaturizeFunction extends ProcessFunction<RawEvent, LabelledExample>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** The accumulator of events read, for the run summary. */
    public static final String EVENTS_ACCUMULATOR = "events";

    private final JobConfig job;
    private final boolean labelRequired;

    /** Only a job that serves measures freshness; a file job need not copy every example. */
    private final boolean stampLabelArrival;

    private transient Featurizer featurizer;
    private transient LatenessGate lateness;
    private transient FutureGate future;
    private transient LongCounter events;
    private transient ListState<Long> eventCounts;
    private transient ListState<Long> newestEventTimes;
    private transient long restoredEvents;
    private transient long restoredNewest;

    /**
     * @param labelRequired {@code false} when labels come on their own stream (see {@link
     *     Featurizer#Featurizer(FeatureSpec, String, String, boolean)})
     */
    public FeaturizeFunction(JobConfig job, boolean labelRequired) {
        this.job = job;
        this.labelRequired = labelRequired;
        this.stampLabelArrival = job.source().kind() == SourceKind.KAFKA;
    }

    @Override
    public void open(OpenContext openContext) {
        featurizer =
                new Featurizer(
                        job.features(),
                        job.experiment().name(),
                        job.source().experimentField(),
                        labelRequired,
                        job.experiment().evaluation().sliced()
                                ? job.experiment().evaluation().slices().field()
                                : null);
        if (job.cleaning().maxFuture() != null) {
            future = new FutureGate(job.cleaning().maxFuture(), System::currentTimeMillis);
        }
        if (job.cleaning().limitsLateness()) {
            lateness = new LatenessGate(job.cleaning().allowedLateness());
            lateness.restore(restoredNewest);
        }
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
        newestEventTimes =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>("newest-event-time", Types.LONG));
        restoredNewest = Long.MIN_VALUE;
        for (Long newest : newestEventTimes.get()) {
            restoredNewest = Math.max(restoredNewest, newest);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        eventCounts.update(List.of(events.getLocalValue()));
        if (lateness != null) {
            newestEventTimes.update(List.of(lateness.newest()));
        }
    }

    @Override
    public void processElement(RawEvent event, Context ctx, Collector<LabelledExample> out) {
        events.add(1);
        Featurizer.Outcome outcome = featurizer.featurize(event);
        LabelledExample example = outcome.example();
        // A time from the future is judged first: it must not move the lateness rule.
        DeadLetter ahead = example == null || future == null ? null : future.check(event);
        DeadLetter late =
                example == null || ahead != null || lateness == null ? null : lateness.check(event);
        if (ahead != null) {
            ctx.output(DEAD_LETTERS, ahead);
        } else if (late != null) {
            ctx.output(DEAD_LETTERS, late);
        } else if (example != null) {
            // An inline label arrives with its event: freshness is measured from here.
            out.collect(
                    stampLabelArrival && example.hasLabel()
                            ? example.withLabelledAt(ctx.timerService().currentProcessingTime())
                            : example);
        } else {
            ctx.output(DEAD_LETTERS, outcome.deadLetter());
        }
    }
}
