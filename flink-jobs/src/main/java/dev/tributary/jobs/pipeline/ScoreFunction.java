package dev.tributary.jobs.pipeline;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelArrivals;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.jobs.serve.ChampionScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Scores every event on arrival with the model that serves it: its experiment's champion, or a
 * canary of a rollout that its entity is routed to ({@link ChampionScorer}). Serving snapshots come
 * from the training operator as a broadcast stream, straight away, and the ones in service are kept
 * in broadcast state, with the split they serve by, so that after a restore the scorer serves what
 * it served before.
 *
 * <p>It also measures freshness: at a model's first prediction, the time since each label it
 * learned (and its predecessor had not) arrived in the job, as the histogram metric {@code
 * freshness_ms} (the latest {@value #FRESHNESS_WINDOW} samples) and the run's {@link
 * FreshnessAccumulator}. With several scorer subtasks, each measures its own first prediction.
 */
public final class ScoreFunction
        extends BroadcastProcessFunction<LabelledExample, ServingSnapshot, Prediction> {

    private static final long serialVersionUID = 1L;

    /**
     * The snapshots in service, by {@link #stateKey}: an experiment's champion and canaries. (Named
     * "champions" since it held the champion alone, by experiment; such an entry is still read.)
     */
    public static final MapStateDescriptor<String, ServingSnapshot> CHAMPIONS =
            new MapStateDescriptor<>(
                    "champions", Types.STRING, TypeInformation.of(ServingSnapshot.class));

    static final int FRESHNESS_WINDOW = 10_000;

    private final List<ExperimentConfig> experiments;

    private transient ChampionScorer scorer;
    private transient boolean restored;
    private transient ServingMetrics metrics;
    private transient FreshnessAccumulator freshness;

    public ScoreFunction(List<ExperimentConfig> experiments) {
        this.experiments = List.copyOf(experiments);
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = new ChampionScorer(experiments);
        metrics =
                new ServingMetrics(
                        getRuntimeContext().getMetricGroup(), experiments, FRESHNESS_WINDOW);
        freshness = new FreshnessAccumulator();
        getRuntimeContext().addAccumulator(FreshnessAccumulator.NAME, freshness);
    }

    @Override
    public void processElement(
            LabelledExample event, ReadOnlyContext ctx, Collector<Prediction> out)
            throws Exception {
        restoreOnce(ctx.getBroadcastState(CHAMPIONS));
        Prediction prediction = scorer.score(event);
        if (prediction == null) {
            ctx.output(
                    FeaturizeFunction.DEAD_LETTERS,
                    new DeadLetter(
                            event.id(),
                            ReasonCode.UNKNOWN_EXPERIMENT,
                            "",
                            "experiment " + event.experiment() + " is not configured",
                            ""));
            return;
        }
        metrics.served(prediction.experiment(), prediction.arm());
        out.collect(prediction);
        LabelArrivals served = scorer.takeFirstServed(event.experiment());
        if (!served.isEmpty()) {
            recordFreshness(event.experiment(), served, ctx.currentProcessingTime());
        }
    }

    private void recordFreshness(String experiment, LabelArrivals served, long now) {
        double weight = served.weight();
        for (long arrived : served.sampleMillis()) {
            long millis = Math.max(0, now - arrived);
            freshness.add(millis, weight);
            metrics.freshness(experiment, millis);
        }
    }

    @Override
    public void processBroadcastElement(
            ServingSnapshot snapshot, Context ctx, Collector<Prediction> out) throws Exception {
        BroadcastState<String, ServingSnapshot> serving = ctx.getBroadcastState(CHAMPIONS);
        restoreOnce(serving);
        String experiment = snapshot.experiment();
        if (!scorer.update(snapshot)) {
            return;
        }
        // Rewrite the experiment's entries: models out of service go, and so does an entry of a
        // savepoint from before canaries, keyed by the experiment alone. A handful of entries.
        List<String> stale = new ArrayList<>();
        for (Map.Entry<String, ServingSnapshot> entry : serving.entries()) {
            if (entry.getValue().experiment().equals(experiment)) {
                stale.add(entry.getKey());
            }
        }
        for (String key : stale) {
            serving.remove(key);
        }
        for (ServingSnapshot s : scorer.servingSnapshots(experiment)) {
            serving.put(stateKey(experiment, s.modelId()), s);
        }
        metrics.updated(experiment, snapshot.arm());
    }

    /** After a restore the broadcast state holds what was served; take it into service once. */
    private void restoreOnce(ReadOnlyBroadcastState<String, ServingSnapshot> serving)
            throws Exception {
        if (restored) {
            return;
        }
        restored = true;
        List<ServingSnapshot> stored = new ArrayList<>();
        for (Map.Entry<String, ServingSnapshot> entry : serving.immutableEntries()) {
            stored.add(entry.getValue());
        }
        scorer.restore(stored);
    }

    /** The broadcast state key of a model's snapshot. */
    static String stateKey(String experiment, String modelId) {
        // NUL separates the names: the registry refuses names with one, so keys never collide.
        return experiment + '\0' + modelId;
    }
}
