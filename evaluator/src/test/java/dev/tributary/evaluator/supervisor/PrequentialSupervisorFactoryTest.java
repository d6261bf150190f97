package dev.tributary.evaluator.supervisor;

import static dev.tributary.evaluator.supervisor.TestingOperator.CHAMPION;
import static dev.tributary.evaluator.supervisor.TestingOperator.experiment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.supervision.Supervisor;
import dev.tributary.core.supervision.SupervisorFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
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
}
