package dev.tributary.core.model;

/** What a supervisor decided. */
public enum DecisionKind {
    /** Publish a new version of a model to the registry and the scorer. */
    PUBLISH,
    /** Start a challenger. */
    RETRAIN,
    /** Move a challenger to the next rollout step. */
    ADVANCE,
    /** Make a challenger the champion. */
    PROMOTE,
    /** Take a challenger out of traffic. */
    ROLLBACK
}
