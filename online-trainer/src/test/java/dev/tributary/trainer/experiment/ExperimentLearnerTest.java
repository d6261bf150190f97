package dev.tributary.trainer.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.DecisionKind;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.model.ModelArtifact;
import dev.tributary.core.model.Prediction;
import dev.tributary.core.model.ReferencePrediction;
import dev.tributary.core.model.ServingSnapshot;
import dev.tributary.core.supervision.ExperimentStatus;
import dev.tributary.trainer.model.OnlineModels;
import dev.tributary.trainer.model.ServingModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentLearnerTest {

    private static final LearnerSettings SETTINGS = new LearnerSettings(500, 50, "test");
    private final ExperimentConfig config = TestingStreams.experiment("exp", 1000);

    @Test
    void predictsBeforeTrainingOnEachExample() {
        ExperimentLearner learner =
                ExperimentLearner.create(config, new TestingSupervisor.Factory(), SETTINGS);
        Collected out = new Collected();
        List<LabelledExample> stream = TestingStreams.stream("exp", 2, 1);

        learner.learn(stream.get(0), out);

        // A fresh model has all weights zero: its test-step prediction is exactly 0.5.
        assertThat(out.predictions).extracting(Prediction::score).containsExactly(0.5, 0.5);
        assertThat(out.predictions)
                .extracting(Prediction::arm)
                .containsExactly(Arm.CHAMPION, Arm.SHADOW);
        assertThat(out.predictions).extracting(Prediction::modelVersion).containsOnly(0L);
        learner.learn(stream.get(1), out);
        assertThat(out.predictions.get(2).score()).isNotEqualTo(0.5);
    }

    @Test
    void learnsTheStreamAndPublishesOnTheSupervisorsDecisions() {
        ExperimentLearner learner =
                ExperimentLearner.create(config, new TestingSupervisor.Factory(), SETTINGS);
        Collected out = new Collected();

        TestingStreams.stream("exp", 3000, 7).forEach(e -> learner.learn(e, out));
        learner.finish(out);

        // Published at 1000, 2000 and 3000 examples; the end of input has nothing new to publish.
        assertThat(out.artifacts)
                .extracting(a -> a.version().modelId() + "@" + a.version().version())
                .containsExactly(
                        "champion@1",
                        "challenger@1",
                        "champion@2",
                        "challenger@2",
                        "champion@3",
                        "challenger@3");
        assertThat(out.decisions).extracting(Decision::kind).containsOnly(DecisionKind.PUBLISH);
        ModelArtifact last = out.artifacts.get(4);
        assertThat(last.version().parentVersion()).isEqualTo(2);
        assertThat(last.version().provenance().trainingRange().examples()).isEqualTo(3000);
        assertThat(last.version().provenance().trainingRange().lastEventTime())
                .isEqualTo(2_999_000L);
        assertThat(out.references).hasSize(6 * 50);
        assertThat(out.status).hasSize(7);
        ExperimentStatus end = out.status.get(6);
        assertThat(end.last()).isTrue();
        assertThat(end.champion().sinceStart().logLoss()).isLessThan(Math.log(2) - 0.05);
        assertThat(end.champion().model().version()).isEqualTo(3);
    }

    @Test
    void referencePredictionsAreTheScoresOfThePublishedVersion() {
        ExperimentLearner learner =
                ExperimentLearner.create(config, new TestingSupervisor.Factory(), SETTINGS);
        Collected out = new Collected();
        List<LabelledExample> stream = TestingStreams.stream("exp", 1000, 3);

        stream.forEach(e -> learner.learn(e, out));

        List<ReferencePrediction> champion =
                out.references.stream().filter(r -> r.modelId().equals("champion")).toList();
        assertThat(champion).hasSize(50);
        assertThat(champion.get(49).id()).isEqualTo("e999");
        // The next test-step prediction on the last example's features comes from the same weights.
        learner.learn(
                new LabelledExample("again", "exp", "", 0, stream.get(999).features(), 0, 1), out);
        assertThat(out.predictions.get(out.predictions.size() - 2).score())
                .isEqualTo(champion.get(49).score());
    }

    @Test
    void restoresBitForBitAndContinuesAsIfUninterrupted() throws IOException {
        List<LabelledExample> stream = TestingStreams.stream("exp", 4000, 11);
        ExperimentLearner uninterrupted =
                ExperimentLearner.create(config, new TestingSupervisor.Factory(), SETTINGS);
        Collected expected = new Collected();
        stream.forEach(e -> uninterrupted.learn(e, expected));
        uninterrupted.finish(expected);

        ExperimentLearner first =
                ExperimentLearner.create(config, new TestingSupervisor.Factory(), SETTINGS);
        Collected actual = new Collected();
        stream.subList(0, 1700).forEach(e -> first.learn(e, actual));
        ExperimentLearner restored = roundTrip(first);
        assertThat(serialize(restored)).isEqualTo(serialize(first));
        stream.subList(1700, 4000).forEach(e -> restored.learn(e, actual));
        restored.finish(actual);

        assertThat(actual.artifacts).isEqualTo(expected.artifacts);
        assertThat(actual.predictions).isEqualTo(expected.predictions);
        assertThat(actual.references).isEqualTo(expected.references);
        assertThat(serialize(restored)).isEqualTo(serialize(uninterrupted));
    }

    @Test
    void sendsServingSnapshotsThatPredictLikeTheLiveModel() throws IOException {
        LearnerSettings serving = new LearnerSettings(500, 0, "test", 300);
        ExperimentLearner learner =
                ExperimentLearner.create(config, new TestingSupervisor.Factory(), serving);
        Collected out = new Collected();
        List<LabelledExample> stream = TestingStreams.stream("exp", 1000, 13);

        stream.forEach(e -> learner.learn(e, out));

        // Every 300 examples for both models, and at the publication after 1000.
        assertThat(out.serving)
                .extracting(s -> s.modelId() + "@" + s.examplesTrained() + "v" + s.version())
                .containsExactly(
                        "champion@300v0", "challenger@300v0",
                        "champion@600v0", "challenger@600v0",
                        "champion@900v0", "challenger@900v0",
                        "champion@1000v1", "challenger@1000v1");
        // Without retraining, the configured champion serves everything: no split, no arm.
        assertThat(out.serving).extracting(ServingSnapshot::split).containsOnlyNulls();
        assertThat(out.artifacts).extracting(ModelArtifact::arm).containsOnlyNulls();
        ServingSnapshot last = out.serving.get(6);
        assertThat(last.arm()).isEqualTo(Arm.CHAMPION);
        assertThat(last.eventTime()).isEqualTo(999_000L);
        ServingModel restored =
                OnlineModels.readServing(
                        new DataInputStream(new ByteArrayInputStream(last.model())));
        Collected next = new Collected();
        learner.learn(stream.get(0), next);
        assertThat(restored.predict(stream.get(0).features()))
                .isEqualTo(next.predictions.get(0).score());
    }

    @Test
    void refusesStateOfAnUnknownFormat() throws IOException {
        ExperimentLearner learner =
                ExperimentLearner.create(config, new TestingSupervisor.Factory(), SETTINGS);
        byte[] bytes = serialize(learner);
        bytes[3] = 99;

        assertThatThrownBy(() -> read(bytes))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("format version 99");
    }

    private ExperimentLearner roundTrip(ExperimentLearner learner) throws IOException {
        return read(serialize(learner));
    }

    private ExperimentLearner read(byte[] bytes) throws IOException {
        return ExperimentLearner.read(
                config,
                new TestingSupervisor.Factory(),
                SETTINGS,
                new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    private static byte[] serialize(ExperimentLearner learner) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        learner.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    /** Collects everything a learner emits. */
    static final class Collected implements LearnerOutput {
        final List<Prediction> predictions = new ArrayList<>();
        final List<Decision> decisions = new ArrayList<>();
        final List<ModelArtifact> artifacts = new ArrayList<>();
        final List<ReferencePrediction> references = new ArrayList<>();
        final List<ExperimentStatus> status = new ArrayList<>();
        final List<ServingSnapshot> serving = new ArrayList<>();

        @Override
        public void serving(ServingSnapshot s) {
            serving.add(s);
        }

        @Override
        public void prediction(Prediction p) {
            predictions.add(p);
        }

        @Override
        public void decision(Decision d) {
            decisions.add(d);
        }

        @Override
        public void artifact(ModelArtifact a) {
            artifacts.add(a);
        }

        @Override
        public void reference(ReferencePrediction r) {
            references.add(r);
        }

        @Override
        public void status(ExperimentStatus s) {
            status.add(s);
        }
    }
}
