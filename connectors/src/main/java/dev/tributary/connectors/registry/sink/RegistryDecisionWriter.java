package dev.tributary.connectors.registry.sink;

import dev.tributary.connectors.registry.LocalModelRegistry;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.TrafficSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer of a {@link RegistryDecisionSink}. Every write is durable when it returns. The split
 * is written before the decision is logged: a crash between the two leaves a decision that is
 * replayed, applied again (applying a decision twice gives the same split) and then logged.
 */
public final class RegistryDecisionWriter implements SinkWriter<Decision> {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryDecisionWriter.class);

    /**
     * What makes a logged decision the same as a replayed one. Not the evidence or the traffic,
     * whose doubles need not survive JSON exactly, nor the version, which the learner may amend;
     * the reason, so that two manual commands rejected at the same example are both kept.
     */
    private record Key(
            DecisionKind kind, String modelId, long examples, long eventTime, String reason) {
        static Key of(Decision d) {
            return new Key(d.kind(), d.modelId(), d.examples(), d.eventTime(), d.reason());
        }
    }

    private final LocalModelRegistry registry;
    private final String championModelId;

    /** Per experiment, the decisions in its log; read from the log at the first decision. */
    private final Map<String, Set<Key>> logged = new HashMap<>();

    /**
     * @param registry where to write
     * @param championModelId the configured champion, serving all traffic until a split is recorded
     */
    public RegistryDecisionWriter(LocalModelRegistry registry, String championModelId) {
        this.registry = registry;
        this.championModelId = championModelId;
    }

    @Override
    public void write(Decision decision, Context context) throws IOException {
        try {
            Set<Key> keys = logged.computeIfAbsent(decision.experiment(), this::readLog);
            Key key = Key.of(decision);
            if (keys.contains(key)) {
                return;
            }
            if (changesTraffic(decision)) {
                recordTraffic(decision);
            }
            registry.appendDecision(decision);
            keys.add(key);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Set<Key> readLog(String experiment) {
        Set<Key> keys = new HashSet<>();
        for (Decision d : registry.decisions(experiment)) {
            keys.add(Key.of(d));
        }
        return keys;
    }

    /** Whether a decision says who serves traffic afterwards. */
    static boolean changesTraffic(Decision d) {
        return (d.kind() == DecisionKind.CANARY
                        || d.kind() == DecisionKind.PROMOTE
                        || d.kind() == DecisionKind.ROLLBACK)
                && Double.isFinite(d.traffic());
    }

    private void recordTraffic(Decision decision) {
        String experiment = decision.experiment();
        TrafficSplit before =
                registry.traffic(experiment)
                        .orElseGet(() -> TrafficSplit.championOnly(championModelId));
        TrafficSplit after;
        try {
            after = apply(before, decision);
        } catch (IllegalArgumentException e) {
            // The decision is still logged: the log is the audit trail of what was decided.
            LOG.warn(
                    "{} of {} in {} does not give a valid split from {}: {}",
                    decision.kind(),
                    decision.modelId(),
                    experiment,
                    before,
                    e.getMessage());
            return;
        }
        registry.setTraffic(experiment, after, decision);
        LOG.info(
                "Traffic of {} after {} {}: {}",
                experiment,
                decision.kind(),
                decision.modelId(),
                after);
    }

    /**
     * The split after a decision: a canary step sets the canary's fraction (a new canary is routed
     * after the existing ones, so that their entities keep their arm); a promotion makes the model
     * the champion and drops the champion it replaces; a rollback takes a canary out (a rolled back
     * champion keeps serving, with fresh parameters).
     *
     * @throws IllegalArgumentException if the result is not a valid split
     */
    static TrafficSplit apply(TrafficSplit split, Decision d) {
        List<String> canaries = new ArrayList<>(Arrays.asList(split.canaries()));
        List<Double> fractions = new ArrayList<>();
        for (double f : split.fractions()) {
            fractions.add(f);
        }
        String champion = split.champion();
        int index = canaries.indexOf(d.modelId());
        switch (d.kind()) {
            case CANARY:
                if (d.modelId().equals(champion)) {
                    throw new IllegalArgumentException("the champion cannot be a canary");
                }
                if (index >= 0) {
                    fractions.set(index, d.traffic());
                } else {
                    canaries.add(d.modelId());
                    fractions.add(d.traffic());
                }
                break;
            case PROMOTE:
                champion = d.modelId();
                if (index >= 0) {
                    canaries.remove(index);
                    fractions.remove(index);
                }
                break;
            case ROLLBACK:
                if (index >= 0) {
                    canaries.remove(index);
                    fractions.remove(index);
                }
                break;
            default:
                return split;
        }
        double[] shares = new double[fractions.size()];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = fractions.get(i);
        }
        return new TrafficSplit(champion, canaries.toArray(new String[0]), shares);
    }

    @Override
    public void flush(boolean endOfInput) {
        // Every write is durable when it returns.
    }

    @Override
    public void close() {
        // Holds no resources.
    }
}
