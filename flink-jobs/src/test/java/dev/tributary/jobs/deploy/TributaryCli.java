package dev.tributary.jobs.deploy;

import dev.tributary.jobs.cli.Main;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The jar's real command line ({@link Main}), to check that deployment files pass it arguments it
 * knows: the subcommand, its options and their values parse, or the test fails with picocli's
 * message.
 */
final class TributaryCli {

    private TributaryCli() {}

    /** The command line the jar's main method runs. */
    static CommandLine commandLine() {
        return Main.commandLine();
    }

    /**
     * Parses the arguments a deployment passes to the jar's main class.
     *
     * @return the parse result of the subcommand the arguments name
     * @throws AssertionError naming the arguments and picocli's complaint
     */
    static ParseResult parseSubcommand(List<String> args) {
        ParseResult result;
        try {
            result = commandLine().parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError(
                    "the Tributary command line rejects " + args + ": " + e.getMessage(), e);
        }
        if (!result.hasSubcommand()) {
            throw new AssertionError(args + " names no Tributary subcommand");
        }
        return result.subcommand();
    }

    /** Whether {@code className} names a class with a {@code public static void main(String[])}. */
    static boolean hasMainMethod(String className) {
        try {
            Method main = Class.forName(className).getMethod("main", String[].class);
            return Modifier.isStatic(main.getModifiers()) && main.getReturnType() == void.class;
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return false;
        }
    }

    /** The default value the given subcommand declares for an option. */
    static String defaultValue(String subcommand, String option) {
        CommandLine sub = commandLine().getSubcommands().get(subcommand);
        if (sub == null || sub.getCommandSpec().findOption(option) == null) {
            throw new AssertionError("tributary " + subcommand + " has no option " + option);
        }
        return sub.getCommandSpec().findOption(option).defaultValue();
    }
}
