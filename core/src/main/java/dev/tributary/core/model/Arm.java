package dev.tributary.core.model;

/** Which part of an experiment a prediction came from. */
public enum Arm {
    /** The model that serves traffic. */
    CHAMPION,
    /** A challenger serving a share of traffic. */
    CANARY,
    /** A challenger that is scored and judged on every example but serves no one. */
    SHADOW
}
