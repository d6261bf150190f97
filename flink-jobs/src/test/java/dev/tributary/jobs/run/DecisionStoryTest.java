package dev.tributary.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionStoryTest {

    private static final long T = Instant.parse("2001-02-01T05:30:00Z").toEpochMilli();

    private static Decision decision(
            DecisionKind kind, String model, long minutes, double traffic, String reason) {
        return new Decision(
                "flights",
                kind,
                model,
                0,
                T + minutes * 60_000,
                100,
                reason,
                "",
                kind == DecisionKind.RETRAIN ? RetrainPolicy.Action.REPLAY : null,
                traffic,
                Map.of("pairs", 1.0));
    }

    @Test
    void countsEveryKindAndTellsThePathOfEachPromotedChallenger() {
        List<Decision> log =
                List.of(
                        decision(DecisionKind.PUBLISH, "m", 0, Double.NaN, "100000 examples"),
                        decision(DecisionKind.DRIFT, "m", 0, Double.NaN, "adwin: rise"),
                        decision(DecisionKind.RETRAIN, "m-r1", 0, 0, "drift: retrain"),
                        decision(DecisionKind.ROLLBACK, "m-r1", 60, 0, "inconclusive"),
                        decision(DecisionKind.DRIFT, "m", 90, Double.NaN, "adwin: rise"),
                        decision(DecisionKind.RETRAIN, "m-r2", 90, 0, "drift: retrain"),
                        decision(
                                DecisionKind.CANARY,
                                "m-r2",
                                120,
                                0.05,
                                "better " + "x".repeat(200)),
                        decision(DecisionKind.PROMOTE, "m-r2", 150, 1.0, "better"),
                        decision(DecisionKind.DRIFT, "m-r2", 200, Double.NaN, "adwin: rise"),
                        decision(DecisionKind.PUBLISH, "m-r2", 200, Double.NaN, "end of input"));

        List<String> lines = DecisionStory.lines(log);

        assertThat(lines)
                .containsExactly(
                        "Automatic retraining: 3 drifts detected, 2 challengers started, 1 promoted,"
                                + " 1 rolled back",
                        "  2001-02-01 07:00  RETRAIN m-r2 0%: drift: retrain",
                        "  2001-02-01 07:30  CANARY  m-r2 5%: better "
                                + "x".repeat(DecisionStory.MAX_REASON - 10)
                                + "...",
                        "  2001-02-01 08:00  PROMOTE m-r2 100%: better");
    }

    @Test
    void aRunWithPublicationsOnlyHasNoStory() {
        assertThat(
                        DecisionStory.lines(
                                List.of(decision(DecisionKind.PUBLISH, "m", 0, Double.NaN, "x"))))
                .isEmpty();
    }
}
