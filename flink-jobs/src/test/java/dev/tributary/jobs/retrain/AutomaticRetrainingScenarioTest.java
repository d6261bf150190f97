package dev.tributary.jobs.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.DriftConfig;
import dev.tributary.core.config.EvaluationConfig;
import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.FeatureSpace;
import dev.tributary.core.config.FtrlConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.ModelFamily;
import dev.tributary.core.config.RetrainConfig;
import dev.tributary.core.config.RetrainPolicy;
import dev.tributary.core.config.RolloutPlan;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ReferencePrediction;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.core.supervision.ModelEvaluation;
import dev.tributary.evaluator.supervisor.PrequentialSupervisorFactory;
import dev.tributary.trainer.experiment.ExperimentLearner;
import dev.tributary.trainer.experiment.LearnerOutput;
import dev.tributary.trainer.experiment.LearnerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Acceptance 1 of automatic retraining, end to end in plain Java: the real learner, models and
 * supervisor on seeded streams with an abrupt and a gradual drift. The drift must be detected
 * within a bounded delay, a challenger started, rolled out and promoted on proof, the champion's
 * windowed loss must come back to its level before the drift, and every decision must be in the log
 * with its evidence.
 */
class AutomaticRetrainingScenarioTest {

    private static final long DRIFT_AT = 60_000;
    private static final long TOTAL = 200_000;
    private static final int WINDOW = 2_000;

    @ParameterizedTest(name = "{0} drift")
    @CsvSource({"abrupt, 0, 6000", "gradual, 10000, 16000"})
    void aDriftIsDetectedAChallengerPromotedAndTheLossComesBack(
            String name, long driftLength, long detectionBound) {
        ExperimentConfig config = experiment();
        Collected out = new Collected();
        DriftingStream stream = new DriftingStream("drift", 42, DRIFT_AT, driftLength);
        double beforeDrift = Double.NaN;
        try (ExperimentLearner learner =
                ExperimentLearner.create(
                        config,
                        new PrequentialSupervisorFactory(),
                        new LearnerSettings(WINDOW, 0, "test"))) {
            while (stream.position() < TOTAL) {
                learner.learn(stream.next(), out);
                if (stream.position() == DRIFT_AT) {
                    beforeDrift = championWindowLogLoss(learner.status(false));
                }
            }
            learner.finish(out);
        }

        List<Decision> log =
                out.decisions.stream().filter(d -> d.kind() != DecisionKind.PUBLISH).toList();
        Decision drift = first(log, DecisionKind.DRIFT);
        assertThat(drift.examples())
                .as("detection delay of the %s drift; log %s", name, log)
                .isBetween(DRIFT_AT, DRIFT_AT + detectionBound);
        Decision retrain = first(log, DecisionKind.RETRAIN);
        assertThat(retrain.examples()).isGreaterThanOrEqualTo(drift.examples());
        Decision promote = first(log, DecisionKind.PROMOTE);
        assertThat(promote.modelId()).isEqualTo(retrain.modelId());
        assertThat(promote.source()).isEqualTo("champion");
        assertThat(promote.evidence().get("pairs")).isGreaterThanOrEqualTo(1_000.0);
        assertThat(promote.evidence().get("lower")).isGreaterThan(0.0);
        assertThat(log.stream().filter(d -> d.kind() == DecisionKind.CANARY))
                .extracting(Decision::traffic)
                .containsExactly(0.05, 0.25);
        for (Decision decision : log) {
            assertThat(decision.evidence()).as("evidence of %s", decision).isNotEmpty();
        }

        ExperimentStatus end = out.status.get(out.status.size() - 1);
        assertThat(end.champion().model().modelId()).isEqualTo(promote.modelId());
        double afterPromotion = championWindowLogLoss(end);
        assertThat(afterPromotion)
                .as("champion window log loss at the end against %s before the drift", beforeDrift)
                .isLessThanOrEqualTo(beforeDrift * 1.03);
    }

    private static ExperimentConfig experiment() {
        ModelConfig champion =
                new ModelConfig("champion", ModelFamily.LOGISTIC, FtrlConfig.DEFAULTS, 0);
        RetrainPolicy policy =
                new RetrainPolicy(
                        "logloss",
                        null,
                        new RetrainPolicy.Degradation(0.10, 2),
                        true,
                        null,
                        0.0,
                        Duration.ZERO,
                        2,
                        RetrainPolicy.Action.REPLAY,
                        5_000);
        RolloutPlan rollout = new RolloutPlan(List.of(0.05, 0.25), 1_000, Duration.ofHours(1), 1.1);
        return new ExperimentConfig(
                "drift",
                FeatureSpace.of(12, List.of()),
                List.of(champion),
                new EvaluationConfig(WINDOW),
                50_000,
                new RetrainConfig(policy, DriftConfig.DEFAULT, rollout, List.of()));
    }

    private static double championWindowLogLoss(ExperimentStatus status) {
        ModelEvaluation champion = status.champion();
        return champion.window().logLoss();
    }

    private static Decision first(List<Decision> log, DecisionKind kind) {
        return log.stream()
                .filter(d -> d.kind() == kind)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " decision in " + log));
    }

    /** Everything the learner produced. */
    private static final class Collected implements LearnerOutput {
        final List<Decision> decisions = new ArrayList<>();
        final List<ExperimentStatus> status = new ArrayList<>();
        final List<ModelArtifact> artifacts = new ArrayList<>();

        @Override
        public void prediction(Prediction prediction) {}

        @Override
        public void decision(Decision decision) {
            decisions.add(decision);
        }

        @Override
        public void artifact(ModelArtifact artifact) {
            artifacts.add(artifact);
        }

        @Override
        public void reference(ReferencePrediction reference) {}

        @Override
        public void status(ExperimentStatus report) {
            status.add(report);
        }
    }
}
