package cohortbank.common.console;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultControl;
import cohortbank.common.net.FaultPlan;
import cohortbank.common.net.LinkFaults;
import cohortbank.common.wire.Reply;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code faults} console command, the same on the bank and on a customer: shows or
 * replaces the {@link FaultPlan} that the process's {@link FaultControl} applies to its outgoing
 * datagrams.
 *
 * <ul>
 *   <li>{@code faults}: a table of the default and each link, then {@code SUCCESS faults in force: ...}</li>
 *   <li>{@code faults off}: no faults anywhere, {@code SUCCESS faults off}</li>
 *   <li>{@code faults [--to HOST:PORT] [--drop P] [--duplicate P] [--reorder P] [--delay MS[-MS]]}:
 *       replaces the faults of that link (or the default without {@code --to}); kinds left out
 *       are 0. Answers {@code SUCCESS faults in force: ...}.</li>
 * </ul>
 * The words are read by picocli with the same {@link LinkFaultOptions} as the processes' command
 * line ({@code --drop=0.3} works too). Bad input is one {@code FAILURE faults: ...} line naming
 * the bad word, and changes nothing.
 */
public final class FaultsCommand {

    public static final String USAGE =
            "faults [off | [--to HOST:PORT] " + LinkFaultOptions.USAGE + "]";

    /** For {@code help} and tab completion. */
    public static final CommandSpec SPEC = new CommandSpec("faults", USAGE,
            "show or change the faults injected into this process's outgoing datagrams");

    /** The words after {@code faults}, as picocli reads them. */
    @Command(name = "faults")
    static final class Words {
        @Parameters(arity = "0..1", paramLabel = "off", description = "no faults anywhere")
        String off;

        @Option(names = "--to", paramLabel = "HOST:PORT", description = "change only the link to HOST:PORT")
        String to;

        @Mixin
        LinkFaultOptions link = new LinkFaultOptions();
    }

    private FaultsCommand() {
    }

    /** Runs {@code faults <args>} against {@code control}; returns the lines to print, the result last. */
    public static List<String> run(List<String> args, FaultControl control) {
        try {
            Words words = parse(args);
            if (words.off != null) {
                control.set(FaultPlan.NONE);
                return List.of(Reply.success("faults off").line());
            }
            if (words.to == null && words.link.none()) {
                return listing(control.plan());
            }
            LinkFaults faults = words.link.faults();
            FaultPlan current = control.plan();
            FaultPlan next = words.to != null
                    ? current.withLink(destination(words.to), faults)
                    : current.withDefault(faults);
            control.set(next);
            return List.of(inForce(next));
        } catch (IllegalArgumentException bad) {
            return List.of(Reply.failure("faults: " + bad.getMessage() + " (usage: " + USAGE + ")").line());
        }
    }

    /**
     * @throws IllegalArgumentException naming the bad word: an unknown or repeated option, an
     *         option without its value, or a word other than {@code off}
     */
    private static Words parse(List<String> args) {
        Words words = new Words();
        CommandLine cli = new CommandLine(words);
        try {
            cli.parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw unknown(cli, e.getUnmatched().get(0));
        } catch (CommandLine.MissingParameterException e) {
            throw new IllegalArgumentException(name(e.getMissing().get(0)) + " needs a value");
        } catch (CommandLine.OverwrittenOptionException e) {
            throw new IllegalArgumentException(name(e.getOverwritten()) + " given twice");
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (words.off != null && !words.off.equals("off")) {
            throw unknown(cli, words.off);
        }
        if (words.off != null && (words.to != null || !words.link.none())) {
            throw new IllegalArgumentException("'off' takes no options");
        }
        return words;
    }

    private static IllegalArgumentException unknown(CommandLine cli, String word) {
        List<String> known = new ArrayList<>(List.of("off"));
        cli.getCommandSpec().options().forEach(o -> known.add(o.longestName()));
        return new IllegalArgumentException("unknown option '" + word + "'; known: " + String.join(", ", known));
    }

    private static String name(CommandLine.Model.ArgSpec arg) {
        return arg instanceof CommandLine.Model.OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    private static Endpoint destination(String text) {
        try {
            return Endpoint.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--to '" + text + "': " + e.getMessage());
        }
    }

    private static List<String> listing(FaultPlan plan) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(row("default", plan.defaults()));
        plan.links().forEach((to, faults) -> rows.add(row(to.toString(), faults)));
        List<String> lines = new ArrayList<>(
                Tables.render(List.of("link", "drop", "duplicate", "reorder", "delay"), rows));
        lines.add(inForce(plan));
        return lines;
    }

    private static List<String> row(String link, LinkFaults f) {
        return List.of(link, LinkFaults.number(f.drop()), LinkFaults.number(f.duplicate()),
                LinkFaults.number(f.reorder()), f.delayText());
    }

    private static String inForce(FaultPlan plan) {
        return Reply.success("faults in force: " + plan.describe()).line();
    }
}
