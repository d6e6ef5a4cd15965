package cohortbank.customer.node;

import cohortbank.common.rpc.Responder;
import cohortbank.common.time.Cancellable;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankNotice;
import cohortbank.common.wire.bank.BankRequest;
import cohortbank.common.wire.bank.Drained;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.store.NodeMeta;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Joining, freezing and leaving a cohort on the bank's word (DESIGN §3): the only changes of
 * {@link CustomerIdentity#meta}'s membership. Joining is in two steps (prepared by
 * {@code cohort-formed}, confirmed once the bank recorded the cohort), and so is deleting
 * (frozen and drained, then left), so that no money moves in a cohort the bank does not
 * hold and none is in flight when a cohort goes.
 *
 * <p>Contract: a node joins only when it has an account, is named among the members, is in no
 * other cohort and is in no instance; joining again the same cohort is a success that changes
 * nothing. Joining takes the first permanent checkpoint of the cohort, so a rollback always
 * has somewhere to go; leaving makes the final state the permanent checkpoint, stops every
 * channel and drops what was held. Each answer is one {@link Reply} for the bank. Event loop only.
 */
final class CohortMembership {

    private final CustomerIdentity identity;
    /**
     * Tells the bank the balance of a new permanent checkpoint: the one a member leaves a
     * cohort whose formation was cancelled with (a deletion recorded it already).
     */
    private final Consumer<Checkpoint> reportBalance;
    private final Ledger ledger;
    private final Activity activity;
    private final NodeLinks links;
    private final TransferChannels channels;
    private final HeldTransfers received;
    private final BlockedCommands blocked;
    private final Runnable confirmed;
    /** How long a frozen member waits to be drained before it tells the bank it is not. */
    private final long drainLimitMillis;
    private final long drainPollMillis;
    /**
     * How long a member stays frozen before it asks the bank whether its cohort is still being
     * deleted, and again after each answer while it stays so: longer than a deletion's freeze
     * rounds can last (the bank's 20 s budget), so that a deletion under way answers "busy".
     */
    static final long FROZEN_CHECK_MILLIS = 30_000;
    private Cancellable frozenCheck = Cancellable.NONE;
    /** Freezes heard in this life: one heard while the bank was asked makes its answer stale. */
    private long freezesHeard;

    /**
     * @param confirmed runs when the bank confirms the cohort: commands that waited for it
     *                  (a checkpoint or rollback typed meanwhile) may start
     * @param drainLimitMillis how long a frozen member waits to be drained, checking every {@code drainPollMillis}
     */
    CohortMembership(CustomerIdentity identity, Ledger ledger, Activity activity, NodeLinks links, TransferChannels channels,
            HeldTransfers received, BlockedCommands blocked,
            Runnable confirmed, Consumer<Checkpoint> reportBalance, long drainLimitMillis, long drainPollMillis) {
        this.reportBalance = reportBalance;
        this.drainLimitMillis = drainLimitMillis;
        this.drainPollMillis = drainPollMillis;
        this.confirmed = confirmed;
        this.blocked = blocked;
        this.identity = identity;
        this.ledger = ledger;
        this.activity = activity;
        this.links = links;
        this.channels = channels;
        this.received = received;
    }

    /** The bank formed a cohort: join it if this node is free, with a first permanent checkpoint. */
    Reply onCohortFormed(BankNotice.CohortFormed formed) {
        if (!identity.hasIdentity()) {
            return Reply.failure("cohort-formed: this process has no account yet");
        }
        if (formed.members().stream().noneMatch(m -> m.name().equals(identity.name))) {
            return Reply.failure("cohort-formed: " + identity.name + " is not among the members");
        }
        if (identity.meta.cohortId == formed.cohortId()) {
            return Reply.success("already in cohort " + formed.cohortId());
        }
        if (identity.meta.cohortId != 0) {
            return Reply.failure("cohort-formed: " + identity.name + " is already in cohort " + identity.meta.cohortId);
        }
        if (activity.round != null || activity.recovering) {
            return Reply.failure("cohort-formed: " + identity.name + " is busy (" + activity.describe() + "); retry");
        }
        identity.meta.cohortId = formed.cohortId();
        identity.meta.cohortState = NodeMeta.CohortState.PREPARED;
        identity.meta.members.clear();
        identity.meta.members.addAll(formed.members());
        ledger.account.leaveCohort();
        channels.forgetPositions();
        received.clear();
        identity.store.saveMeta(identity.meta);
        // Joining is the first permanent checkpoint: a rollback always has somewhere to go.
        ledger.permanent = new Checkpoint(identity.name + ":" + identity.nextSequence(), "-", identity.meta.lastLabel,
                ledger.account.copy());
        identity.store.savePermanent(ledger.permanent);
        links.listener().protocol(new ProtocolEvent.PermanentCheckpoint(ledger.permanent.instance()));
        links.listener().event("joined cohort " + formed.cohortId() + ": " + identity.memberNames()
                + " (money moves once the bank confirms it)");
        return Reply.success(identity.name + " prepared to join cohort " + formed.cohortId());
    }

    /**
     * A notice from the bank about a cohort. Each is answered SUCCESS (at once, or for a freeze
     * once drained) unless it cannot be obeyed, and a notice about a cohort this node is not in
     * changes nothing: the bank repeats its notices until answered, and they may come late.
     */
    void onNotice(BankNotice.CohortNotice n, Responder.Answer answer) {
        if (!identity.hasIdentity() || identity.meta.cohortId != n.cohortId()) {
            answer.accept(Reply.success("not in cohort " + n.cohortId()));
            return;
        }
        switch (n.notice()) {
            case CONFIRMED -> answer.accept(confirm());
            case FREEZE -> {
                freezesHeard++;
                freeze(answer);
            }
            case THAW -> answer.accept(thaw());
            case DELETED -> answer.accept(leave());
        }
    }

    private Reply confirm() {
        if (identity.meta.cohortState == NodeMeta.CohortState.PREPARED) {
            identity.meta.cohortState = NodeMeta.CohortState.CONFIRMED;
            identity.store.saveMeta(identity.meta);
            links.listener().event("cohort " + identity.meta.cohortId + " confirmed by the bank: " + identity.memberNames());
            blocked.runUnblockedCommands(); // transfers typed meanwhile go now
            confirmed.run();
        }
        return Reply.success(identity.name + " is in cohort " + identity.meta.cohortId);
    }

    /**
     * Freezes: nothing new starts (money commands and instances are refused, see
     * {@link CustomerIdentity#cohortPause}); instances already running finish. Answers once this
     * node is drained: in no instance, every transfer it sent acknowledged, and every request
     * it made to a peer answered. The bank asks twice (see its deletion). The answer is a
     * {@link Drained}: the balance this node will leave with (nothing can change it while
     * frozen and drained), which the bank records with the cohort's removal (DESIGN §2). Then the live
     * account is made durable, and stays so (receipts included) until the cohort is gone or
     * thawed, so a crash from here on resumes without a rollback.
     */
    private void freeze(Responder.Answer answer) {
        if (identity.meta.cohortState != NodeMeta.CohortState.FROZEN) {
            identity.meta.cohortState = NodeMeta.CohortState.FROZEN;
            identity.store.saveMeta(identity.meta);
            links.listener().event("cohort " + identity.meta.cohortId + " is being deleted: no new transfers; draining");
            watchFreeze();
        }
        long giveUp = links.scheduler().now() + drainLimitMillis;
        awaitDrained(answer, giveUp);
    }

    private void awaitDrained(Responder.Answer answer, long giveUp) {
        if (!identity.frozen()) {
            answer.accept(Reply.failure(identity.name + " is no longer frozen"));
            return;
        }
        String undrained = undrained();
        if (undrained == null) {
            if (!ledger.drainedDurable) {
                identity.store.saveLive(ledger.account);
                ledger.drainedDurable = true;
            }
            // A new report number, above every report this node sent before: the bank keeps it
            // with the balance, so no earlier report, delayed, overwrites the figure.
            answer.accept(new Drained(identity.name, ledger.account.balance(), identity.nextSequence()).reply());
            return;
        }
        if (links.scheduler().now() >= giveUp) {
            answer.accept(Reply.failure(identity.name + " not drained: " + undrained));
            return;
        }
        links.scheduler().schedule(drainPollMillis, () -> awaitDrained(answer, giveUp));
    }

    /** Why this node is not drained yet, or null when it is. */
    private String undrained() {
        if (activity.round != null || activity.recovering) {
            return activity.describe();
        }
        List<String> open = channels.unacknowledged();
        if (!open.isEmpty()) {
            return "transfers not yet acknowledged: " + String.join(", ", open);
        }
        // E.g. a resync after a rollback: until its sender has it, that sender may owe re-sends.
        int asking = links.peerRequester().pendingCount();
        return asking == 0 ? null : asking + " request(s) to peers not yet answered";
    }

    /**
     * Watches this node's freeze: it must end thawed or deleted (DESIGN §2), but the bank's word
     * may never come, since a {@code cohort-freeze} can arrive after the {@code cohort-thaw} that
     * cancelled its deletion (delivered late, or re-sent to a member back from a crash): the
     * bank, thawed members all answered, asks nothing more. So a node frozen for
     * {@link #FROZEN_CHECK_MILLIS} asks the bank {@code cohort-of} itself: "busy" means a
     * deletion is under way and the bank will say how it ends; its cohort named means none is,
     * and it thaws; "none" means the cohort is gone, and the bank's {@code cohort-deleted} comes.
     * Runs when this node freezes and when it starts frozen.
     */
    void watchFreeze() {
        frozenCheck.cancel();
        frozenCheck = links.scheduler().schedule(FROZEN_CHECK_MILLIS, this::askWhetherStillDeleting);
    }

    private void askWhetherStillDeleting() {
        if (!identity.frozen()) {
            return;
        }
        long cohort = identity.meta.cohortId;
        long heard = freezesHeard;
        links.bankRequester().request(links.bank(), new BankRequest.CohortOf(identity.name).body(), reply -> {
            // A freeze heard since the question may belong to a deletion the answer predates.
            if (identity.frozen() && identity.meta.cohortId == cohort && freezesHeard == heard
                    && BankRequest.CohortOf.cohortIn(reply).equals(OptionalLong.of(cohort))) {
                links.listener().event("cohort " + cohort + " is not being deleted, the bank says; thawing");
                thaw();
            }
            if (identity.frozen()) {
                watchFreeze();
            }
        });
    }

    private Reply thaw() {
        if (identity.meta.cohortState == NodeMeta.CohortState.FROZEN) {
            frozenCheck.cancel();
            identity.meta.cohortState = NodeMeta.CohortState.CONFIRMED;
            identity.store.saveMeta(identity.meta);
            ledger.drainedDurable = false;
            identity.store.deleteLive(); // a crash from now on recovers as usual
            links.listener().event("cohort " + identity.meta.cohortId + " was not deleted; transfers move again");
        }
        return Reply.success(identity.name + " carries on in cohort " + identity.meta.cohortId);
    }

    /**
     * Leaves the cohort: deleted after every member drained, or its formation cancelled. The
     * state at this moment becomes this node's permanent checkpoint, durable before the cohort
     * is forgotten: nothing is in flight, so a later crash restores exactly this. After a
     * deletion (this node frozen) its balance is the one this node last answered
     * {@code drained} with, which the bank recorded in the change that removed the cohort: so
     * nothing is reported, and the bank's total never holds some members' leave balances with
     * others' older ones (DESIGN §2). After a cancelled formation the balance is the one it
     * joined with, which may hold deposits and withdrawals no checkpoint had yet: that one is
     * reported, as a checkpoint's is.
     */
    private Reply leave() {
        long id = identity.meta.cohortId;
        frozenCheck.cancel();
        boolean recordedByTheBank = identity.meta.cohortState == NodeMeta.CohortState.FROZEN;
        ledger.account.leaveCohort();
        channels.stopAll();
        received.clear();
        ledger.permanent = new Checkpoint(identity.name + ":" + identity.nextSequence(), "-", identity.meta.lastLabel,
                ledger.account.copy());
        identity.store.savePermanent(ledger.permanent);
        links.listener().protocol(new ProtocolEvent.PermanentCheckpoint(ledger.permanent.instance()));
        identity.meta.cohortId = 0;
        identity.meta.cohortState = NodeMeta.CohortState.CONFIRMED;
        identity.meta.members.clear();
        identity.meta.pending.clear();
        identity.store.saveMeta(identity.meta);
        identity.store.deleteLive();
        ledger.drainedDurable = false;
        // What this node still asks of the former members (a resync after a restore, say) has
        // lost its meaning, and they no longer hear it under the cohort's keys: retried
        // forever, it would never be answered.
        links.peerRequester().abandonAll("cohort " + id + " is gone");
        links.listener().event("cohort " + id + " was deleted; balance " + ledger.account.balance());
        if (!recordedByTheBank) {
            Checkpoint left = ledger.permanent;
            links.scheduler().schedule(0, () -> reportBalance.accept(left));
        }
        blocked.runUnblockedCommands(); // transfers waiting for a confirmation that will never come
        return Reply.success(identity.name + " left cohort " + id);
    }
}
