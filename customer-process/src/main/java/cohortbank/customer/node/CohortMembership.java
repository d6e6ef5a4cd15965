package cohortbank.customer.node;

import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.wire.Reply;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.wire.PeerMessage;

/**
 * Joining and leaving a cohort on the bank's word (DESIGN §3): the only changes of
 * {@link NodeContext#meta}'s membership.
 *
 * <p>Contract: a node joins only when it has an account, is named among the members, is in no
 * other cohort and is in no instance; joining again the same cohort is a success that changes
 * nothing. Joining takes the first permanent checkpoint of the cohort, so a rollback always
 * has somewhere to go; leaving stops every channel and drops what was held. Each answer is
 * one {@link Reply} for the bank. Event loop only.
 */
final class CohortMembership {

    private final NodeContext ctx;
    private final TransferChannels channels;
    private final HeldTransfers received;

    CohortMembership(NodeContext ctx, TransferChannels channels, HeldTransfers received) {
        this.ctx = ctx;
        this.channels = channels;
        this.received = received;
    }

    /** The bank formed a cohort: join it if this node is free, with a first permanent checkpoint. */
    Reply onCohortFormed(PeerMessage.CohortFormed formed) {
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
        ctx.meta.members.clear();
        ctx.meta.members.addAll(formed.members());
        ctx.account.leaveCohort();
        channels.forgetPositions();
        received.clear();
        ctx.store.saveMeta(ctx.meta);
        // Joining is the first permanent checkpoint: a rollback always has somewhere to go.
        ctx.permanent = new Checkpoint(ctx.name + ":" + ctx.nextSequence(), "-", ctx.meta.lastLabel, ctx.account.copy());
        ctx.store.savePermanent(ctx.permanent);
        ctx.listener.protocol(new ProtocolEvent.PermanentCheckpoint(ctx.permanent.instance()));
        ctx.listener.event("joined cohort " + formed.cohortId() + ": " + ctx.memberNames());
        return Reply.success(ctx.name + " joined cohort " + formed.cohortId());
    }

    /** The bank deleted a cohort: leave it, forgetting channels and held transfers. */
    Reply onCohortDeleted(PeerMessage.CohortDeleted deleted) {
        if (!ctx.hasIdentity() || ctx.meta.cohortId != deleted.cohortId()) {
            return Reply.success("not in cohort " + deleted.cohortId());
        }
        ctx.meta.cohortId = 0;
        ctx.meta.members.clear();
        ctx.meta.pending.clear();
        ctx.account.leaveCohort();
        channels.stopAll();
        received.clear();
        ctx.store.saveMeta(ctx.meta);
        ctx.listener.event("cohort " + deleted.cohortId() + " was deleted; balance " + ctx.account.balance());
        return Reply.success(ctx.name + " left cohort " + deleted.cohortId());
    }
}
