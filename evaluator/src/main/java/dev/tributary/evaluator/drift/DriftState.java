package dev.tributary.evaluator.drift;

/** What a drift detector concludes after an observation. */
public enum DriftState {
    /** No evidence of change. */
    STABLE(0),
    /** Evidence of a change building up, below the detection threshold. */
    WARNING(1),
    /** A change detected at this observation. */
    DRIFT(2);

    private final int code;

    DriftState(int code) {
        this.code = code;
    }

    /** The state's code in serialized detector state: fixed, whatever the order of constants. */
    public int code() {
        return code;
    }

    /** The state of a code, or {@code null} for a code no state has. */
    public static DriftState ofCode(int code) {
        for (DriftState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return null;
    }
}
