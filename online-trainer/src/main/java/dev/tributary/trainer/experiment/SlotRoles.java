package dev.tributary.trainer.experiment;

import dev.tributary.core.config.ExperimentConfig;
import dev.tributary.core.config.ModelConfig;
import dev.tributary.core.model.Arm;
import java.io.DataInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which models an experiment restored from a checkpoint has, and in which roles: the stored slots
 * matched with the configuration as it is now. Format 1 holds configured models only, which take
 * their configured roles; format 2 holds every slot with its template and arm, and an experiment
 * that still retrains keeps them as they were.
 */
final class SlotRoles {

    private SlotRoles() {}

    /** The configured role of the model at a position: the first is the champion. */
    static Arm armOf(int position) {
        return position == 0 ? Arm.CHAMPION : Arm.SHADOW;
    }

    static ModelSlot readConfigured(ExperimentConfig config, LearnerSettings settings, DataInput in)
            throws IOException {
        String id = in.readUTF();
        ModelConfig model = configured(config, id);
        if (model == null) {
            throw new IOException(
                    "the checkpoint holds model "
                            + id
                            + " of experiment "
                            + config.name()
                            + ", which the job configuration no longer has");
        }
        int position = config.models().indexOf(model);
        return ModelSlot.read(
                in, model, id, armOf(position), config.featureSpace(), settings.cudaDevice());
    }

    static ModelSlot readWithRole(ExperimentConfig config, LearnerSettings settings, DataInput in)
            throws IOException {
        String id = in.readUTF();
        String templateId = in.readUTF();
        Arm arm;
        try {
            arm = Arm.valueOf(in.readUTF());
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt experiment state: model " + id + " has no known arm", e);
        }
        ModelConfig model = configured(config, id);
        if (model == null) {
            if (!config.retrains()) {
                throw new IOException(
                        "the checkpoint holds challenger "
                                + id
                                + " of experiment "
                                + config.name()
                                + ", started by a retrain, but the job configuration no longer"
                                + " retrains; expected experiments["
                                + config.name()
                                + "].retrain to stay configured until no challenger is left");
            }
            ModelConfig template = config.template(templateId);
            if (template == null) {
                throw new IOException(
                        "the checkpoint holds challenger "
                                + id
                                + " of experiment "
                                + config.name()
                                + ", built from "
                                + templateId
                                + ", which the job configuration no longer has as a model or"
                                + " challenger template");
            }
            model = template.withId(id);
        }
        return ModelSlot.read(
                in, model, templateId, arm, config.featureSpace(), settings.cudaDevice());
    }

    private static ModelConfig configured(ExperimentConfig config, String id) {
        for (ModelConfig model : config.models()) {
            if (model.id().equals(id)) {
                return model;
            }
        }
        return null;
    }

    /** Restored slots as they were, then configured models added since, as shadows. */
    static List<ModelSlot> withModelsAddedSince(
            ExperimentConfig config,
            LearnerSettings settings,
            List<ModelSlot> restored,
            Set<String> retired)
            throws IOException {
        List<ModelSlot> slots = new ArrayList<>(restored);
        long champions = restored.stream().filter(s -> s.arm == Arm.CHAMPION).count();
        if (champions != 1) {
            throw new IOException(
                    "corrupt experiment state of "
                            + config.name()
                            + ": "
                            + champions
                            + " champions, expected 1");
        }
        for (ModelConfig model : config.models()) {
            boolean known =
                    retired.contains(model.id())
                            || restored.stream().anyMatch(s -> s.id().equals(model.id()));
            if (!known) {
                slots.add(
                        ModelSlot.create(
                                model, Arm.SHADOW, config.featureSpace(), settings.cudaDevice()));
            }
        }
        return slots;
    }

    /** The configured models in order, each restored or fresh, in its configured role. */
    static List<ModelSlot> inConfiguredRoles(
            ExperimentConfig config, LearnerSettings settings, List<ModelSlot> restored) {
        Map<String, ModelSlot> byId = new HashMap<>();
        restored.forEach(s -> byId.put(s.id(), s));
        List<ModelSlot> slots = new ArrayList<>(config.models().size());
        for (int i = 0; i < config.models().size(); i++) {
            ModelConfig model = config.models().get(i);
            ModelSlot slot = byId.get(model.id());
            if (slot == null) {
                slot =
                        ModelSlot.create(
                                model, armOf(i), config.featureSpace(), settings.cudaDevice());
            }
            slot.arm = armOf(i);
            slots.add(slot);
        }
        return slots;
    }
}
