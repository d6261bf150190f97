package dev.tributary.core.model;

/** What a supervisor decided, or what a manual command asked for. */
public enum DecisionKind {
    /** Publish a new version of a model to the registry and the scorer. */
    PUBLISH,
    /** A drift detector signalled a drift on the champion (whether or not a retrain followed). */
    DRIFT,
    /** Start a challenger, in shadow: scored and judged on every example, served to no one. */
    RETRAIN,
    /** Serve a challenger to a canary share of traffic: its first canary step or the next one. */
    CANARY,
    /** Make a challenger the champion. */
    PROMOTE,
    /**
     * Take a challenger out of traffic and drop it; for the champion, replace its parameters that
     * are no longer finite with fresh ones.
     */
    ROLLBACK,
    /** Stop automatic decisions (retrains and rollout steps) until {@link #RESUME}. */
    PAUSE,
    /** Resume automatic decisions. */
    RESUME,
    /** A manual command that could not be carried out, with why. */
    REJECT
}
