package dev.tributary.jobs.cli;

import dev.tributary.core.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a bad configuration into one clear line (key path, value, expectation) and exit code 2,
 * instead of a stack trace; anything else is reported with its cause chain.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

    static final int BAD_CONFIGURATION = 2;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        ConfigException config = findConfigException(e);
        if (config != null) {
            cli.getErr().println("tributary: bad configuration: " + config.getMessage());
            return BAD_CONFIGURATION;
        }
        cli.getErr().println("tributary: " + cli.getCommandName() + " failed: " + e);
        e.printStackTrace(cli.getErr());
        return 1;
    }

    private static ConfigException findConfigException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigException config) {
                return config;
            }
        }
        return null;
    }
}
