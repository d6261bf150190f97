package dev.tributary.jobs.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The folder given is not the output folder of a finished run: it does not exist, or lacks a file
 * that every finished run has. The message names the folder and the missing file.
 */
public final class NotAFinishedRunException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final String missing;

    NotAFinishedRunException(Path directory, String missing, String why) {
        super(directory + " is not a finished Tributary run: " + why);
        this.directory = directory;
        this.missing = missing;
    }

    /** The folder that was given. */
    public Path directory() {
        return directory;
    }

    /** The file (or folder) that is missing, relative to {@link #directory()}. */
    public String missing() {
        return missing;
    }
}
