package dev.tributary.core.supervision;

import dev.tributary.core.config.ExperimentConfig;
import java.io.DataInput;
import java.io.IOException;
import java.io.Serializable;

/**
 * Creates and restores supervisors. Shipped to the training operator inside the job graph, hence
 * serializable.
 */
public interface SupervisorFactory extends Serializable {

    /** A fresh supervisor for an experiment. */
    Supervisor create(ExperimentConfig experiment);

    /** A supervisor restored from what {@link Supervisor#writeTo} wrote. */
    Supervisor read(ExperimentConfig experiment, DataInput in) throws IOException;
}
