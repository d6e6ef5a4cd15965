package cohortbank.customer.node;

import cohortbank.common.rpc.Responder;
import cohortbank.common.rpc.RetryPolicy;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.wire.Envelope;
import cohortbank.common.wire.bank.BankRequest;
import cohortbank.customer.command.Result;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.wire.Decision;
import cohortbank.customer.wire.PeerMessage;
import cohortbank.customer.wire.Vote;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * This node's part in Koo–Toueg checkpoint instances (DESIGN §5): it initiates one on the
 * {@code checkpoint} command, joins one when a member that recorded a transfer from it asks,
 * takes a tentative checkpoint, asks its own dependencies through the {@link VotingTree}, and
 * on the decision makes the checkpoint permanent or discards it.
 *
 * <p>Contract: a tentative checkpoint is durable before this node votes or decides (unless
 * {@link ProtocolRules#tentativeDurableBeforeVote()} is broken on purpose); its requests to its
 * own dependencies leave while it is written, since no answer can count before then; on abort the label
 * tables are merged back so that no dependency is forgotten; a permanent checkpoint is written
 * before the bank or any sender hears of it. Event loop only.
 */
final class CheckpointCoordinator {

    /**
     * How a balance report is re-sent: until the bank answers, however long it is down (the
     * decisions' retry, practically unbounded with a backoff), because a report given up leaves
     * the bank's row, and so its total, behind this node's permanent checkpoint until the next
     * one (DESIGN §2). A late report never overwrites a newer one: reports are numbered.
     */
    private final RetryPolicy reportRetry;

    private final CustomerIdentity identity;
    private final Ledger ledger;
    private final Activity activity;
    private final NodeLinks links;
    private final VotingTree voting;
    private final Precedence precedence;
    private final long instanceBudget;

    /** @param instanceBudget the time an instance started here gives the whole tree to vote */
    CheckpointCoordinator(CustomerIdentity identity, Ledger ledger, Activity activity, NodeLinks links, VotingTree voting,
            Precedence precedence, long instanceBudget, RetryPolicy reportRetry) {
        this.reportRetry = reportRetry;
        this.identity = identity;
        this.ledger = ledger;
        this.activity = activity;
        this.links = links;
        this.voting = voting;
        this.precedence = precedence;
        this.instanceBudget = instanceBudget;
    }

    /**
     * Starts an instance of this node's own, of age {@code age}, answered on its decision; the
     * node is in no other instance ({@link Initiations} sees to it).
     */
    void start(Age age, Consumer<Result> done) {
        Round r = new Round(Round.Kind.CHECKPOINT, identity.name + ":" + identity.nextSequence(), age, null);
        r.userCallback = done;
        activity.round = r;
        takeTentativeAndAsk(r, instanceBudget);
    }

    /**
     * Takes round {@code r}'s tentative checkpoint, asks this node's own dependencies to join,
     * and only then writes the checkpoint durably: the requests and the write overlap (the
     * children's own writes run meanwhile), and the write still returns before this node can
     * vote or decide, as both happen in a later turn of the loop or after this method's write.
     * A crash before the write leaves no tentative checkpoint and no vote; the instance aborts.
     */
    private void takeTentativeAndAsk(Round r, long budget) {
        r.beforeReset = ledger.account.copy();
        ledger.account.resetLabelTables();
        // The checkpoint holds the reset tables: restored, it is the state just after the checkpoint.
        r.tentative = new Checkpoint(r.instance, r.parent == null ? "-" : r.parent, identity.meta.lastLabel,
                ledger.account.copy());
        r.joined.add(identity.name);
        askCheckpointDependencies(r, budget);
        if (links.rules().tentativeDurableBeforeVote()) {
            identity.store.saveTentative(r.tentative); // durable before this node votes or decides
        }
        links.listener().protocol(new ProtocolEvent.TentativeCheckpoint(r.instance));
        links.listener().log("tentative checkpoint " + r.instance + " taken, balance " + ledger.account.balance());
        voting.awaitVotes(r, budget);
    }

    private void askCheckpointDependencies(Round r, long budget) {
        Map<String, Long> deps = r.beforeReset.dependencies();
        long childBudget = voting.childBudget(budget);
        for (Map.Entry<String, Long> dep : new TreeMap<>(deps).entrySet()) {
            if (dep.getKey().equals(r.parent) || identity.meta.member(dep.getKey()).isEmpty()) {
                continue; // the parent has this instance's tentative checkpoint already
            }
            String child = dep.getKey();
            voting.ask(r, child, identity.meta.member(child).get().peer(),
                    new PeerMessage.CheckpointRequest(identity.name, r.instance, r.age.ticket(), dep.getValue(),
                            childBudget).body(),
                    childBudget);
        }
    }

    /** A parent asks this node to join instance {@code req.instance()}; {@code answer} carries its vote. */
    void onRequest(PeerMessage.CheckpointRequest req, Responder.Answer answer) {
        if (activity.round != null && activity.round.instance.equals(req.instance()) && activity.round.tookPart()) {
            answer.accept(Vote.yes().reply()); // a cycle in the dependency graph: already in
            return;
        }
        Optional<Vote> finished = voting.answerIfFinished(req.instance());
        if (finished.isPresent()) {
            answer.accept(finished.get().reply());
            return;
        }
        Age age = new Age(req.age(), PeerMessage.initiatorOf(req.instance()));
        if (links.rules().olderInstancesGoFirst() && !activity.recovering && !activity.shuttingDown
                && !links.rules().mustCheckpoint(req.lastLabel(), activity.firstLabelSentSincePermanent(req.from()))) {
            // Not needed, whatever this node is busy with: no instance has to give way for it.
            // (A recovering node refuses below: its restored tables cannot tell what peers hold.)
            activity.observe(age);
            answer.accept(Vote.yes().reply());
            return;
        }
        Optional<String> busy = precedence.makeRoomFor(age, false);
        if (busy.isPresent()) {
            answer.accept(Vote.no(busy.get()).reply());
            return;
        }
        long firstSent = ledger.account.firstLabelSent(req.from());
        if (!links.rules().mustCheckpoint(req.lastLabel(), firstSent)) {
            answer.accept(Vote.yes().reply()); // nothing it recorded from us since our checkpoint
            return;
        }
        Round r = new Round(Round.Kind.CHECKPOINT, req.instance(), age, req.from());
        r.parentAnswer = answer;
        activity.round = r;
        takeTentativeAndAsk(r, req.budgetMillis());
        links.listener().event("asked by " + req.from() + " to checkpoint (" + req.instance() + "): tentative checkpoint taken");
    }

    /**
     * The initiator's decision about its own instance, made durable in the one write that also
     * makes its tentative checkpoint permanent (commit) or discards it (abort), instead of a
     * meta write followed by a checkpoint write. docs/DESIGN.md §5 asks that the decision be
     * durable before anyone hears it, and §8 that a permanent checkpoint never be lost: the
     * record is one atomic append that carries both facts, so no crash can leave the decision
     * without the permanent checkpoint or the reverse; nothing leaves before it returns; and
     * a restart reads the decision back from it ({@code CustomerStore.loadMeta}), so an outcome
     * query gets the same answer afterwards. A crash before it leaves a tentative checkpoint
     * with no decision, which restart settles as an abort that no one can have heard otherwise.
     * False (meta then holds the decision) when the tentative checkpoint is not on disk, as with
     * {@link ProtocolRules#tentativeDurableBeforeVote()} broken on purpose.
     */
    boolean madeDurable(Round r, Decision decision) {
        if (r.tentative == null || !links.rules().tentativeDurableBeforeVote()) {
            return false;
        }
        if (decision == Decision.COMMIT) {
            identity.store.commitTentative(r.tentative, decision);
        } else {
            identity.store.discardTentative(r.instance, decision);
        }
        return true;
    }

    /** The {@link VotingTree.Ending} of checkpoint rounds: make the tentative checkpoint permanent, or undo it. */
    void ended(Round r, Decision decision) {
        if (r.tentative == null) {
            return;
        }
        if (decision == Decision.COMMIT) {
            makePermanent(r.tentative);
            links.listener().event("checkpoint " + r.instance + " committed: checkpointed balance "
                    + ledger.permanent.account().balance());
        } else {
            ledger.account.mergeLabelTablesFrom(r.beforeReset);
            identity.store.deleteTentative();
            links.listener().protocol(new ProtocolEvent.CheckpointAborted(r.instance));
            links.listener().event("checkpoint " + r.instance + " aborted: tentative checkpoint discarded");
        }
    }

    /**
     * Tells the bank the balance of {@code permanent}, this node's latest permanent checkpoint, so
     * that its row in data.csv holds it (DESIGN §2). Numbered, so that a late report never
     * overwrites a newer one.
     */
    void reportBalance(Checkpoint permanent) {
        long seq = identity.nextSequence();
        links.bankRequester().request(links.bank(), new BankRequest.ReportBalance(identity.name, permanent.account().balance(),
                seq).body(), reportRetry, reply -> links.listener().log("balance report " + seq + ": " + reply));
    }

    /**
     * Makes {@code tentative} this node's permanent checkpoint, then reports its balance to the
     * bank and tells senders what it holds (also used for a tentative checkpoint settled at
     * restart). The reports go in a task of their own, after the current one: the decision
     * that made the checkpoint permanent is passed down the tree, and the user answered,
     * first, since nobody waits on the reports.
     */
    void makePermanent(Checkpoint tentative) {
        Checkpoint permanent = new Checkpoint(tentative.instance(), "-", tentative.ckptLabel(), tentative.account());
        ledger.permanent = permanent;
        links.listener().protocol(new ProtocolEvent.PermanentCheckpoint(permanent.instance()));
        identity.store.commitTentative(tentative, null); // one write: permanent, and no longer tentative
        links.scheduler().schedule(0, () -> report(permanent));
    }

    private void report(Checkpoint permanent) {
        reportBalance(permanent);
        // Senders may forget what this checkpoint has received: it can never be rolled back.
        permanent.account().receivedPositions().forEach((sender, upTo) -> identity.meta.member(sender)
                .ifPresent(m -> links.peerPort().send(m.peer(),
                        Envelope.of(new PeerMessage.CheckpointedReceipt(identity.name, upTo).body()).encode())));
    }
}
