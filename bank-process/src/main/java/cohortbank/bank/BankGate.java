package cohortbank.bank;

import cohortbank.common.security.PublicKeys;
import cohortbank.common.wire.Args;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankRequest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Who may ask the bank what: the bank obeys a request that acts for a name only when the
 * datagram was authenticated by the key bound to that name.
 *
 * <p>Rules, for a request from the network (the bank's own console is trusted):
 * <ul>
 *   <li>{@code help}, {@code total} and {@code bank-key} are public and answered to anyone,
 *       with or without a key: they reveal only aggregates and the bank's public key.</li>
 *   <li>Anything else needs a key: a bare request is refused with
 *       {@code FAILURE <verb>: needs the customer's key}, and changes nothing.</li>
 *   <li>{@code open <name> ...}: a name never bound is bound to the sender's key (durably,
 *       before the bank acts; undone if the bank refuses); a bound name may be opened again
 *       (after {@code exit}, or a retransmission) only under the same key.</li>
 *   <li>A verb the bank does not know is refused here, whoever sends it.</li>
 *   <li>Every other request names the customer it acts for as its first argument
 *       ({@code exit}, {@code new-cohort}, {@code delete-cohort}, {@code report-balance},
 *       {@code cohort-of}, ...) and is passed on only when the sender's key is bound to it.</li>
 * </ul>
 * Event loop only.
 */
final class BankGate {

    private final BankKeys keys;
    private final Supplier<BankTable> table;
    private final Consumer<String> log;

    BankGate(BankKeys keys, Supplier<BankTable> table, Consumer<String> log) {
        this.keys = keys;
        this.table = table;
        this.log = log;
    }

    /**
     * Answers {@code body} from {@code sender} (a public key, or null when unauthenticated):
     * itself when it is public or refused, otherwise through {@code bank}.
     */
    void admit(String sender, List<String> body, Consumer<Reply> answer, BiConsumer<List<String>, Consumer<Reply>> bank) {
        String verb = body.get(0);
        if (BankRequest.PUBLIC.contains(verb)) {
            answer.accept(publicAnswer(verb));
            return;
        }
        if (!BankRequest.KEYED.contains(verb)) {
            // Fail closed: a request the gate has no rule for is never passed to the bank.
            answer.accept(Reply.failure("unknown command '" + verb + "'; known: " + String.join(", ", BankRequest.KEYED)
                    + ", " + String.join(", ", BankRequest.PUBLIC)));
            return;
        }
        if (sender == null) {
            answer.accept(Reply.failure(verb + ": needs the customer's key (without one, ask: "
                    + String.join(", ", BankRequest.PUBLIC) + ")"));
            return;
        }
        if (body.size() < 2 || !Args.NAME.matcher(body.get(1)).matches()) {
            bank.accept(body, answer); // names nobody: the bank refuses it with its usage
            return;
        }
        String name = body.get(1);
        Optional<String> owner = keys.bindings().keyOf(name);
        if (owner.isPresent() && !owner.get().equals(sender)) {
            log.accept("refused " + verb + " for " + name + " from key " + PublicKeys.fingerprint(sender)
                    + ": bound to " + PublicKeys.fingerprint(owner.get()));
            answer.accept(Reply.failure(verb + ": needs " + name + "'s key; the name belongs to another key"));
            return;
        }
        if (owner.isPresent()) {
            bank.accept(body, answer);
        } else if (verb.equals(BankRequest.Open.VERB)) {
            openUnbound(sender, body, answer, bank);
        } else {
            answer.accept(Reply.failure(verb + ": needs " + name + "'s key, and no key is bound to that name"));
        }
    }

    /** Binds the name first, so that two keys racing for it cannot both win; undoes it if the bank refuses. */
    private void openUnbound(String sender, List<String> body, Consumer<Reply> answer,
            BiConsumer<List<String>, Consumer<Reply>> bank) {
        String name = body.get(1);
        try {
            keys.bindings().bind(name, sender);
        } catch (IOException e) {
            log.accept("open: could not save the key bindings: " + e);
            answer.accept(Reply.failure("open: could not write the bank's key file (" + e.getMessage() + "); nothing changed"));
            return;
        }
        log.accept("bound " + name + " to key " + PublicKeys.fingerprint(sender));
        bank.accept(body, reply -> {
            if (!reply.success()) {
                try {
                    keys.bindings().unbind(name);
                    log.accept("unbound " + name + ": the open was refused");
                } catch (IOException e) {
                    log.accept("could not unbind " + name + " after a refused open (it stays bound): " + e);
                }
            }
            answer.accept(reply);
        });
    }

    private Reply publicAnswer(String verb) {
        BankTable t = table.get();
        return switch (verb) {
            case BankRequest.Help.VERB -> Reply.success("requests: " + String.join(", ", BankRequest.KEYED)
                    + " need the customer's key; " + String.join(", ", BankRequest.PUBLIC) + " are open to anyone");
            case BankRequest.Total.VERB -> {
                int active = t.activeCount();
                yield Reply.success("total " + t.activeTotal() + " over " + active + " active customer"
                        + (active == 1 ? "" : "s") + " in " + t.cohorts().size() + " cohort"
                        + (t.cohorts().size() == 1 ? "" : "s"));
            }
            default -> BankRequest.BankKey.answer(keys.identity().publicKey(), keys.identity().fingerprint());
        };
    }
}
