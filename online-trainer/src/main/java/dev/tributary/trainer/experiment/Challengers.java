package dev.tributary.trainer.experiment;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.config.RetrainPolicy.Action;
import dev.tributary.core.model.Arm;
import dev.tributary.core.model.LabelledExample;
import dev.tributary.trainer.model.OnlineModel;
import dev.tributary.trainer.model.OnlineModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How new parameters start, for a challenger a retrain starts and for a champion rolled back
 * because its parameters are no longer finite:
 *
 * <ul>
 *   <li>{@link Action#COLD}: freshly initialized, from the configuration's seed;
 *   <li>{@link Action#WARM}: an exact copy of the champion's parameters and optimizer state (its
 *       checkpointed state read back under the challenger's configuration, so only the
 *       hyperparameters differ), when the two share family, shape, optimizer type and device;
 *       otherwise cold, and the decision says so;
 *   <li>{@link Action#REPLAY}: fresh, then trained on the replay buffer, oldest first, before the
 *       model is judged on the stream.
 * </ul>
 */
final class Challengers {

    private final ExperimentConfig experiment;
    private final int cudaDevice;

    Challengers(ExperimentConfig experiment, int cudaDevice) {
        this.experiment = experiment;
        this.cudaDevice = cudaDevice;
    }

    /**
     * A started challenger in shadow, the action it actually started with, and what the decision's
     * reason should add (empty when it started as decided).
     */
    record Start(ModelSlot slot, Action action, String note) {}

    /**
     * Starts a challenger of {@code config} (its template's configuration under its own id).
     *
     * @param champion the champion a warm start copies; {@code null} for none
     * @param replay the replay buffer, oldest first
     */
    Start start(
            ModelConfig config,
            String template,
            Action action,
            ModelSlot champion,
            List<LabelledExample> replay) {
        if (action == Action.WARM) {
            String cold = whyNotWarm(config, template, champion);
            if (cold == null) {
                try {
                    ModelSlot slot =
                            ModelSlot.of(
                                    config, template, Arm.SHADOW, copy(champion.model, config));
                    slot.inheritTrainingRange(champion);
                    return new Start(slot, Action.WARM, "");
                } catch (IOException | RuntimeException e) {
                    cold = "the champion's state does not load into it: " + e.getMessage();
                }
            }
            ModelSlot slot = ModelSlot.of(config, template, Arm.SHADOW, fresh(config));
            return new Start(slot, Action.COLD, "; started COLD instead of WARM: " + cold);
        }
        ModelSlot slot = ModelSlot.of(config, template, Arm.SHADOW, fresh(config));
        if (action == Action.REPLAY) {
            slot.replay(replay);
            return new Start(slot, action, replayed(replay));
        }
        return new Start(slot, action, "");
    }

    /**
     * Replaces a slot's parameters with fresh ones, fitted on the replay buffer for {@link
     * Action#REPLAY}, and returns what the decision's reason should add.
     */
    String reset(ModelSlot slot, Action action, List<LabelledExample> replay) {
        slot.replaceModel(fresh(slot.config));
        if (action == Action.REPLAY) {
            slot.replay(replay);
            return replayed(replay);
        }
        // A warm start would copy the very parameters that are no longer finite.
        return action == Action.WARM ? "; reset COLD: a champion cannot start from itself" : "";
    }

    private static String replayed(List<LabelledExample> replay) {
        return "; fitted on the last " + replay.size() + " examples";
    }

    /** Why a warm start from the champion is not possible, {@code null} when it is. */
    private static String whyNotWarm(ModelConfig config, String template, ModelSlot champion) {
        if (champion == null) {
            return "there is no champion to copy";
        }
        ModelConfig from = champion.config;
        if (OnlineModels.canContinueFrom(from, config)) {
            return null;
        }
        List<String> differences = new ArrayList<>();
        differ(differences, "family", config.family().yamlName(), from.family().yamlName());
        differ(differences, "shape", config.shape(), from.shape());
        differ(
                differences,
                "optimizer",
                config.optimizer().yamlName(),
                from.optimizer().yamlName());
        differ(differences, "device", config.device().yamlName(), from.device().yamlName());
        if (differences.isEmpty()) {
            // Everything else alike: one trains example by example, the other in mini-batches.
            differ(differences, "batch size", config.batch().size(), from.batch().size());
        }
        return "template "
                + template
                + " differs from champion "
                + from.id()
                + " in "
                + String.join(", ", differences);
    }

    private static void differ(List<String> out, String what, Object template, Object champion) {
        if (!template.equals(champion)) {
            out.add(what + " (" + template + ", not " + champion + ")");
        }
    }

    private OnlineModel fresh(ModelConfig config) {
        return OnlineModels.create(config, experiment.featureSpace(), cudaDevice);
    }

    /** The champion's checkpointed state, read back as a model of the challenger's config. */
    private OnlineModel copy(OnlineModel champion, ModelConfig config) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 12);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            champion.writeTo(out);
        }
        return OnlineModels.read(
                config,
                experiment.featureSpace(),
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                cudaDevice);
    }
}
