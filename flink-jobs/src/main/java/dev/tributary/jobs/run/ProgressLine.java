package dev.tributary.jobs.run;

import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.core.supervision.Metrics;
import dev.tributary.core.supervision.ModelEvaluation;
import java.util.Locale;

/** Formats the one live progress line of a run from the latest status report. */
public final class ProgressLine {

    private ProgressLine() {}

    /**
     * @param status the latest report
     * @param examplesPerSecond training throughput since the run started
     */
    public static String format(ExperimentStatus status, double examplesPerSecond) {
        StringBuilder line =
                new StringBuilder(
                        String.format(
                                Locale.ROOT,
                                "%,d examples  %,.0f ex/s",
                                status.examples(),
                                examplesPerSecond));
        if (status.evaluations().length > 0) {
            ModelEvaluation champion = status.champion();
            Metrics m = champion.sinceStart();
            String quality = QualityText.of(m, "  ");
            line.append(
                    String.format(
                            Locale.ROOT,
                            "  %s  %s v%d",
                            quality,
                            champion.model().modelId(),
                            champion.model().version()));
        }
        return line.toString();
    }
}
