package dev.tributary.core.model;

import java.util.Locale;
import java.util.Objects;

/**
 * A manual command for an experiment's supervisor, from the {@code control} topic or {@code
 * ./tributary control}. It takes effect at the next labelled example of the experiment, in the same
 * keyed state as the models, so it is checkpointed and replayed like everything else. Whatever it
 * leads to is logged as decisions; a command that cannot be carried out is logged as {@link
 * DecisionKind#REJECT} with why.
 *
 * @param id a unique id of the command (for the audit log and deduplication)
 * @param experiment the experiment
 * @param kind what to do
 * @param modelId the model it concerns, or empty for "the only challenger in rollout"
 * @param issuedBy who sent it, free text
 * @param issuedAt when it was sent, wall-clock epoch milliseconds
 */
public record ControlCommand(
        String id, String experiment, Kind kind, String modelId, String issuedBy, long issuedAt) {

    /** The commands. */
    public enum Kind {
        /** Promote a challenger now, skipping the remaining canary steps. */
        PROMOTE,
        /** Roll a challenger back now. */
        ROLLBACK,
        /** Stop automatic retrains and rollout steps; rollbacks for safety still happen. */
        PAUSE,
        /** Resume automatic decisions. */
        RESUME,
        /** Start challengers now, regardless of triggers, cool-down and budget. */
        RETRAIN;

        /** The lower-case name used on the command line and in JSON. */
        public String commandName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind of a command name, or {@code null}. */
        public static Kind ofCommandName(String name) {
            for (Kind kind : values()) {
                if (kind.commandName().equals(name)) {
                    return kind;
                }
            }
            return null;
        }
    }

    public ControlCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(experiment, "experiment");
        Objects.requireNonNull(kind, "kind");
        modelId = modelId == null ? "" : modelId;
        issuedBy = issuedBy == null ? "" : issuedBy;
    }
}
