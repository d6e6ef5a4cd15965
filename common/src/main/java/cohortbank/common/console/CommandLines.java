package cohortbank.common.console;

import java.io.PrintStream;
import java.util.OptionalInt;
import picocli.CommandLine;

/**
 * The start of both processes' {@code main}: parse the options, answer {@code --help} and
 * {@code --version}, and turn a parse error into one {@code FAILURE bad option ...} line.
 */
public final class CommandLines {

    private CommandLines() {
    }

    /**
     * Parses {@code args} into {@code cli}'s command object.
     *
     * @return empty to go on and run, or the exit code to end with now: 0 after help or version,
     *         2 after a bad option (reported on {@code err} with {@code usage})
     */
    public static OptionalInt parse(CommandLine cli, String[] args, String usage, String version,
            PrintStream out, PrintStream err) {
        try {
            cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("FAILURE bad option: " + e.getMessage() + " (" + usage + ")");
            err.flush();
            return OptionalInt.of(2);
        }
        if (cli.isUsageHelpRequested()) {
            cli.usage(out);
            return OptionalInt.of(0);
        }
        if (cli.isVersionHelpRequested()) {
            out.println(version);
            return OptionalInt.of(0);
        }
        return OptionalInt.empty();
    }
}
