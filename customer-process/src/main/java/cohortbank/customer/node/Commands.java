package cohortbank.customer.node;

import cohortbank.common.money.Money;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankRequest;
import java.util.List;
import java.util.function.Consumer;

/**
 * Parses the console commands that act (bank requests, money moves, checkpoint and rollback)
 * and hands them to the node. Every problem is a {@code FAILURE} naming it, before anything
 * changes. Inspection commands (balance, status, history, help, quit) live in the console.
 */
final class Commands {

    /** Commands the node executes, with their usage. */
    static final List<String> USAGES = List.of(
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

    private Commands() {
    }

    static void dispatch(CustomerNode node, Envelope e, Consumer<Reply> done) throws MalformedMessageException {
        String verb = e.verb();
        List<String> a = e.args();
        switch (verb) {
            case "open" -> open(node, a, done);
            case "new-cohort" -> {
                Args r = Args.exactly(verb, a, "new-cohort <name> <n>");
                String who = r.name("name");
                long n = r.number("n", 2, 1000);
                node.toBank(new BankRequest.NewCohort(who, (int) n), done);
            }
            case "delete-cohort" -> node.toBank(new BankRequest.DeleteCohort(Args.exactly(verb, a, "delete-cohort <name>").name("name")), done);
            case "exit" -> {
                String who = Args.exactly(verb, a, "exit <name>").name("name");
                node.toBank(new BankRequest.Exit(who), reply -> {
                    if (reply.success() && node.hasIdentity() && who.equals(node.name())) {
                        node.exited();
                    }
                    done.accept(reply);
                });
            }
            case "deposit", "withdrawal" -> {
                Money amount = Args.exactly(verb, a, verb + " <amount>").amount("amount");
                requireAccount(node, verb);
                if (verb.equals("deposit")) {
                    node.deposit(amount, done);
                } else {
                    node.withdraw(amount, done);
                }
            }
            case "transfer", "lost-transfer" -> {
                Args r = Args.exactly(verb, a, verb + " <amount> <receiver>");
                Money amount = r.amount("amount");
                String receiver = r.name("receiver");
                requireAccount(node, verb);
                node.transfer(amount, receiver, verb.equals("lost-transfer"), done);
            }
            case "checkpoint", "rollback" -> {
                Args.exactly(verb, a, verb);
                requireAccount(node, verb);
                if (verb.equals("checkpoint")) {
                    node.checkpoint(done);
                } else {
                    node.rollback(done);
                }
            }
            default -> throw new MalformedMessageException("unknown command '" + verb + "'; type help");
        }
    }

    /**
     * {@code open <name> <balance>} registers this process's own address and ports; the long
     * form may register any address. When the bank accepts this process's own address, the
     * process becomes that customer.
     */
    private static void open(CustomerNode node, List<String> a, Consumer<Reply> done) throws MalformedMessageException {
        String usage = "open <name> <balance> [<ipv4> <port1> <port2>]";
        if (a.size() != 2 && a.size() != 5) {
            throw new MalformedMessageException("open: expected 2 or 5 arguments, got " + a.size() + " (usage: " + usage + ")");
        }
        Args r = Args.any("open", a, usage);
        String who = r.name("name");
        Money balance = r.balance("balance");
        String host = a.size() == 5 ? r.ipv4("ipv4") : node.port1().host();
        int port1 = a.size() == 5 ? r.port("port1") : node.port1().port();
        int port2 = a.size() == 5 ? r.port("port2") : node.port2().port();
        if (port1 == port2) {
            throw new MalformedMessageException("open: port1 and port2 must differ (both " + port1 + ")");
        }
        boolean self = node.owns(host, port1, port2);
        if (self && node.hasIdentity()) {
            done.accept(Reply.failure("open: this process is already customer " + node.name()));
            return;
        }
        String refusal = self ? node.openRefusal(who) : null;
        if (refusal != null) {
            done.accept(Reply.failure(refusal));
            return;
        }
        node.openAtBank(new BankRequest.Open(who, balance, host, port1, port2),
                reply -> {
                    if (reply.success() && self && !node.hasIdentity()) {
                        node.opened(who, balance);
                    }
                    done.accept(reply);
                });
    }

    private static void requireAccount(CustomerNode node, String verb) throws MalformedMessageException {
        if (!node.hasIdentity()) {
            throw new MalformedMessageException(verb + ": no account yet; first: open <name> <balance>");
        }
    }
}
