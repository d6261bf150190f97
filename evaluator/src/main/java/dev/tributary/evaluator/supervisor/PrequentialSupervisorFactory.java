package dev.tributary.evaluator.supervisor;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.supervision.SupervisorFactory;
import java.io.DataInput;
import java.io.IOException;

/**
 * Creates and restores {@link PrequentialSupervisor}s; the factory that {@code flink-jobs} hands to
 * the training operator. Stateless: everything a supervisor needs comes from the experiment's
 * configuration, so the factory serializes to nothing but its class.
 */
public final class PrequentialSupervisorFactory implements SupervisorFactory {

    private static final long serialVersionUID = 1L;

    @Override
    public PrequentialSupervisor create(ExperimentConfig experiment) {
        return new PrequentialSupervisor(experiment);
    }

    @Override
    public PrequentialSupervisor read(ExperimentConfig experiment, DataInput in)
            throws IOException {
        return PrequentialSupervisor.read(experiment, in);
    }
}
