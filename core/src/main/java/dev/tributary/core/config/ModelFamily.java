package dev.tributary.core.config;

/** The model families Tributary trains. */
public enum ModelFamily {
    /** Binary logistic regression over sparse hashed and dense standardized features. */
    LOGISTIC;

    /** The name used in YAML and in provenance. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
