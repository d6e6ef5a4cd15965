package cohortbank.customer;

import cohortbank.common.console.CommandSpec;
import cohortbank.common.console.Console;
import cohortbank.common.console.ConsoleOutput;
import cohortbank.common.console.FaultsCommand;
import cohortbank.common.log.ProcessLog;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import cohortbank.customer.command.CommandParser;
import cohortbank.customer.node.CustomerNode;
import cohortbank.customer.node.NodeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The customer's console commands: each line is parsed, run on the node's event loop, and
 * answered with exactly one {@code SUCCESS}/{@code FAILURE} line (tables first for
 * {@code status}, {@code history} and {@code help}) before the next line is read.
 *
 * <p>The node executes the commands that act ({@code open}, {@code transfer},
 * {@code checkpoint}...); the inspection commands ({@code balance}, {@code status},
 * {@code history}, {@code help}), {@code faults} (see {@link FaultsCommand}) and {@code quit}
 * are answered here.
 * Nothing typed can stop the process except {@code quit}, a successful {@code exit} of this
 * process's own customer, or the end of input (or Ctrl-C on a pipe); Ctrl-C while a command
 * waits stops the wait, not the command.
 */
public final class CustomerConsole implements Console.LineHandler {

    /**
     * Longest wait for one command's result (a new-cohort waits for every member):
     * {@link NodeConfig#commandWaitMillis} of the defaults, longer than every bound of the node
     * (such as its {@link NodeConfig#bankRequestBudgetMillis}), so that the node, not this wait,
     * reports an unreachable bank.
     */
    public static final long COMMAND_TIMEOUT_MILLIS = NodeConfig.DEFAULTS.commandWaitMillis();

    private static final Map<String, String> PURPOSE = Map.ofEntries(
            Map.entry("open", "open an account at the bank (this process's own address unless given)"),
            Map.entry("new-cohort", "ask the bank to form a cohort of n customers including <name>"),
            Map.entry("delete-cohort", "ask the bank to dissolve <name>'s cohort"),
            Map.entry("exit", "close <name>'s account at the bank; for this process's own, then quit"),
            Map.entry("deposit", "add money to this account"),
            Map.entry("withdrawal", "take money out of this account (never below 0.00)"),
            Map.entry("transfer", "send money to a cohort member, delivered exactly once"),
            Map.entry("lost-transfer", "debit as for a transfer, but never send it"),
            Map.entry("checkpoint", "take a Koo-Toueg checkpoint with the members this depends on"),
            Map.entry("rollback", "roll back to the latest checkpoint, with members holding orphans"));

    /** Every command, for {@code help} and tab completion. */
    public static final List<CommandSpec> COMMANDS = commands();

    private final CustomerProcess process;
    private final ConsoleOutput out;
    private final ProcessLog log;
    private final long timeoutMillis;
    /** Results of transfers still outstanding on a pipe; null on a terminal. */
    private final InOrderReplies replies;

    /** The commands that run without waiting for the one before on a pipe. */
    private static final Set<String> PIPELINED = Set.of("transfer", "lost-transfer");

    /** A console that answers each command before it reads the next (what a terminal needs). */
    public CustomerConsole(CustomerProcess process, ConsoleOutput out, ProcessLog log, long timeoutMillis) {
        this(process, out, log, timeoutMillis, false);
    }

    /**
     * With {@code pipelined} (stdin is a pipe), transfers do not wait for each other: each goes
     * to the node when read and the results are printed in command order ({@link InOrderReplies});
     * any other command first waits until every earlier result is printed.
     */
    public CustomerConsole(CustomerProcess process, ConsoleOutput out, ProcessLog log, long timeoutMillis,
            boolean pipelined) {
        this.process = process;
        this.out = out;
        this.log = log;
        this.timeoutMillis = timeoutMillis;
        this.replies = pipelined ? new InOrderReplies(out, log) : null;
    }

    private static List<CommandSpec> commands() {
        List<CommandSpec> specs = new ArrayList<>();
        for (String usage : CommandParser.USAGES) {
            String name = usage.split(" ", 2)[0];
            specs.add(new CommandSpec(name, usage, PURPOSE.getOrDefault(name, "")));
        }
        specs.add(new CommandSpec("balance", "balance", "show this account's balance"));
        specs.add(new CommandSpec("status", "status",
                "show the account, cohort, label tables, latest checkpoint and current activity"));
        specs.add(new CommandSpec("history", "history", "show every deposit, withdrawal and transfer"));
        specs.add(FaultsCommand.SPEC);
        specs.add(new CommandSpec("help", "help", "list the commands"));
        specs.add(new CommandSpec("quit", "quit", "save the account and stop this process"));
        return List.copyOf(specs);
    }

    /** Handles one line; false once the process should end. Never throws. */
    @Override
    public boolean handle(String line) {
        log.log("CMD", line);
        if (replies != null) {
            try {
                if (submittedWithoutWaiting(line)) {
                    return true;
                }
                replies.drain(timeoutMillis); // every earlier result is printed before this command runs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> lines;
        boolean keepGoing = true;
        try {
            Envelope e = Envelope.parse(line);
            if (!e.headers().isEmpty()) {
                throw new MalformedMessageException("headers such as '@" + e.headers().keySet().iterator().next()
                        + "=' are for datagrams, not commands");
            }
            switch (e.verb()) {
                case "balance" -> lines = local(e, "balance", n -> List.of("SUCCESS balance " + n.balance()));
                case "status" -> lines = local(e, "status", CustomerViews::status);
                case "history" -> lines = local(e, "history", CustomerViews::history);
                case "faults" -> lines = FaultsCommand.run(e.args(), process.faults());
                case "help" -> {
                    Args.exactly("help", e.args(), "help");
                    lines = Console.helpLines(COMMANDS);
                }
                case "quit" -> {
                    Args.exactly("quit", e.args(), "quit");
                    process.quit();
                    lines = List.of("SUCCESS bye");
                    keepGoing = false;
                }
                default -> {
                    // Read before the command: an exit of this process's own customer ends it. Only
                    // for exit: any other command would pay a needless trip to the event loop.
                    String self = e.verb().equals("exit") ? process.query(CustomerNode::name) : null;
                    // Printed by whichever thread has the answer first: the event loop, as a rule.
                    Reply reply = process.command(e.body(), timeoutMillis, this::print);
                    lines = List.of();
                    if (reply.success() && e.verb().equals("exit") && e.args().size() == 1
                            && e.args().get(0).equals(self)) {
                        process.quit();
                        keepGoing = false;
                    }
                }
            }
        } catch (MalformedMessageException bad) {
            lines = List.of(Reply.failure(bad.getMessage()).line());
        } catch (RuntimeException unexpected) {
            log.error("command '" + line + "' failed", unexpected);
            lines = List.of(Reply.failure("internal error: " + unexpected.getMessage()).line());
        }
        if (!lines.isEmpty()) {
            print(lines);
        }
        return keepGoing;
    }

    private void print(String line) {
        print(List.of(line));
    }

    private void print(List<String> lines) {
        lines.forEach(l -> log.log("OUT", l));
        out.printLines(lines);
    }

    /** A transfer on a pipe: handed to the node now, its result printed in order later. False for anything else. */
    private boolean submittedWithoutWaiting(String line) throws InterruptedException {
        Envelope e;
        try {
            e = Envelope.parse(line);
        } catch (MalformedMessageException bad) {
            return false; // answered in order by the usual path
        }
        if (!e.headers().isEmpty() || !PIPELINED.contains(e.verb())) {
            return false;
        }
        replies.add(e.verb(), process.submit(e.body()));
        return true;
    }

    /** At the end of input: waits until every outstanding result is printed. */
    public void finish() {
        if (replies != null) {
            try {
                replies.drain(timeoutMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ctrl-C while a command waits: the wait ends, the command goes on (see {@link CustomerProcess#stopWaiting}). */
    @Override
    public void interrupt() {
        process.stopWaiting();
    }

    /** An inspection command: no arguments, an account needed, read on the event loop. */
    private List<String> local(Envelope e, String verb, Function<CustomerNode, List<String>> view)
            throws MalformedMessageException {
        Args.exactly(verb, e.args(), verb);
        List<String> lines = process.query(n -> n.hasIdentity() ? view.apply(n) : null);
        if (lines == null) {
            throw new MalformedMessageException(verb + ": no account yet; first: open <name> <balance>");
        }
        return lines;
    }
}
