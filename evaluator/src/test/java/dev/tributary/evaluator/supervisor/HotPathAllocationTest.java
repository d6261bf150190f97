package dev.tributary.evaluator.supervisor;

import static dev.tributary.evaluator.supervisor.TestingOperator.CHALLENGER;
import static dev.tributary.evaluator.supervisor.TestingOperator.CHAMPION;
import static dev.tributary.evaluator.supervisor.TestingOperator.experiment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tributary.core.model.LabelledExample;
import dev.tributary.core.supervision.ModelRef;
import dev.tributary.core.supervision.Supervisor;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code observe} and a {@code decide} that decides nothing run for every model on every labelled
 * example, so they must not allocate: this counts the bytes the test thread allocates across many
 * calls (no timing involved).
 */
class HotPathAllocationTest {

    private static final int N = 20_000;

    @Test
    void observeAndAnEmptyDecideAllocateNothing() {
        assumeTrue(
                ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM cannot count allocated bytes per thread");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);

        Supervisor supervisor = new PrequentialSupervisorFactory().create(experiment(1000, 0));
        TestingOperator operator = new TestingOperator(supervisor, 5, N, CHAMPION, CHALLENGER);
        ModelRef champion = operator.ref(CHAMPION);
        ModelRef challenger = operator.ref(CHALLENGER);
        double[] championScores = new double[N];
        double[] challengerScores = new double[N];
        for (int i = 0; i < N; i++) {
            championScores[i] = operator.score(CHAMPION, i);
            challengerScores[i] = operator.score(CHALLENGER, i);
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

    private static int drive(
            Supervisor supervisor,
            LabelledExample[] examples,
            ModelRef champion,
            ModelRef challenger,
            int from,
            int to,
            double[] championScores,
            double[] challengerScores) {
        int decisions = 0;
        for (int i = from; i < to; i++) {
            supervisor.observe(champion, examples[i], championScores[i]);
            supervisor.observe(challenger, examples[i], challengerScores[i]);
            decisions += supervisor.decide(examples[i]).size();
        }
        return decisions;
    }
}
