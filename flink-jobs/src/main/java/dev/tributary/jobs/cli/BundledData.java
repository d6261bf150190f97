package dev.tributary.jobs.cli;

import dev.tributary.core.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Resolves {@code classpath:} source paths (the data bundled in the jar) to a file the replay
 * source can read, by copying the resource once into the run's data folder.
 */
final class BundledData {

    static final String PREFIX = "classpath:";

    private BundledData() {}

    static String resolve(String path, Path dataDirectory) throws IOException {
        if (!path.startsWith(PREFIX)) {
            return path;
        }
        String resource = path.substring(PREFIX.length());
        Path target = dataDirectory.resolve(Path.of(resource).getFileName().toString());
        try (InputStream in = BundledData.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigException(
                        "source.path", "\"" + path + "\" is not in the Tributary jar");
            }
            Files.createDirectories(dataDirectory);
            Path temporary = Files.createTempFile(dataDirectory, ".bundled", ".tmp");
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(
                    temporary,
                    target,
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
        return target.toString();
    }

    static String readResource(String resource) throws IOException {
        try (InputStream in = BundledData.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not in the Tributary jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
