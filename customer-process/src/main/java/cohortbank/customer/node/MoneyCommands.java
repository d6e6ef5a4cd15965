package cohortbank.customer.node;

import cohortbank.common.money.Money;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.customer.account.SentTransfer;
import cohortbank.customer.command.Result;
import java.util.function.Consumer;

/**
 * The console commands that move money: {@code deposit}, {@code withdraw}, {@code transfer}
 * and {@code lost-transfer} (DESIGN §3).
 *
 * <p>Contract: every check comes first, so a failure changes nothing; each command answers
 * {@code done} exactly once. A transfer's label is covered by a durable lease (NodeMeta#takeLabel)
 * before the transfer can leave, so a crash never lets a label be given twice; and
 * the command answers "delivered" when acknowledged within
 * {@link NodeConfig#deliveryWaitMillis}, else "pending". A transfer typed while sending
 * is blocked waits in {@link BlockedCommands}; local moves are refused while a rollback may
 * restore the account underneath them. Event loop only.
 */
final class MoneyCommands {

    private final CustomerIdentity identity;
    private final Ledger ledger;
    private final Activity activity;
    private final NodeListener listener;
    private final TransferChannels channels;
    private final BlockedCommands blocked;

    private final long deliveryWaitMillis;

    /** @param deliveryWaitMillis how long a transfer command waits to answer "delivered" rather than "pending" */
    MoneyCommands(CustomerIdentity identity, Ledger ledger, Activity activity, NodeListener listener, TransferChannels channels,
            BlockedCommands blocked, long deliveryWaitMillis) {
        this.deliveryWaitMillis = deliveryWaitMillis;
        this.identity = identity;
        this.ledger = ledger;
        this.activity = activity;
        this.listener = listener;
        this.channels = channels;
        this.blocked = blocked;
    }

    /** {@code deposit}: adds to the live account, unless a rollback may restore it underneath. */
    void deposit(Money amount, Consumer<Result> done) {
        whenLocalAllowed("deposit", done, () -> {
            if (ledger.account.balance().exceedsMaxWith(amount)) {
                done.accept(new Result.Failed("deposit: the balance " + ledger.account.balance() + " plus " + amount
                        + " would pass the maximum balance " + Money.MAX));
                return;
            }
            ledger.account.deposit(amount);
            done.accept(new Result.Deposited(amount, ledger.account.balance()));
        });
    }

    /** {@code withdraw}: takes from the live account when the balance covers it, unless a rollback is prepared. */
    void withdraw(Money amount, Consumer<Result> done) {
        whenLocalAllowed("withdrawal", done, () -> {
            if (amount.compareTo(ledger.account.balance()) > 0) {
                done.accept(new Result.Failed("withdrawal: balance " + ledger.account.balance() + " does not cover " + amount));
                return;
            }
            ledger.account.withdraw(amount);
            done.accept(new Result.Withdrew(amount, ledger.account.balance()));
        });
    }

    /** Local money moves wait while a rollback may restore the account underneath them. */
    private void whenLocalAllowed(String what, Consumer<Result> done, Runnable action) {
        if (identity.frozen()) {
            // A frozen member's state is being made final for the deletion: nothing changes it now.
            done.accept(new Result.Failed(what + ": " + identity.cohortPause() + "; try again once it is gone"));
            return;
        }
        if (activity.rollbackPrepared()) {
            done.accept(new Result.Failed(what + ": rollback " + activity.round.instance + " in progress; try again"));
            return;
        }
        action.run();
    }

    /** {@code transfer} and {@code lost-transfer}: validation first, so a failure changes nothing. */
    void transfer(Money amount, String receiver, boolean lost, Consumer<Result> done) {
        String verb = lost ? "lost-transfer" : "transfer";
        if (identity.meta.cohortId == 0) {
            done.accept(new Result.Failed(verb + ": " + identity.name + " is in no cohort"));
            return;
        }
        if (receiver.equals(identity.name)) {
            done.accept(new Result.Failed(verb + ": cannot transfer to yourself"));
            return;
        }
        if (identity.meta.member(receiver).isEmpty()) {
            done.accept(new Result.Failed(verb + ": " + receiver + " is not in cohort " + identity.meta.cohortId
                    + " (members: " + identity.memberNames() + ")"));
            return;
        }
        if (identity.frozen()) {
            done.accept(new Result.Failed(verb + ": " + identity.cohortPause() + "; try again once it is gone"));
            return;
        }
        if (activity.sendingBlocked()) {
            blocked.waitForUnblock(verb, done, () -> transfer(amount, receiver, lost, done));
            return;
        }
        if (amount.compareTo(ledger.account.balance()) > 0) {
            done.accept(new Result.Failed(verb + ": balance " + ledger.account.balance() + " does not cover " + amount));
            return;
        }
        if (identity.meta.takeLabel()) {
            identity.store.saveMeta(identity.meta); // a new lease of labels is durable before the first of them leaves
        }
        long label = identity.meta.lastLabel;
        SentTransfer sent = ledger.account.send(receiver, amount, label, lost);
        listener.protocol(lost ? new ProtocolEvent.LostTransfer(receiver, amount, label)
                : new ProtocolEvent.TransferSent(receiver, amount, label));
        if (lost) {
            listener.log("lost transfer " + label + " to " + receiver + ": never sent");
            done.accept(new Result.Sent(amount, receiver, label, Result.Delivery.NEVER_SENT, "", ledger.account.balance()));
            return;
        }
        listener.log("transfer " + sent);
        channels.transmitNew(receiver);
        channels.awaitDelivery(receiver, label, deliveryWaitMillis, delivered -> done.accept(delivered
                ? new Result.Sent(amount, receiver, label, Result.Delivery.DELIVERED, "", ledger.account.balance())
                : new Result.Sent(amount, receiver, label, Result.Delivery.PENDING, pending(receiver),
                        ledger.account.balance())));
    }

    /** A transfer not acknowledged in time: still owed, and why when the receiver said. */
    private String pending(String receiver) {
        return channels.refusalOf(receiver)
                .map(r -> "pending, " + receiver + " refuses it for now: " + r.explanation()
                        + "; it stays owed and is re-sent until " + receiver + " takes it")
                .orElse("pending, will be delivered when " + receiver + " answers");
    }
}
