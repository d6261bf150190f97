package dev.tributary.jobs.pipeline;

import dev.tributary.connectors.kafka.LabelEvent;
import dev.tributary.core.config.LabelJoinConfig;
import dev.tributary.core.config.LabelSpec;
import dev.tributary.core.metrics.MetricScope;
import dev.tributary.core.metrics.TributaryMetric;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.jobs.join.JoinCounter;
import dev.tributary.jobs.join.JoinOutput;
import dev.tributary.jobs.join.JoinState;
import dev.tributary.jobs.join.LabelJoiner;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Joins featurized events (first input) with labels from their own stream (second input), keyed by
 * event id, in event time. The logic is {@link LabelJoiner}; this function keeps its state in
 * RocksDB keyed state (with a TTL as a safety net: three attribution windows), sets its event-time
 * timers, counts what happens per {@link JoinCounter}, and sends rejected labels and events to the
 * dead letters.
 */
public final class LabelJoinFunction
        extends KeyedCoProcessFunction<String, LabelledExample, LabelEvent, LabelledExample> {

    private static final long serialVersionUID = 1L;

    private final LabelJoinConfig config;
    private final LabelSpec label;

    private transient LabelJoiner joiner;
    private transient ValueState<JoinState> state;
    private transient Map<JoinCounter, Counter> counters;
    private transient Counter unreadableLabels;

    public LabelJoinFunction(LabelJoinConfig config) {
        this(config, LabelSpec.binary("label"));
    }

    /** Joins labels of the job's kind ({@code features.label}). */
    public LabelJoinFunction(LabelJoinConfig config, LabelSpec label) {
        this.config = config;
        this.label = label;
    }

    @Override
    public void open(OpenContext openContext) {
        joiner = new LabelJoiner(config, label);
        ValueStateDescriptor<JoinState> descriptor =
                new ValueStateDescriptor<>("label-join", TypeInformation.of(JoinState.class));
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(config.attributionWindow().multipliedBy(3)).build());
        state = getRuntimeContext().getState(descriptor);
        MetricGroup group = getRuntimeContext().getMetricGroup().addGroup(MetricScope.ROOT);
        TributaryMetric labels = TributaryMetric.LABEL_JOIN;
        String key = labels.scope().keys().get(0);
        counters = new EnumMap<>(JoinCounter.class);
        for (JoinCounter c : JoinCounter.values()) {
            counters.put(
                    c,
                    group.addGroup(key, TributaryMetric.labelValue(c))
                            .counter(labels.metricName()));
        }
        unreadableLabels = group.addGroup(key, "unreadable_label").counter(labels.metricName());
    }

    @Override
    public void processElement1(LabelledExample event, Context ctx, Collector<LabelledExample> out)
            throws Exception {
        update(joiner.onEvent(state.value(), event, output(ctx, out)), ctx);
    }

    @Override
    public void processElement2(LabelEvent label, Context ctx, Collector<LabelledExample> out)
            throws Exception {
        if (!label.isReadable()) {
            unreadableLabels.inc();
            ctx.output(FeaturizeFunction.DEAD_LETTERS, label.rejection());
            return;
        }
        JoinState next =
                joiner.onLabel(
                        state.value(),
                        label.id(),
                        label.labelText(),
                        label.eventTime(),
                        output(ctx, out));
        update(next, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelledExample> out)
            throws Exception {
        JoinState current = state.value();
        JoinState next = joiner.onTimer(current, timestamp, output(ctx, out));
        if (next != current) {
            update(next, ctx);
        }
    }

    private void update(JoinState next, Context ctx) throws Exception {
        JoinState previous = state.value();
        if (next == null) {
            state.clear();
            return;
        }
        if (next != previous) {
            state.update(next);
        }
        if (previous == null || previous.closesAt() != next.closesAt()) {
            ctx.timerService().registerEventTimeTimer(next.closesAt());
        }
    }

    private JoinOutput output(Context ctx, Collector<LabelledExample> out) {
        return new JoinOutput() {
            @Override
            public void joined(LabelledExample example) {
                // The label is known from now on: freshness is measured from here.
                out.collect(example.withLabelledAt(ctx.timerService().currentProcessingTime()));
            }

            @Override
            public void deadLetter(DeadLetter deadLetter) {
                ctx.output(FeaturizeFunction.DEAD_LETTERS, deadLetter);
            }

            @Override
            public void count(JoinCounter counter) {
                counters.get(counter).inc();
            }
        };
    }
}
