package dev.tributary.core.config;

/**
 * A job configuration that cannot be used. The message always names the key path, the value and
 * what was expected, e.g. {@code experiment.models[1].optimizer.alpha: -0.1 must be > 0}.
 */
public class ConfigException extends RuntimeException {

    private final String path;

    public ConfigException(String path, String message) {
        super(path.isEmpty() ? message : path + ": " + message);
        this.path = path;
    }

    /** The key path of the offending value, e.g. {@code features.fields[2].type}. */
    public String path() {
        return path;
    }
}
