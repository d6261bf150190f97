package dev.tributary.evaluator.supervisor;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.supervision.Supervisor;
import dev.tributary.core.supervision.SupervisorFactory;
import java.io.DataInput;
import java.io.IOException;

/**
 * Creates and restores the evaluator's supervisors; the factory that {@code flink-jobs} hands to
 * the training operator: a {@link RetrainingSupervisor} for an experiment that retrains ({@link
 * ExperimentConfig#retrains()}), a {@link PrequentialSupervisor} otherwise. Stateless: everything a
 * supervisor needs comes from the experiment's configuration, so the factory serializes to nothing
 * but its class.
 *
 * <p>Restoring reads either format whatever the configuration says now, so that retraining can be
 * turned on or off across a savepoint: format 1 ({@code PrequentialSupervisor}) restored into an
 * experiment that now retrains keeps the configured models' metrics and starts the roles as
 * configured; format 2 ({@code RetrainingSupervisor}) restored into one that no longer retrains
 * keeps the active models' metrics and drops the roles and rollouts.
 */
public final class PrequentialSupervisorFactory implements SupervisorFactory {

    private static final long serialVersionUID = 1L;

    @Override
    public Supervisor create(ExperimentConfig experiment) {
        return experiment.retrains()
                ? new RetrainingSupervisor(experiment)
                : new PrequentialSupervisor(experiment);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IOException on an unknown format version or inconsistent state
     */
    @Override
    public Supervisor read(ExperimentConfig experiment, DataInput in) throws IOException {
        int version = in.readInt();
        switch (version) {
            case PrequentialSupervisor.FORMAT_VERSION_WITHOUT_FADED:
            case PrequentialSupervisor.FORMAT_VERSION_WITHOUT_SLICES:
            case PrequentialSupervisor.FORMAT_VERSION:
                PrequentialSupervisor prequential =
                        PrequentialSupervisor.readBody(experiment, in, version);
                return experiment.retrains()
                        ? RetrainingSupervisor.upgrade(experiment, prequential)
                        : prequential;
            case RetrainingSupervisor.FORMAT_VERSION_WITHOUT_SLICES:
            case RetrainingSupervisor.FORMAT_VERSION:
                return experiment.retrains()
                        ? RetrainingSupervisor.readBody(experiment, in, version)
                        : RetrainingSupervisor.readAsPrequential(experiment, in, version);
            default:
                throw new IOException(
                        "cannot read supervisor format version "
                                + version
                                + ": this build reads versions "
                                + PrequentialSupervisor.FORMAT_VERSION_WITHOUT_FADED
                                + ", "
                                + PrequentialSupervisor.FORMAT_VERSION_WITHOUT_SLICES
                                + " and "
                                + PrequentialSupervisor.FORMAT_VERSION
                                + " (PrequentialSupervisor), "
                                + RetrainingSupervisor.FORMAT_VERSION_WITHOUT_SLICES
                                + " and "
                                + RetrainingSupervisor.FORMAT_VERSION
                                + " (RetrainingSupervisor)");
        }
    }
}
