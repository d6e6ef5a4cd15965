package cohortbank.customer.node;

import cohortbank.common.money.Money;
import cohortbank.common.net.Endpoint;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankRequest;
import cohortbank.customer.account.Account;
import cohortbank.customer.command.CustomerCommand;
import cohortbank.customer.command.Result;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.store.CustomerStore;
import cohortbank.customer.store.NodeMeta;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The commands answered by the bank ({@code open}, {@code new-cohort}, {@code delete-cohort},
 * {@code exit}), and what they change here: an {@code open} of this process's own address
 * makes it that customer; an {@code exit} of its own customer lets its directory be opened
 * again. Event loop only.
 */
final class BankCommands {

    private final CustomerIdentity identity;
    private final Ledger ledger;
    private final NodeLinks links;
    private final Endpoint self1;
    private final Endpoint self2;
    private final BiConsumer<BankRequest, Consumer<Reply>> toBank;

    /** @param toBank sends a request to the bank and hands its reply on (see {@link CustomerNode#toBank}) */
    BankCommands(CustomerIdentity identity, Ledger ledger, NodeLinks links, Endpoint self1, Endpoint self2,
            BiConsumer<BankRequest, Consumer<Reply>> toBank) {
        this.identity = identity;
        this.ledger = ledger;
        this.links = links;
        this.self1 = self1;
        this.self2 = self2;
        this.toBank = toBank;
    }

    void newCohort(CustomerCommand.NewCohort c, Consumer<Result> done) {
        toBank.accept(new BankRequest.NewCohort(c.name(), c.size()), reply -> done.accept(Result.fromBank(reply)));
    }

    void deleteCohort(CustomerCommand.DeleteCohort c, Consumer<Result> done) {
        toBank.accept(new BankRequest.DeleteCohort(c.name()), reply -> done.accept(Result.fromBank(reply)));
    }

    void exit(CustomerCommand.Exit c, Consumer<Result> done) {
        toBank.accept(new BankRequest.Exit(c.name()), reply -> {
            if (reply.success() && identity.hasIdentity() && c.name().equals(identity.name)) {
                exited();
            }
            done.accept(Result.fromBank(reply));
        });
    }

    /**
     * {@code open <name> <balance>} registers this process's own address and ports; the long
     * form may register any address. When the bank accepts this process's own address, the
     * process becomes that customer.
     */
    void open(CustomerCommand.Open c, Consumer<Result> done) {
        String who = c.name();
        String host = c.address().map(CustomerCommand.Address::host).orElse(self1.host());
        int port1 = c.address().map(CustomerCommand.Address::port1).orElse(self1.port());
        int port2 = c.address().map(CustomerCommand.Address::port2).orElse(self2.port());
        boolean self = self1.host().equals(host) && self1.port() == port1 && self2.port() == port2;
        if (self && identity.hasIdentity()) {
            done.accept(new Result.Failed("open: this process is already customer " + identity.name));
            return;
        }
        String refusal = self ? openRefusal(who) : null;
        if (refusal != null) {
            done.accept(new Result.Failed(refusal));
            return;
        }
        // The bank binds the name to the key it hears the open under: that customer's own key,
        // created in its state directory the first time.
        String problem = links.keys().useState(links.storageFor().apply(who), true);
        if (problem != null) {
            done.accept(new Result.Failed("open: " + problem + "; nothing was opened"));
            return;
        }
        toBank.accept(new BankRequest.Open(who, c.balance(), host, port1, port2), reply -> {
            if (reply.success() && self && !identity.hasIdentity()) {
                opened(who, c.balance());
            }
            done.accept(Result.fromBank(reply));
        });
    }

    /** {@code open} succeeded for this process's own address: this process is now that customer. */
    private void opened(String customer, Money balance) {
        identity.name = customer;
        identity.store = new CustomerStore(links.storageFor().apply(customer), w -> links.listener().event("WARNING " + w));
        NodeMeta old = identity.store.loadMeta().orElseGet(NodeMeta::new);
        identity.meta = new NodeMeta();
        // Counters never go back, even for a customer that exited and opened again.
        identity.meta.lastLabel = old.lastLabel;
        identity.meta.sequence = old.sequence;
        identity.meta.epoch = old.epoch + 1;
        identity.meta.owner = customer;
        ledger.account = new Account(balance);
        identity.store.saveMeta(identity.meta);
        identity.store.deleteTentative();
        identity.store.deleteLive();
        // The opening state is the first checkpoint: a crash before any other returns here.
        ledger.permanent = new Checkpoint(identity.name + ":" + identity.nextSequence(), "-", identity.meta.lastLabel,
                ledger.account.copy());
        identity.store.savePermanent(ledger.permanent);
        links.listener().protocol(new ProtocolEvent.PermanentCheckpoint(ledger.permanent.instance()));
    }

    /**
     * Why this process may not open {@code customer} at its own address, or null when it may.
     * An account whose state lives in this process's state directory is never reset by a second
     * {@code open} (the bank answers "already open" to it, and opening would start it again from
     * the given balance with no cohort): the user resumes it with {@code --name} instead. A
     * directory left by a customer that exited may be opened again; it keeps its counters.
     */
    private String openRefusal(String customer) {
        if (identity.name != null && !identity.name.equals(customer)) {
            return "open: this process was started with --name " + identity.name + "; open " + identity.name
                    + " <balance>, or start a process without --name for " + customer;
        }
        CustomerStore there = new CustomerStore(links.storageFor().apply(customer), w -> links.listener().log(w));
        Optional<String> unreadable = there.unreadable();
        if (unreadable.isPresent()) {
            return "open: cannot read this process's state directory (" + unreadable.get()
                    + "); start the process with a --state-dir it can use; nothing was opened";
        }
        if (!there.holdsState()) {
            return null;
        }
        Optional<NodeMeta> meta = there.loadMeta();
        if (meta.isPresent() && meta.get().exited) {
            return null;
        }
        String owner = meta.map(m -> m.owner).orElse(null);
        return "open: this process's state directory already holds " + (owner == null ? "an account" : "account " + owner)
                + "; a second open would reset it. Restart this process with --name " + (owner == null ? customer : owner)
                + " to resume it";
    }

    /** This process's own customer exited at the bank: its directory may be opened again later. */
    private void exited() {
        identity.meta.exited = true;
        identity.store.saveMeta(identity.meta);
    }
}
