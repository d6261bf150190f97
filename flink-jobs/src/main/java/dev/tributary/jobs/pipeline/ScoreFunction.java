package dev.tributary.jobs.pipeline;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.model.DeadLetter;
import dev.tributary.core.model.LabelArrivals;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ReasonCode;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.jobs.serve.ChampionScorer;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Scores every event on arrival with its experiment's current champion. Serving snapshots come from
 * the training operator as a broadcast stream, straight away, and are kept in broadcast state so
 * that after a restore the scorer serves the model it served before.
 *
 * <p>It also measures freshness: at a model's first prediction, the time since each label it
 * learned (and its predecessor had not) arrived in the job, as the histogram metric {@code
 * freshnessMs} (the latest {@value #FRESHNESS_WINDOW} samples) and the run's {@link
 * FreshnessAccumulator}. With several scorer subtasks, each measures its own first prediction.
 */
public final class ScoreFunction
        extends BroadcastProcessFunction<LabelledExample, ServingSnapshot, Prediction> {

    private static final long serialVersionUID = 1L;

    /** The champion snapshot per experiment. */
    public static final MapStateDescriptor<String, ServingSnapshot> CHAMPIONS =
            new MapStateDescriptor<>(
                    "champions", Types.STRING, TypeInformation.of(ServingSnapshot.class));

    static final int FRESHNESS_WINDOW = 10_000;

    private final List<ExperimentConfig> experiments;

    private transient ChampionScorer scorer;
    private transient Counter predictions;
    private transient Counter modelUpdates;
    private transient Histogram freshnessMs;
    private transient FreshnessAccumulator freshness;

    public ScoreFunction(List<ExperimentConfig> experiments) {
        this.experiments = List.copyOf(experiments);
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = new ChampionScorer(experiments);
        predictions = getRuntimeContext().getMetricGroup().counter("predictionsServed");
        modelUpdates = getRuntimeContext().getMetricGroup().counter("servingModelUpdates");
        freshnessMs =
                getRuntimeContext()
                        .getMetricGroup()
                        .histogram(
                                "freshnessMs",
                                new DescriptiveStatisticsHistogram(FRESHNESS_WINDOW));
        freshness = new FreshnessAccumulator();
        getRuntimeContext().addAccumulator(FreshnessAccumulator.NAME, freshness);
    }

    @Override
    public void processElement(
            LabelledExample event, ReadOnlyContext ctx, Collector<Prediction> out)
            throws Exception {
        // After a restore the broadcast state holds the champion; take it into service once.
        ReadOnlyBroadcastState<String, ServingSnapshot> champions =
                ctx.getBroadcastState(CHAMPIONS);
        ServingSnapshot stored = champions.get(event.experiment());
        if (stored != null
                && stored.examplesTrained() > scorer.examplesTrained(event.experiment())) {
            scorer.update(stored);
        }
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
        predictions.inc();
        out.collect(prediction);
        LabelArrivals served = scorer.takeFirstServed(event.experiment());
        if (!served.isEmpty()) {
            recordFreshness(served, ctx.currentProcessingTime());
        }
    }

    private void recordFreshness(LabelArrivals served, long now) {
        double weight = served.weight();
        for (long arrived : served.sampleMillis()) {
            long millis = Math.max(0, now - arrived);
            freshness.add(millis, weight);
            freshnessMs.update(millis);
        }
    }

    @Override
    public void processBroadcastElement(
            ServingSnapshot snapshot, Context ctx, Collector<Prediction> out) throws Exception {
        if (scorer.update(snapshot)) {
            BroadcastState<String, ServingSnapshot> champions = ctx.getBroadcastState(CHAMPIONS);
            champions.put(snapshot.experiment(), snapshot);
            modelUpdates.inc();
        }
    }
}
