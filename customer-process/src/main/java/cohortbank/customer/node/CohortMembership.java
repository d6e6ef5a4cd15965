package cohortbank.customer.node;

import cohortbank.common.rpc.Responder;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankNotice;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.store.NodeMeta;
import java.util.List;

/**
 * Joining, freezing and leaving a cohort on the bank's word (DESIGN §3): the only changes of
 * {@link NodeContext#meta}'s membership. Joining is in two steps (prepared by
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

    private final NodeContext ctx;
    private final NodeLinks links;
    private final TransferChannels channels;
    private final HeldTransfers received;
    private final BlockedCommands blocked;
    private final Runnable confirmed;
    /** How long a frozen member waits to be drained before it tells the bank it is not. */
    private final long drainLimitMillis;
    private final long drainPollMillis;

    /**
     * @param confirmed runs when the bank confirms the cohort: commands that waited for it
     *                  (a checkpoint or rollback typed meanwhile) may start
     * @param drainLimitMillis how long a frozen member waits to be drained, checking every {@code drainPollMillis}
     */
    CohortMembership(NodeContext ctx, NodeLinks links, TransferChannels channels, HeldTransfers received, BlockedCommands blocked,
            Runnable confirmed, long drainLimitMillis, long drainPollMillis) {
        this.drainLimitMillis = drainLimitMillis;
        this.drainPollMillis = drainPollMillis;
        this.confirmed = confirmed;
        this.blocked = blocked;
        this.ctx = ctx;
        this.links = links;
        this.channels = channels;
        this.received = received;
    }

    /** The bank formed a cohort: join it if this node is free, with a first permanent checkpoint. */
    Reply onCohortFormed(BankNotice.CohortFormed formed) {
        if (!ctx.hasIdentity()) {
            return Reply.failure("cohort-formed: this process has no account yet");
        }
        if (formed.members().stream().noneMatch(m -> m.name().equals(ctx.name))) {
            return Reply.failure("cohort-formed: " + ctx.name + " is not among the members");
        }
        if (ctx.meta.cohortId == formed.cohortId()) {
            return Reply.success("already in cohort " + formed.cohortId());
        }
        if (ctx.meta.cohortId != 0) {
            return Reply.failure("cohort-formed: " + ctx.name + " is already in cohort " + ctx.meta.cohortId);
        }
        if (ctx.round != null || ctx.recovering) {
            return Reply.failure("cohort-formed: " + ctx.name + " is busy (" + ctx.activity() + "); retry");
        }
        ctx.meta.cohortId = formed.cohortId();
        ctx.meta.cohortState = NodeMeta.CohortState.PREPARED;
        ctx.meta.members.clear();
        ctx.meta.members.addAll(formed.members());
        ctx.account.leaveCohort();
        channels.forgetPositions();
        received.clear();
        ctx.store.saveMeta(ctx.meta);
        // Joining is the first permanent checkpoint: a rollback always has somewhere to go.
        ctx.permanent = new Checkpoint(ctx.name + ":" + ctx.nextSequence(), "-", ctx.meta.lastLabel, ctx.account.copy());
        ctx.store.savePermanent(ctx.permanent);
        links.listener().protocol(new ProtocolEvent.PermanentCheckpoint(ctx.permanent.instance()));
        links.listener().event("joined cohort " + formed.cohortId() + ": " + ctx.memberNames()
                + " (money moves once the bank confirms it)");
        return Reply.success(ctx.name + " prepared to join cohort " + formed.cohortId());
    }

    /**
     * A notice from the bank about a cohort. Each is answered SUCCESS (at once, or for a freeze
     * once drained) unless it cannot be obeyed, and a notice about a cohort this node is not in
     * changes nothing: the bank repeats its notices until answered, and they may come late.
     */
    void onNotice(BankNotice.CohortNotice n, Responder.Answer answer) {
        if (!ctx.hasIdentity() || ctx.meta.cohortId != n.cohortId()) {
            answer.accept(Reply.success("not in cohort " + n.cohortId()));
            return;
        }
        switch (n.notice()) {
            case CONFIRMED -> answer.accept(confirm());
            case FREEZE -> freeze(answer);
            case THAW -> answer.accept(thaw());
            case DELETED -> answer.accept(leave());
        }
    }

    private Reply confirm() {
        if (ctx.meta.cohortState == NodeMeta.CohortState.PREPARED) {
            ctx.meta.cohortState = NodeMeta.CohortState.CONFIRMED;
            ctx.store.saveMeta(ctx.meta);
            links.listener().event("cohort " + ctx.meta.cohortId + " confirmed by the bank: " + ctx.memberNames());
            blocked.runUnblockedCommands(); // transfers typed meanwhile go now
            confirmed.run();
        }
        return Reply.success(ctx.name + " is in cohort " + ctx.meta.cohortId);
    }

    /**
     * Freezes: nothing new starts (money commands and instances are refused, see
     * {@link NodeContext#cohortPause}); instances already running finish. Answers once this
     * node is drained: in no instance, every transfer it sent acknowledged, and every request
     * it made to a peer answered. The bank asks twice (see its deletion). Then the live
     * account is made durable, and stays so (receipts included) until the cohort is gone or
     * thawed, so a crash from here on resumes without a rollback.
     */
    private void freeze(Responder.Answer answer) {
        if (ctx.meta.cohortState != NodeMeta.CohortState.FROZEN) {
            ctx.meta.cohortState = NodeMeta.CohortState.FROZEN;
            ctx.store.saveMeta(ctx.meta);
            links.listener().event("cohort " + ctx.meta.cohortId + " is being deleted: no new transfers; draining");
        }
        long giveUp = links.scheduler().now() + drainLimitMillis;
        awaitDrained(answer, giveUp);
    }

    private void awaitDrained(Responder.Answer answer, long giveUp) {
        if (!ctx.frozen()) {
            answer.accept(Reply.failure(ctx.name + " is no longer frozen"));
            return;
        }
        String undrained = undrained();
        if (undrained == null) {
            if (!ctx.drainedDurable) {
                ctx.store.saveLive(ctx.account);
                ctx.drainedDurable = true;
            }
            answer.accept(Reply.success(ctx.name + " drained; balance " + ctx.account.balance()));
            return;
        }
        if (links.scheduler().now() >= giveUp) {
            answer.accept(Reply.failure(ctx.name + " not drained: " + undrained));
            return;
        }
        links.scheduler().schedule(drainPollMillis, () -> awaitDrained(answer, giveUp));
    }

    /** Why this node is not drained yet, or null when it is. */
    private String undrained() {
        if (ctx.round != null || ctx.recovering) {
            return ctx.activity();
        }
        List<String> open = channels.unacknowledged();
        if (!open.isEmpty()) {
            return "transfers not yet acknowledged: " + String.join(", ", open);
        }
        // E.g. a resync after a rollback: until its sender has it, that sender may owe re-sends.
        int asking = links.peerRequester().pendingCount();
        return asking == 0 ? null : asking + " request(s) to peers not yet answered";
    }

    private Reply thaw() {
        if (ctx.meta.cohortState == NodeMeta.CohortState.FROZEN) {
            ctx.meta.cohortState = NodeMeta.CohortState.CONFIRMED;
            ctx.store.saveMeta(ctx.meta);
            ctx.drainedDurable = false;
            ctx.store.deleteLive(); // a crash from now on recovers as usual
            links.listener().event("cohort " + ctx.meta.cohortId + " was not deleted; transfers move again");
        }
        return Reply.success(ctx.name + " carries on in cohort " + ctx.meta.cohortId);
    }

    /**
     * Leaves the cohort: deleted after every member drained, or its formation cancelled. The
     * state at this moment becomes this node's permanent checkpoint, durable before the cohort
     * is forgotten: nothing is in flight, so a later crash restores exactly this.
     */
    private Reply leave() {
        long id = ctx.meta.cohortId;
        ctx.account.leaveCohort();
        channels.stopAll();
        received.clear();
        ctx.permanent = new Checkpoint(ctx.name + ":" + ctx.nextSequence(), "-", ctx.meta.lastLabel, ctx.account.copy());
        ctx.store.savePermanent(ctx.permanent);
        links.listener().protocol(new ProtocolEvent.PermanentCheckpoint(ctx.permanent.instance()));
        ctx.meta.cohortId = 0;
        ctx.meta.cohortState = NodeMeta.CohortState.CONFIRMED;
        ctx.meta.members.clear();
        ctx.meta.pending.clear();
        ctx.store.saveMeta(ctx.meta);
        ctx.store.deleteLive();
        ctx.drainedDurable = false;
        // What this node still asks of the former members (a resync after a restore, say) has
        // lost its meaning, and they no longer hear it under the cohort's keys: retried
        // forever, it would never be answered.
        links.peerRequester().abandonAll("cohort " + id + " is gone");
        links.listener().event("cohort " + id + " was deleted; balance " + ctx.account.balance());
        blocked.runUnblockedCommands(); // transfers waiting for a confirmation that will never come
        return Reply.success(ctx.name + " left cohort " + id);
    }
}
