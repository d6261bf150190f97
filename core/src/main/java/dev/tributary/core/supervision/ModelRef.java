package dev.tributary.core.supervision;

import dev.tributary.core.model.Arm;
import java.util.Objects;

/**
 * A model of an experiment as the supervisor sees it.
 *
 * @param modelId the model slot
 * @param version its latest published version, 0 before the first publication
 * @param arm its role in the experiment
 */
public record ModelRef(String modelId, long version, Arm arm) {

    public ModelRef {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(arm, "arm");
    }
}
