package dev.tributary.jobs.pipeline;

import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.RawEvent;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.jobs.featurize.Featurizer;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Cleans and featurizes raw events; rejected events go to the {@link #DEAD_LETTERS} side output
 * with their reason, and are counted per reason. Nothing is dropped silently.
 */
public final class FeaturizeFunction extends ProcessFunction<RawEvent, LabelledExample> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Accumulator names, read by the command line for the run summary. */
    public static final String EVENTS_ACCUMULATOR = "events";

    public static final String DEAD_LETTERS_ACCUMULATOR = "dead-letters";

    private final FeatureSpec spec;
    private final String experiment;

    private transient Featurizer featurizer;
    private transient LongCounter events;
    private transient LongCounter deadLetters;
    private transient Map<ReasonCode, Counter> deadLettersByReason;

    public FeaturizeFunction(FeatureSpec spec, String experiment) {
        this.spec = spec;
        this.experiment = experiment;
    }

    @Override
    public void open(OpenContext openContext) {
        featurizer = new Featurizer(spec, experiment);
        events = getRuntimeContext().getLongCounter(EVENTS_ACCUMULATOR);
        deadLetters = getRuntimeContext().getLongCounter(DEAD_LETTERS_ACCUMULATOR);
        deadLettersByReason = new EnumMap<>(ReasonCode.class);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("deadLetters");
        for (ReasonCode reason : ReasonCode.values()) {
            deadLettersByReason.put(
                    reason, group.addGroup("reason", reason.name()).counter("count"));
        }
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
