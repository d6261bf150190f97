package dev.tributary.jobs.pipeline;

import dev.tributary.core.config.FeatureSpec;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.features.EntityFeaturizer;
import dev.tributary.features.EntityWindow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keeps each entity's {@link EntityWindow} in keyed state (RocksDB) and fills in the entity
 * features of every example, in the order the entity's events arrive. An entity idle for its ttl
 * (event time) is forgotten by a timer; Flink's processing-time state TTL of the same length is a
 * second line, so the state of entities that never come back cannot grow without bound even when
 * event time stalls. Events without an entity key are featurized as an entity never seen, and leave
 * nothing behind.
 *
 * <p>The window is kept as bytes in the {@link EntityWindow} format, which carries its own version,
 * so the state's layout is explicit rather than Kryo's.
 */
public final class EntityFeatureFunction
        extends KeyedProcessFunction<String, LabelledExample, LabelledExample> {

    static final String UID = "entity-features";

    private final FeatureSpec spec;
    private transient EntityFeaturizer featurizer;
    private transient ValueState<byte[]> windows;

    EntityFeatureFunction(FeatureSpec spec) {
        this.spec = spec;
    }

    /** {@code examples} with their entity features, or as they are when the spec has none. */
    public static DataStream<LabelledExample> withEntityFeatures(
            DataStream<LabelledExample> examples, FeatureSpec spec) {
        if (spec.entityFeatures() == null) {
            return examples;
        }
        return examples.keyBy(LabelledExample::entityKey, Types.STRING)
                .process(new EntityFeatureFunction(spec), TypeInformation.of(LabelledExample.class))
                .uid(UID)
                .name("Entity features");
    }

    @Override
    public void open(OpenContext openContext) {
        featurizer = new EntityFeaturizer(spec);
        ValueStateDescriptor<byte[]> descriptor =
                new ValueStateDescriptor<>(
                        "entity-window", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(spec.entityFeatures().ttl())
                        .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                        .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                        .build());
        windows = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(LabelledExample example, Context ctx, Collector<LabelledExample> out)
            throws Exception {
        if (example.entityKey().isEmpty()) {
            out.collect(featurizer.apply(example, featurizer.newWindow()));
            return;
        }
        byte[] stored = windows.value();
        EntityWindow window = stored == null ? featurizer.newWindow() : read(stored);
        if (!window.isEmpty()) {
            // One timer per entity: the newest event decides when it expires.
            ctx.timerService().deleteEventTimeTimer(featurizer.expiresAt(window));
        }
        if (featurizer.expired(window, example.eventTime())) {
            window = featurizer.newWindow();
        }
        out.collect(featurizer.apply(example, window));
        windows.update(write(window));
        ctx.timerService().registerEventTimeTimer(featurizer.expiresAt(window));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LabelledExample> out)
            throws Exception {
        byte[] stored = windows.value();
        if (stored != null && featurizer.expired(read(stored), timestamp)) {
            windows.clear();
        }
    }

    private EntityWindow read(byte[] bytes) throws IOException {
        return EntityWindow.read(
                new DataInputStream(new ByteArrayInputStream(bytes)),
                spec.entityFeatures().means().size());
    }

    private static byte[] write(EntityWindow window) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        window.writeTo(new DataOutputStream(buffer));
        return buffer.toByteArray();
    }
}
