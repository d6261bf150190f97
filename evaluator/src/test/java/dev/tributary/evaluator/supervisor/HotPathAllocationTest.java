package dev.tributary.evaluator.supervisor;

import static dev.tributary.evaluator.supervisor.TestingOperator.CHALLENGER;
import static dev.tributary.evaluator.supervisor.TestingOperator.CHAMPION;
import static dev.tributary.evaluator.supervisor.TestingOperator.experiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.RetrainConfig;
import dev.tributary.core.config.Task;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.FeatureVector;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.Supervisor;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code observe} and a {@code decide} that decides nothing run for every model on every labelled
 * example, whatever the task, so they must not allocate: this counts the bytes the test thread
 * allocates across many calls (no timing involved).
 */
class HotPathAllocationTest {

    private static final int N = 20_000;

    @Test
    void observeAndAnEmptyDecideAllocateNothing() {
        com.sun.management.ThreadMXBean threads = allocationCounter();

        Supervisor supervisor = new PrequentialSupervisorFactory().create(experiment(1000, 0));
        TestingOperator operator = new TestingOperator(supervisor, 5, N, CHAMPION, CHALLENGER);
        ModelRef champion = operator.ref(CHAMPION);
        ModelRef challenger = operator.ref(CHALLENGER);
        // Predictions are made before measuring: the operator's arrays are not the supervisor's.
        double[][] championScores = new double[N][];
        double[][] challengerScores = new double[N][];
        for (int i = 0; i < N; i++) {
            championScores[i] = new double[] {operator.score(CHAMPION, i)};
            challengerScores[i] = new double[] {operator.score(CHALLENGER, i)};
        }
        // The first observation of a model creates its state; measure the steady state after.
        int sink =
                drive(
                        supervisor,
                        operator.examples,
                        champion,
                        challenger,
                        0,
                        N / 2,
                        championScores,
                        challengerScores);

        long before = threads.getCurrentThreadAllocatedBytes();
        sink +=
                drive(
                        supervisor,
                        operator.examples,
                        champion,
                        challenger,
                        N / 2,
                        N,
                        championScores,
                        challengerScores);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sink).isZero();
        // One object per call would be at least 16 bytes a call; allow a little for the JVM.
        assertThat(allocated).isLessThan(N / 2);
    }

    @Test
    void aRetrainingSupervisorWithoutChallengersAllocatesNothingEither() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        // A window longer than the run: window ends feed the retrain trigger, which allocates.
        Supervisor supervisor =
                new PrequentialSupervisorFactory()
                        .create(experiment(2 * N, 0).withRetrain(RetrainConfig.defaults()));
        TestingOperator operator = new TestingOperator(supervisor, 5, N, CHAMPION, CHALLENGER);
        ModelRef champion = operator.ref(CHAMPION);
        ModelRef challenger = operator.ref(CHALLENGER);
        double[][] championScores = new double[N][];
        double[][] challengerScores = new double[N][];
        for (int i = 0; i < N; i++) {
            championScores[i] = new double[] {operator.score(CHAMPION, i)};
            challengerScores[i] = new double[] {operator.score(CHALLENGER, i)};
        }
        int sink =
                drive(
                        supervisor,
                        operator.examples,
                        champion,
                        challenger,
                        0,
                        N / 2,
                        championScores,
                        challengerScores);

        long before = threads.getCurrentThreadAllocatedBytes();
        sink +=
                drive(
                        supervisor,
                        operator.examples,
                        champion,
                        challenger,
                        N / 2,
                        N,
                        championScores,
                        challengerScores);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sink).isZero();
        assertThat(allocated).isLessThan(N / 2);
    }

    @ParameterizedTest
    @EnumSource(
            value = Task.class,
            names = {"MULTICLASS", "REGRESSION"})
    void observeOfOtherTasksAllocatesNothing(Task task) {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        boolean classes = task == Task.MULTICLASS;
        ExperimentConfig config =
                classes
                        ? TaskSupervisorTest.multiclass(1000, 0)
                        : TaskSupervisorTest.regression(1000, 0);
        Supervisor supervisor = new PrequentialSupervisorFactory().create(config);
        ModelRef model = new ModelRef(config.champion().id(), 0, Arm.CHAMPION);
        Random random = new Random(7);
        FeatureVector none = new FeatureVector(new int[0], new double[0], new double[0]);
        LabelledExample[] examples = new LabelledExample[N];
        double[][] predictions = new double[N][];
        for (int i = 0; i < N; i++) {
            double label = classes ? random.nextInt(3) : random.nextGaussian();
            double weight = i % 7 == 0 ? 2.0 : 1.0;
            examples[i] = new LabelledExample("e" + i, config.name(), "", i, none, label, weight);
            double p = random.nextDouble();
            predictions[i] =
                    classes
                            ? new double[] {p / 2, p / 2, 1 - p}
                            : new double[] {label + random.nextGaussian()};
        }
        int sink = drive(supervisor, examples, model, predictions, 0, N / 2);

        long before = threads.getCurrentThreadAllocatedBytes();
        sink += drive(supervisor, examples, model, predictions, N / 2, N);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(sink).isZero();
        assertThat(allocated).isLessThan(N / 2);
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        assumeTrue(
                ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        return threads;
    }

    private static int drive(
            Supervisor supervisor,
            LabelledExample[] examples,
            ModelRef model,
            double[][] predictions,
            int from,
            int to) {
        int decisions = 0;
        for (int i = from; i < to; i++) {
            supervisor.observe(model, examples[i], predictions[i]);
            decisions += supervisor.decide(examples[i]).size();
        }
        return decisions;
    }

    private static int drive(
            Supervisor supervisor,
            LabelledExample[] examples,
            ModelRef champion,
            ModelRef challenger,
            int from,
            int to,
            double[][] championScores,
            double[][] challengerScores) {
        int decisions = 0;
        for (int i = from; i < to; i++) {
            supervisor.observe(champion, examples[i], championScores[i]);
            supervisor.observe(challenger, examples[i], challengerScores[i]);
            decisions += supervisor.decide(examples[i]).size();
        }
        return decisions;
    }
}
