package dev.tributary.core.model;

import dev.tributary.core.config.RetrainPolicy;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A supervisor's decision, as written to the audit log (the {@code decisions} topic, the registry's
 * decision log and a run's {@code summary.json}).
 *
 * <p>The {@code evidence} holds the numbers the decision was read from, under snake_case names, for
 * example {@code pairs}, {@code mean_difference}, {@code lower}, {@code upper} and {@code
 * statistic} of the sequential comparison, {@code champion_window_loss} and {@code
 * challenger_window_loss} of the guardrail, or {@code metric}, {@code baseline} and {@code
 * consecutive_windows} of a retrain trigger, sorted by name. Non-finite values are kept (JSON
 * writes them as null).
 *
 * @param experiment the experiment
 * @param kind what was decided
 * @param modelId the model it concerns (for {@link DecisionKind#RETRAIN} the new challenger)
 * @param version that model's latest published version when decided, 0 before its first
 * @param eventTime event time of the example that triggered it, epoch milliseconds
 * @param examples number of labelled examples the experiment had seen when it was made
 * @param reason a human-readable reason, e.g. {@code "100000 examples since version 3"}
 * @param source for {@link DecisionKind#RETRAIN} the configuration the challenger is built from (a
 *     configured model or challenger template id); for {@link DecisionKind#PROMOTE} the champion it
 *     replaces; otherwise empty
 * @param action for {@link DecisionKind#RETRAIN}, and for a {@link DecisionKind#ROLLBACK} of the
 *     champion, how the new parameters start; {@code null} otherwise
 * @param traffic the model's share of served traffic after the decision; {@code NaN} where the
 *     decision does not change it
 * @param evidence the numbers behind the decision, by name
 */
public record Decision(
        String experiment,
        DecisionKind kind,
        String modelId,
        long version,
        long eventTime,
        long examples,
        String reason,
        String source,
        RetrainPolicy.Action action,
        double traffic,
        Map<String, Double> evidence) {

    public Decision {
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(modelId, "modelId");
        reason = reason == null ? "" : reason;
        source = source == null ? "" : source;
        // Sorted by name, whatever map it came in: Flink's map serializer hands a HashMap back,
        // so an insertion order would not survive the job graph, and the log must read the same
        // on every run. A mutable TreeMap rather than Map.copyOf, which Flink cannot copy.
        evidence = evidence == null ? new TreeMap<>() : new TreeMap<>(evidence);
    }

    /** A decision without evidence, source or action that leaves traffic as it is. */
    public Decision(
            String experiment,
            DecisionKind kind,
            String modelId,
            long eventTime,
            long examples,
            String reason) {
        this(experiment, kind, modelId, 0, eventTime, examples, reason, "", null, Double.NaN, null);
    }

    /** The evidence, read-only. */
    @Override
    public Map<String, Double> evidence() {
        return Collections.unmodifiableMap(evidence);
    }

    /** The same decision with another reason (what the learner did to carry it out). */
    public Decision withReason(String newReason) {
        return new Decision(
                experiment,
                kind,
                modelId,
                version,
                eventTime,
                examples,
                newReason,
                source,
                action,
                traffic,
                evidence);
    }

    /** The same decision about another version (the one the learner published to carry it out). */
    public Decision withVersion(long newVersion) {
        return new Decision(
                experiment,
                kind,
                modelId,
                newVersion,
                eventTime,
                examples,
                reason,
                source,
                action,
                traffic,
                evidence);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Decision other
                && experiment.equals(other.experiment)
                && kind == other.kind
                && modelId.equals(other.modelId)
                && version == other.version
                && eventTime == other.eventTime
                && examples == other.examples
                && reason.equals(other.reason)
                && source.equals(other.source)
                && action == other.action
                && Double.compare(traffic, other.traffic) == 0
                && evidence.equals(other.evidence);
    }

    @Override
    public int hashCode() {
        return Objects.hash(experiment, kind, modelId, version, eventTime, examples, reason);
    }
}
