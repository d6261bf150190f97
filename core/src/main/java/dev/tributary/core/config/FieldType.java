package dev.tributary.core.config;

/** How a raw field is typed, which decides the transforms it accepts and what it becomes. */
public enum FieldType {
    /** A real number; a dense feature (or, bucketized, a category). */
    NUMBER,
    /** A whole number; like {@link #NUMBER}, and crossable by its value. */
    INTEGER,
    /** {@code true}/{@code false} (or {@code 1}/{@code 0}); a dense 0/1 feature, crossable. */
    BOOLEAN,
    /** A category; hashed into the sparse part as {@code name=value}. */
    CATEGORY,
    /** Free text; its word n-grams are hashed into the sparse part. */
    TEXT,
    /** A point in time; becomes hour of day, day of week and their cyclic encodings. */
    TIMESTAMP;

    /** Whether the field is read as a number, so that ranges and numeric transforms apply. */
    public boolean isNumeric() {
        return this == NUMBER || this == INTEGER;
    }
}
