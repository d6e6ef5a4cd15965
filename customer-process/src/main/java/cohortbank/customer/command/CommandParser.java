package cohortbank.customer.command;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.MalformedMessageException;
import java.util.List;
import java.util.Optional;

/**
 * Turns the words of one console line into a {@link CustomerCommand}, or a
 * {@link MalformedMessageException} whose message is the {@code FAILURE} reason: the wrong
 * count, the bad argument and the usage, named as {@link Args} names them. Only the form is
 * checked here; nothing is changed and no state is read.
 */
public final class CommandParser {

    /** Every command this parser accepts, with its usage, in the order {@code help} lists them. */
    public static final List<String> USAGES = List.of(
            "open <name> <balance> [<ipv4> <port1> <port2>]",
            "new-cohort <name> <n>",
            "delete-cohort <name>",
            "exit <name>",
            "deposit <amount>",
            "withdrawal <amount>",
            "transfer <amount> <receiver>",
            "lost-transfer <amount> <receiver>",
            "checkpoint",
            "rollback");

    /** The fewest and most members a new cohort may have. */
    static final long MIN_COHORT = 2;
    static final long MAX_COHORT = 1000;

    private CommandParser() {
    }

    /**
     * @param tokens the line's words, the verb first (as {@code Envelope.body()} gives them)
     * @throws MalformedMessageException naming what is wrong, for an unknown verb or bad arguments
     */
    public static CustomerCommand parse(List<String> tokens) throws MalformedMessageException {
        if (tokens.isEmpty()) {
            throw new MalformedMessageException("empty command; type help");
        }
        String verb = tokens.get(0);
        List<String> a = tokens.subList(1, tokens.size());
        return switch (verb) {
            case "open" -> open(a);
            case "new-cohort" -> {
                Args r = Args.exactly(verb, a, "new-cohort <name> <n>");
                String who = r.name("name");
                yield new CustomerCommand.NewCohort(who, (int) r.number("n", MIN_COHORT, MAX_COHORT)); // at most MAX_COHORT
            }
            case "delete-cohort" -> new CustomerCommand.DeleteCohort(Args.exactly(verb, a, "delete-cohort <name>").name("name"));
            case "exit" -> new CustomerCommand.Exit(Args.exactly(verb, a, "exit <name>").name("name"));
            case "deposit" -> new CustomerCommand.Deposit(Args.exactly(verb, a, "deposit <amount>").amount("amount"));
            case "withdrawal" -> new CustomerCommand.Withdrawal(Args.exactly(verb, a, "withdrawal <amount>").amount("amount"));
            case "transfer", "lost-transfer" -> {
                Args r = Args.exactly(verb, a, verb + " <amount> <receiver>");
                Money amount = r.amount("amount");
                yield new CustomerCommand.Transfer(amount, r.name("receiver"), verb.equals("lost-transfer"));
            }
            case "checkpoint" -> {
                Args.exactly(verb, a, verb);
                yield new CustomerCommand.Checkpoint();
            }
            case "rollback" -> {
                Args.exactly(verb, a, verb);
                yield new CustomerCommand.Rollback();
            }
            default -> throw new MalformedMessageException("unknown command '" + verb + "'; type help");
        };
    }

    /** {@code open <name> <balance>}, or with {@code <ipv4> <port1> <port2>} for any address. */
    private static CustomerCommand open(List<String> a) throws MalformedMessageException {
        String usage = "open <name> <balance> [<ipv4> <port1> <port2>]";
        if (a.size() != 2 && a.size() != 5) {
            throw new MalformedMessageException("open: expected 2 or 5 arguments, got " + a.size() + " (usage: " + usage + ")");
        }
        Args r = Args.any("open", a, usage);
        String who = r.name("name");
        Money balance = r.balance("balance");
        if (a.size() == 2) {
            return new CustomerCommand.Open(who, balance, Optional.empty());
        }
        String host = r.ipv4("ipv4");
        int port1 = r.port("port1");
        int port2 = r.port("port2");
        if (port1 == port2) {
            throw new MalformedMessageException("open: port1 and port2 must differ (both " + port1 + ")");
        }
        return new CustomerCommand.Open(who, balance, Optional.of(new CustomerCommand.Address(host, port1, port2)));
    }
}
