package dev.tributary.connectors.registry;

/**
 * A published model version is damaged: its ONNX file does not match the SHA-256 or size in its
 * manifest, or a file is missing or unreadable. Such a version must not be served.
 */
public final class RegistryIntegrityException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public RegistryIntegrityException(String message) {
        super(message);
    }

    public RegistryIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
