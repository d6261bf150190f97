package dev.tributary.jobs.cli;

import picocli.CommandLine.IVersionProvider;

/** The version of the running jar, from its manifest. */
public final class VersionProvider implements IVersionProvider {

    /** The Tributary version, or {@code dev} when run from classes rather than the jar. */
    public static String version() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "tributary " + version(),
            "Java "
                    + System.getProperty("java.version")
                    + " ("
                    + System.getProperty("java.vendor")
                    + ")"
        };
    }
}
