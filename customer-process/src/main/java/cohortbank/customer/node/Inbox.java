package cohortbank.customer.node;

import cohortbank.common.net.Datagram;
import cohortbank.common.rpc.Requester;
import cohortbank.common.rpc.Responder;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.MalformedMessageException;
import cohortbank.common.wire.Reply;
import cohortbank.common.wire.bank.BankNotice;
import cohortbank.common.wire.bank.Member;
import cohortbank.customer.wire.Decision;
import cohortbank.customer.wire.OutcomeAnswer;
import cohortbank.customer.wire.PeerMessage;
import java.util.Optional;

/**
 * Where this node's datagrams arrive: it parses each one, passes replies to the waiting
 * {@link Requester}, refuses what may not be accepted, and hands every accepted message to
 * the part of the node it is for.
 *
 * <p>Contract: a malformed datagram, a message from a non-member, or one on the wrong port is
 * answered with one {@code FAILURE} naming the problem and changes nothing; only the bank
 * may change membership. Requests that expect an answer go through a {@link Responder}, so
 * each runs once and a retransmission is answered from its cache; transfers, acknowledgements
 * and checkpointed receipts are idempotent and need none. Event loop only.
 */
final class Inbox {

    private final CustomerIdentity identity;
    private final Ledger ledger;
    private final Activity activity;
    private final NodeLinks links;
    private final Responder bankResponder;
    private final Responder peerResponder;
    private final CohortMembership membership;
    private final TransferChannels channels;
    private final HeldTransfers received;
    private final VotingTree voting;
    private final CheckpointCoordinator checkpoints;
    private final RollbackCoordinator rollbacks;

    Inbox(CustomerIdentity identity, Ledger ledger, Activity activity, NodeLinks links, CohortMembership membership,
            TransferChannels channels, HeldTransfers received,
            VotingTree voting, CheckpointCoordinator checkpoints, RollbackCoordinator rollbacks, int bankReplyCache,
            int peerReplyCache) {
        this.identity = identity;
        this.ledger = ledger;
        this.activity = activity;
        this.links = links;
        this.bankResponder = new Responder(links.bankPort(), bankReplyCache);
        this.peerResponder = new Responder(links.peerPort(), peerReplyCache);
        this.membership = membership;
        this.channels = channels;
        this.received = received;
        this.voting = voting;
        this.checkpoints = checkpoints;
        this.rollbacks = rollbacks;
    }

    /**
     * Parses a datagram; a malformed one is answered FAILURE and a reply goes to its requester.
     * Returns the request to handle, or null when there is nothing more to do.
     */
    private Envelope requestIn(Datagram d, Requester requester, Responder responder) {
        Envelope e;
        try {
            e = Envelope.parse(d.text());
        } catch (MalformedMessageException bad) {
            links.listener().log("malformed datagram from " + d.from() + ": " + bad.getMessage());
            responder.rejectMalformed(d.from(), bad.getMessage());
            return null;
        }
        // A reply nobody waits for (late, or bare) is dropped: answering it could loop forever.
        // Authentication: only an authenticated reply answers a request; an unauthenticated one
        // may only answer the question for the bank's public key, which is checked when pinned.
        boolean answered = d.authenticated() ? requester.onReply(e) : links.bareRequester().onReply(e);
        return answered || Reply.isReply(e) ? null : e;
    }

    /** A datagram on port1: cohort changes, accepted only from the bank. */
    void onBankDatagram(Datagram d) {
        Envelope e = requestIn(d, links.bankRequester(), bankResponder);
        if (e == null) {
            return;
        }
        bankResponder.onRequest(d.from(), d.sender(), e, (from, request, answer) -> {
            if (!links.keys().isBank(d.sender())) {
                // Only the bank forms and dissolves cohorts; anyone else could rewrite membership.
                // Authentication: a source address proves nothing, the bank's key does.
                answer.accept(Reply.failure("'" + request.verb() + "' accepted only from the bank at " + links.bank()
                        + ", authenticated by its key"));
                return;
            }
            try {
                BankNotice m = BankNotice.parse(request.body());
                if (m instanceof BankNotice.CohortFormed formed) {
                    answer.accept(membership.onCohortFormed(formed));
                } else {
                    membership.onNotice((BankNotice.CohortNotice) m, answer);
                }
            } catch (MalformedMessageException bad) {
                answer.accept(Reply.failure(bad.getMessage()));
            }
        });
    }

    /** A datagram on port2: transfers, acknowledgements and instance messages from cohort members. */
    void onPeerDatagram(Datagram d) {
        Envelope e = requestIn(d, links.peerRequester(), peerResponder);
        if (e == null) {
            return;
        }
        PeerMessage m;
        try {
            m = PeerMessage.parse(e);
        } catch (MalformedMessageException bad) {
            links.listener().log("bad message from " + d.from() + ": " + bad.getMessage());
            peerResponder.onRequest(d.from(), e, (f, r, answer) -> answer.accept(Reply.failure(bad.getMessage())));
            return;
        }
        String problem = senderProblem(m, d.sender());
        if (problem != null) {
            links.listener().log("refused " + e.bodyText() + " from " + d.from() + ": " + problem);
            peerResponder.onRequest(d.from(), e, (f, r, answer) -> answer.accept(Reply.failure(problem)));
            return;
        }
        long stamp = CohortStamp.cohortOf(e);
        if (stamp != identity.meta.cohortId) {
            // A message of an earlier cohort of the same members, still under their keys: its
            // labels and instances mean nothing here (a transfer would be applied twice).
            // Nothing to answer: its sender has left that cohort too, or will.
            links.listener().log("ignored " + m.body().get(0) + " from " + d.from() + ": sent in cohort "
                    + (stamp < 0 ? "(none stated)" : stamp) + ", this node is in cohort " + identity.meta.cohortId);
            return;
        }
        if (m instanceof PeerMessage.TransferRefused r) {
            refusedBy(d, r);
        } else if (m instanceof PeerMessage.Transfer t) {
            received.onTransfer(t);
        } else if (m instanceof PeerMessage.TransferAck a) {
            channels.onAck(a.from(), a.upTo(), a.epoch());
        } else if (m instanceof PeerMessage.CheckpointedReceipt c) {
            ledger.account.pruneSent(c.from(), c.upTo());
        } else {
            peerResponder.onRequest(d.from(), d.sender(), e, (f, q, answer) -> onPeerRequest(m, answer));
        }
    }

    /**
     * A receiver says why it cannot take a transfer now. It names no sender, so it is believed
     * only under the key the bank announced for a member, and is about that member; a bare or
     * otherwise unauthenticated one could be anybody's and is dropped unanswered.
     */
    private void refusedBy(Datagram d, PeerMessage.TransferRefused r) {
        Optional<Member> receiver = d.sender() == null ? Optional.empty()
                : identity.meta.members.stream().filter(mb -> links.keys().isMember(mb.name(), d.sender())).findFirst();
        if (receiver.isEmpty()) {
            links.listener().log("ignored transfer-refused " + r.label() + " from " + d.from() + ": not under a member's key");
            return;
        }
        channels.onRefused(receiver.get().name(), r.label(), r.reason());
    }

    /** Peer messages that expect an answer; each runs once, retransmissions are answered from the cache. */
    private void onPeerRequest(PeerMessage m, Responder.Answer answer) {
        if (m instanceof PeerMessage.Resync r) {
            if (links.rules().resendsAfterRollback()) {
                channels.onAck(r.from(), r.upTo(), r.epoch());
            }
            answer.accept(Reply.success("resync " + r.upTo()));
        } else if (m instanceof PeerMessage.CheckpointRequest c) {
            checkpoints.onRequest(c, answer);
        } else if (m instanceof PeerMessage.RollbackRequest r) {
            rollbacks.onRequest(r, answer);
        } else if (m instanceof PeerMessage.DecisionNotice n) {
            onDecision(n.instance(), n.checkpoint(), n.decision());
            answer.accept(OutcomeAnswer.of(n.decision()).reply());
        } else if (m instanceof PeerMessage.OutcomeQuery q) {
            answer.accept(voting.outcomeOf(q.instance()).reply());
        } else {
            answer.accept(Reply.failure("'" + m.body().get(0) + "' is not accepted on port2"));
        }
    }

    /**
     * Why a peer message cannot be accepted, or null: it must come from a member of our cohort,
     * authenticated by the key the bank announced for that member.
     */
    private String senderProblem(PeerMessage m, String sender) {
        if (sender == null) {
            // Bare: whatever it claims, the answer must tell a stranger nothing of this node's state.
            return "'" + m.body().get(0) + "' needs the sender's key";
        }
        if (!identity.hasIdentity()) {
            return "this process has no account yet";
        }
        String from = m instanceof PeerMessage.FromPeer p ? p.from() : null;
        if (from == null) {
            return null;
        }
        if (from.equals(identity.name) || identity.meta.member(from).isEmpty()) {
            return from + " is not a member of " + identity.name + "'s cohort";
        }
        if (!links.keys().isMember(from, sender)) {
            return "'" + m.body().get(0) + "' from " + from + " needs " + from + "'s key";
        }
        return null;
    }

    /** A decision from the parent: ends the current round, or resolves a promise of an instance not joined. */
    private void onDecision(String instance, boolean checkpoint, Decision decision) {
        if (activity.isCurrent(instance)) {
            voting.conclude(activity.round, decision);
        } else if (!checkpoint) {
            rollbacks.resolvePending(instance, decision);
        }
    }
}
