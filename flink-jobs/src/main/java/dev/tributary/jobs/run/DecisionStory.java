package dev.tributary.jobs.run;

import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What automatic retraining did in a run, told in a few console lines: how many drifts, retrains,
 * promotions and rollbacks, then the whole path of every promoted challenger, from its retrain to
 * its promotion. The full log with every piece of evidence is {@code summary.json}'s; this is the
 * part a person reads at the end of a run.
 */
public final class DecisionStory {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The longest reason shown on one line; longer ones are cut. */
    static final int MAX_REASON = 120;

    /** The kinds that make up a challenger's path; drifts and publications of it are left out. */
    private static final Set<DecisionKind> ROLLOUT =
            EnumSet.of(
                    DecisionKind.RETRAIN,
                    DecisionKind.CANARY,
                    DecisionKind.PROMOTE,
                    DecisionKind.ROLLBACK);

    private DecisionStory() {}

    /** The story's lines, none when nothing but publications was decided. */
    public static List<String> lines(List<Decision> decisions) {
        Map<DecisionKind, Integer> counts = new EnumMap<>(DecisionKind.class);
        Set<String> promoted = new LinkedHashSet<>();
        for (Decision d : decisions) {
            counts.merge(d.kind(), 1, Integer::sum);
            if (d.kind() == DecisionKind.PROMOTE) {
                promoted.add(d.modelId());
            }
        }
        int retrains = counts.getOrDefault(DecisionKind.RETRAIN, 0);
        int manual =
                counts.getOrDefault(DecisionKind.PAUSE, 0)
                        + counts.getOrDefault(DecisionKind.RESUME, 0)
                        + counts.getOrDefault(DecisionKind.REJECT, 0);
        if (retrains == 0 && promoted.isEmpty() && manual == 0) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add(
                String.format(
                        Locale.ROOT,
                        "Automatic retraining: %,d drifts detected, %,d challengers started, %,d"
                                + " promoted, %,d rolled back%s",
                        counts.getOrDefault(DecisionKind.DRIFT, 0),
                        retrains,
                        promoted.size(),
                        counts.getOrDefault(DecisionKind.ROLLBACK, 0),
                        manual == 0
                                ? ""
                                : String.format(Locale.ROOT, ", %,d manual commands", manual)));
        for (Decision d : decisions) {
            if (promoted.contains(d.modelId()) && ROLLOUT.contains(d.kind())) {
                lines.add(line(d));
            }
        }
        return lines;
    }

    static String line(Decision d) {
        String reason = d.reason();
        if (reason.length() > MAX_REASON) {
            reason = reason.substring(0, MAX_REASON - 3) + "...";
        }
        String traffic =
                Double.isNaN(d.traffic())
                        ? ""
                        : String.format(Locale.ROOT, " %.0f%%", 100 * d.traffic());
        return String.format(
                Locale.ROOT,
                "  %s  %-7s %s%s: %s",
                TIME.format(Instant.ofEpochMilli(d.eventTime())),
                d.kind().name(),
                d.modelId(),
                traffic,
                reason);
    }
}
