package dev.tributary.evaluator.rollout;

/** Where a challenger's rollout stands; {@link #PROMOTED} and {@link #ROLLED_BACK} are terminal. */
public enum RolloutStage {
    /** Scored and judged on every labelled example, served to no one. */
    SHADOW(0),
    /** Served to one canary step's fraction of the traffic. */
    CANARY(1),
    /** Serving all traffic: the rollout is over. */
    PROMOTED(2),
    /** Withdrawn, serving no traffic: the rollout is over. */
    ROLLED_BACK(3);

    private final int code;

    RolloutStage(int code) {
        this.code = code;
    }

    /** Whether no input ever changes this stage. */
    public boolean isTerminal() {
        return this == PROMOTED || this == ROLLED_BACK;
    }

    /** The stage's code in serialized rollout state: fixed, whatever the order of constants. */
    public int code() {
        return code;
    }

    /** The stage of a code, or {@code null} for a code no stage has. */
    public static RolloutStage ofCode(int code) {
        for (RolloutStage stage : values()) {
            if (stage.code == code) {
                return stage;
            }
        }
        return null;
    }
}
