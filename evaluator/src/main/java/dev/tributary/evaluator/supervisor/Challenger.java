package dev.tributary.evaluator.supervisor;

import dev.tributary.core.config.RolloutPlan;
import dev.tributary.evaluator.rollout.Evidence;
import dev.tributary.evaluator.rollout.Rollout;
import dev.tributary.evaluator.rollout.RolloutDecision;
import dev.tributary.evaluator.rollout.SequentialComparison;
import dev.tributary.evaluator.rollout.Verdict;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A challenger in rollout: the template it was built from, its {@link Rollout}, the {@link
 * SequentialComparison} of its per-example losses with the champion's, and the guardrail window of
 * the last {@code minPairsPerStep} of those pairs. The comparison asks for {@code minPairsPerStep}
 * pairs before it may call the challenger better, like each stage of the rollout.
 */
final class Challenger {

    final ActiveModel model;
    final String template;
    final Rollout rollout;
    final SequentialComparison comparison;
    final GuardrailWindow guardrail;
    private final RolloutPlan plan;

    /** Valid pairs since the rollout was last evaluated. */
    private long newPairs;

    private Challenger(
            ActiveModel model,
            String template,
            RolloutPlan plan,
            Rollout rollout,
            SequentialComparison comparison,
            GuardrailWindow guardrail) {
        this.model = model;
        this.template = template;
        this.plan = plan;
        this.rollout = rollout;
        this.comparison = comparison;
        this.guardrail = guardrail;
    }

    /** A challenger starting in shadow at the given event time. */
    static Challenger start(ActiveModel model, String template, RolloutPlan plan, long now) {
        return new Challenger(
                model,
                template,
                plan,
                new Rollout(plan, now),
                new SequentialComparison(
                        SequentialComparison.DEFAULT_ALPHA,
                        plan.minPairsPerStep(),
                        SequentialComparison.DEFAULT_MARGIN,
                        SequentialComparison.DEFAULT_LOSS_CLIP,
                        SequentialComparison.DEFAULT_V_MIN),
                new GuardrailWindow((int) plan.minPairsPerStep()));
    }

    /** Judges one example both models scored; a NaN loss makes it invalid evidence. */
    void pair(double championLoss, double challengerLoss) {
        if (comparison.observe(championLoss, challengerLoss)) {
            newPairs++;
            guardrail.add(championLoss, challengerLoss);
        }
    }

    /** The valid pairs the next evaluation will count as new. */
    long pendingPairs() {
        return newPairs;
    }

    /** Evaluates the rollout once on the evidence so far (see {@link Rollout#advance}). */
    RolloutDecision advance(boolean parametersFinite, long now) {
        RolloutDecision decision =
                rollout.advance(
                        comparison.evidence(),
                        newPairs,
                        guardrail.size(),
                        guardrail.championMean(),
                        guardrail.challengerMean(),
                        parametersFinite,
                        now);
        newPairs = 0;
        return decision;
    }

    /**
     * Whether the rollout, if evaluated now, would roll the challenger back for what the evidence
     * shows (worse, or beyond the guardrail): the safety rollbacks a pause does not hold back.
     */
    boolean provenUnsafe() {
        if (comparison.evidence().verdict() == Verdict.CHALLENGER_WORSE) {
            return true;
        }
        double championLoss = guardrail.championMean();
        double challengerLoss = guardrail.challengerMean();
        return guardrail.size() >= plan.minPairsPerStep()
                && measurable(championLoss)
                && measurable(challengerLoss)
                && challengerLoss > plan.maxLossRatio() * championLoss;
    }

    private static boolean measurable(double loss) {
        return loss >= 0 && loss < Double.POSITIVE_INFINITY;
    }

    /** The comparison's evidence and the guardrail's, under the decision log's names. */
    Map<String, Double> evidence() {
        Evidence evidence = comparison.evidence();
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("pairs", (double) evidence.pairs());
        map.put("invalid", (double) evidence.invalid());
        map.put("mean_difference", evidence.meanDifference());
        map.put("lower", evidence.lower());
        map.put("upper", evidence.upper());
        map.put("statistic", evidence.statistic());
        map.put("window_pairs", (double) guardrail.size());
        map.put("champion_window_loss", guardrail.championMean());
        map.put("challenger_window_loss", guardrail.challengerMean());
        return map;
    }

    /**
     * Writes the model id and template (UTF), the pairs since the last evaluation (long), then the
     * rollout, the comparison and the guardrail window, each in its own format.
     */
    void writeTo(DataOutput out) throws IOException {
        out.writeUTF(model.id);
        out.writeUTF(template);
        out.writeLong(newPairs);
        rollout.writeTo(out);
        comparison.writeTo(out);
        guardrail.writeTo(out);
    }

    /** Reads the model id that {@link #writeTo} writes first. */
    static String readId(DataInput in) throws IOException {
        return in.readUTF();
    }

    /** Reads the rest of what {@link #writeTo} wrote, for the model whose id was read. */
    static Challenger read(DataInput in, ActiveModel model, RolloutPlan plan) throws IOException {
        String template = in.readUTF();
        long newPairs = in.readLong();
        if (newPairs < 0) {
            throw new IOException(
                    "corrupt challenger state: " + model.id + " with " + newPairs + " new pairs");
        }
        Rollout rollout = Rollout.read(in, plan);
        SequentialComparison comparison =
                SequentialComparison.read(
                        in,
                        SequentialComparison.DEFAULT_ALPHA,
                        plan.minPairsPerStep(),
                        SequentialComparison.DEFAULT_MARGIN,
                        SequentialComparison.DEFAULT_LOSS_CLIP,
                        SequentialComparison.DEFAULT_V_MIN);
        GuardrailWindow guardrail = GuardrailWindow.read(in, (int) plan.minPairsPerStep());
        Challenger challenger =
                new Challenger(model, template, plan, rollout, comparison, guardrail);
        challenger.newPairs = newPairs;
        return challenger;
    }
}
