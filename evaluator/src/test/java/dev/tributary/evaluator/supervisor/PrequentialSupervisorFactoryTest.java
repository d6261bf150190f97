package dev.tributary.evaluator.supervisor;

import static dev.tributary.evaluator.supervisor.TestingOperator.CHALLENGER;
import static dev.tributary.evaluator.supervisor.TestingOperator.CHAMPION;
import static dev.tributary.evaluator.supervisor.TestingOperator.experiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.RetrainConfig;
import dev.tributary.core.model.Decision;
import dev.tributary.core.model.TrafficSplit;
import dev.tributary.core.supervision.Supervisor;
import dev.tributary.core.supervision.SupervisorFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrequentialSupervisorFactoryTest {

    @Test
    void createsFreshSupervisorsAndRestoresWrittenOnes() throws IOException {
        SupervisorFactory factory = new PrequentialSupervisorFactory();
        ExperimentConfig config = experiment(32, 50);
        TestingOperator operator = new TestingOperator(factory.create(config), 1, 120, CHAMPION);
        operator.run(0, 120);
        byte[] written = PrequentialSupervisorTest.bytes(operator.supervisor);

        Supervisor fresh = factory.create(config);
        Supervisor restored =
                factory.read(config, new DataInputStream(new ByteArrayInputStream(written)));

        assertThat(fresh).isInstanceOf(PrequentialSupervisor.class);
        assertThat(fresh.evaluations()).isEmpty();
        assertThat(fresh).isNotSameAs(factory.create(config));
        assertThat(restored.evaluations()).isEqualTo(operator.supervisor.evaluations());
    }

    @Test
    void travelsInsideAJobGraphByJavaSerialization() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(new PrequentialSupervisorFactory());
        }

        Object copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(buffer.toByteArray()))) {
            copy = in.readObject();
        }

        assertThat(copy).isInstanceOf(PrequentialSupervisorFactory.class);
        assertThat(((SupervisorFactory) copy).create(experiment(8, 10)).evaluations()).isEmpty();
    }

    @Test
    void createsARetrainingSupervisorForAnExperimentThatRetrains() {
        SupervisorFactory factory = new PrequentialSupervisorFactory();

        Supervisor plain = factory.create(experiment(8, 10));
        Supervisor retraining =
                factory.create(experiment(8, 10).withRetrain(RetrainConfig.defaults()));

        assertThat(plain).isInstanceOf(PrequentialSupervisor.class);
        assertThat(plain.traffic()).isNull();
        assertThat(retraining).isInstanceOf(RetrainingSupervisor.class);
        assertThat(retraining.traffic()).isEqualTo(TrafficSplit.championOnly(CHAMPION));
    }

    @Test
    void stateWithoutRetrainingIsRestoredIntoAnExperimentThatNowRetrains() throws IOException {
        SupervisorFactory factory = new PrequentialSupervisorFactory();
        ExperimentConfig before = experiment(32, 50);
        ExperimentConfig after = before.withRetrain(RetrainConfig.defaults());
        TestingOperator operator =
                new TestingOperator(factory.create(before), 1, 300, CHAMPION, CHALLENGER);
        operator.run(0, 120);
        byte[] written = PrequentialSupervisorTest.bytes(operator.supervisor);

        Supervisor restored = read(factory, after, written);

        assertThat(restored).isInstanceOf(RetrainingSupervisor.class);
        assertThat(restored.evaluations()).isEqualTo(operator.supervisor.evaluations());
        assertThat(((RetrainingSupervisor) restored).examples()).isEqualTo(120);
        List<Decision> expected = operator.run(120, 300);
        operator.supervisor = restored;
        // The publication schedule carries on: the restored one publishes as the original did.
        assertThat(operator.run(120, 300)).isEqualTo(expected);
    }

    @Test
    void stateWithRetrainingIsRestoredIntoAnExperimentThatNoLongerRetrains() throws IOException {
        SupervisorFactory factory = new PrequentialSupervisorFactory();
        ExperimentConfig after = experiment(32, 50);
        ExperimentConfig before = after.withRetrain(RetrainConfig.defaults());
        TestingOperator operator =
                new TestingOperator(factory.create(before), 1, 120, CHAMPION, CHALLENGER);
        operator.run(0, 120);
        byte[] written = PrequentialSupervisorTest.bytes(operator.supervisor);

        Supervisor restored = read(factory, after, written);

        assertThat(ByteBuffer.wrap(written).getInt()).isEqualTo(5);
        assertThat(restored).isInstanceOf(PrequentialSupervisor.class);
        assertThat(restored.evaluations()).isEqualTo(operator.supervisor.evaluations());
        assertThat(((PrequentialSupervisor) restored).examples()).isEqualTo(120);
    }

    private static Supervisor read(SupervisorFactory factory, ExperimentConfig config, byte[] bytes)
            throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        Supervisor supervisor = factory.read(config, in);
        assertThat(in.available()).as("bytes left unread").isZero();
        return supervisor;
    }
}
