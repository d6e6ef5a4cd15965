package cohortbank.common.console;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultControl;
import cohortbank.common.net.FaultPlan;
import cohortbank.common.net.LinkFaults;
import cohortbank.common.wire.Reply;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * Bad input is one {@code FAILURE faults: ...} line naming the bad word, and changes nothing.
 */
public final class FaultsCommand {

    public static final String USAGE =
            "faults [off | [--to HOST:PORT] [--drop P] [--duplicate P] [--reorder P] [--delay MS[-MS]]]";

    /** For {@code help} and tab completion. */
    public static final CommandSpec SPEC = new CommandSpec("faults", USAGE,
            "show or change the faults injected into this process's outgoing datagrams");

    private static final List<String> OPTIONS = List.of("--to", "--drop", "--duplicate", "--reorder", "--delay");

    private FaultsCommand() {
    }

    /** Runs {@code faults <args>} against {@code control}; returns the lines to print, the result last. */
    public static List<String> run(List<String> args, FaultControl control) {
        if (args.isEmpty()) {
            return listing(control.plan());
        }
        if (args.size() == 1 && args.get(0).equals("off")) {
            control.set(FaultPlan.NONE);
            return List.of(Reply.success("faults off").line());
        }
        try {
            Map<String, String> given = options(args);
            LinkFaults faults = faults(given);
            FaultPlan current = control.plan();
            FaultPlan next = given.containsKey("--to")
                    ? current.withLink(destination(given.get("--to")), faults)
                    : current.withDefault(faults);
            control.set(next);
            return List.of(inForce(next));
        } catch (IllegalArgumentException bad) {
            return List.of(Reply.failure("faults: " + bad.getMessage() + " (usage: " + USAGE + ")").line());
        }
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            String option = word;
            String value = null;
            int eq = word.indexOf('=');
            if (word.startsWith("--") && eq > 0) {
                option = word.substring(0, eq);
                value = word.substring(eq + 1);
            }
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + word + "'; known: off, "
                        + String.join(", ", OPTIONS));
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                value = args.get(++i);
            }
            if (given.put(option, value) != null) {
                throw new IllegalArgumentException(option + " given twice");
            }
        }
        return given;
    }

    private static LinkFaults faults(Map<String, String> given) {
        return LinkFaults.parse(given.get("--drop"), given.get("--duplicate"), given.get("--reorder"),
                given.get("--delay"));
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
