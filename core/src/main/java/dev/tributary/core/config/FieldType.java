package dev.tributary.core.config;

/** How a raw field is typed and what kind of feature it becomes. */
public enum FieldType {
    /** A real number; becomes a dense feature, standardized by the model. */
    NUMBER,
    /** A whole number; becomes a dense feature like {@link #NUMBER}. */
    INTEGER,
    /** A category; hashed into the sparse part as {@code name=value}. */
    CATEGORY,
    /** {@code true}/{@code false} (or {@code 1}/{@code 0}); a dense 0/1 feature. */
    BOOLEAN;

    public boolean isDense() {
        return this != CATEGORY;
    }
}
