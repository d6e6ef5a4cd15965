package cohortbank.customer.node;

import cohortbank.common.rpc.Responder;
import cohortbank.common.trace.ProtocolEvent;
import cohortbank.common.wire.bank.Member;
import cohortbank.customer.command.Result;
import cohortbank.customer.store.NodeMeta;
import cohortbank.customer.wire.Decision;
import cohortbank.customer.wire.PeerMessage;
import cohortbank.customer.wire.Vote;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * This node's part in Koo–Toueg rollback instances (DESIGN §6–7): it initiates one on the
 * {@code rollback} command or as a restarted node's recovery, joins one when it holds an
 * orphan of the initiator, promises every asking sender to hold back (and on commit drop) the
 * labels its rollback may undo, and on the decision restores its permanent checkpoint as a
 * new incarnation and resyncs every sender.
 *
 * <p>Contract: a promise is durable before this node votes yes, and is resolved exactly once,
 * by the decision, by asking the initiator when the decision is late, or at restart. While
 * prepared, nothing is sent or acknowledged (see {@link Activity#restoring()}); when the
 * round ends the channels are re-armed and held transfers re-examined. A recovering node
 * retries its recovery rollback after a random pause until one commits. Event loop only.
 */
final class RollbackCoordinator {

    private final CustomerIdentity identity;
    private final Ledger ledger;
    private final Activity activity;
    private final NodeLinks links;
    private final VotingTree voting;
    private final Precedence precedence;
    private final TransferChannels channels;
    private final HeldTransfers received;
    private final BlockedCommands blocked;
    private final NodeConfig config;
    /**
     * Rollback instances this node had promised for before it restarted: it may have joined
     * one and asked members whose answers its former self was waiting for, so it can no
     * longer vote for it (see {@link #onRequest}).
     */
    private final Set<String> promisedBeforeRestart = new HashSet<>();

    RollbackCoordinator(CustomerIdentity identity, Ledger ledger, Activity activity, NodeLinks links, VotingTree voting,
            Precedence precedence, TransferChannels channels,
            HeldTransfers received, BlockedCommands blocked, NodeConfig config) {
        this.identity = identity;
        this.ledger = ledger;
        this.activity = activity;
        this.links = links;
        this.config = config;
        this.voting = voting;
        this.precedence = precedence;
        this.channels = channels;
        this.received = received;
        this.blocked = blocked;
    }

    /**
     * Starts a rollback instance of this node's own, of age {@code age}, answered on its
     * decision; the node is in no other instance ({@link Initiations} sees to it).
     */
    void start(Age age, Consumer<Result> done) {
        startRollback(false, age, done);
    }

    private void startRollback(boolean recovery, Age age, Consumer<Result> done) {
        Round r = new Round(Round.Kind.ROLLBACK, identity.name + ":" + identity.nextSequence(), age, null);
        r.userCallback = done;
        r.prepared = true;
        r.alreadyRestored = recovery;
        r.joined.add(identity.name);
        activity.round = r;
        if (!recovery) {
            // The incarnation its restore will start: nothing carries it before the decision,
            // which is written durably with it, so the rollback costs this node one write.
            identity.meta.epoch++;
        }
        askAlongDependencies(r, config.instanceBudgetMillis());
    }

    /**
     * Asks the members this node's restore would undo transfers to: those it sent to since its
     * latest permanent checkpoint ({@code first_label_sent > ⊥}). Only they can hold an orphan
     * of it, or ever receive one of the labels the restore undoes: a transfer sent before the
     * checkpoint is not undone, and one sent after it set the table. A node restarted after a
     * crash (its recovery, and any rollback it joins before that recovery commits) has lost the
     * table with its live account, so it asks every member.
     */
    private void askAlongDependencies(Round r, long budget) {
        long childBudget = voting.childBudget(budget);
        long ckptLabel = ledger.permanent.ckptLabel();
        boolean tableLost = r.alreadyRestored || activity.recovering;
        for (Member m : identity.meta.members) {
            if (m.name().equals(identity.name)
                    || !links.rules().asksToRollBack(activity.firstLabelSentSincePermanent(m.name()), tableLost)) {
                continue;
            }
            voting.ask(r, m.name(), m.peer(),
                    new PeerMessage.RollbackRequest(identity.name, r.instance, r.age.ticket(), ckptLabel, identity.meta.lastLabel,
                            childBudget).body(),
                    childBudget);
        }
        voting.awaitVotes(r, budget);
    }

    /** A member asks this node to join its rollback instance; {@code answer} carries its vote. */
    void onRequest(PeerMessage.RollbackRequest req, Responder.Answer answer) {
        boolean sameInstance = activity.round != null && activity.round.instance.equals(req.instance());
        Optional<Vote> finished = voting.answerIfFinished(req.instance());
        if (finished.isPresent()) {
            answer.accept(finished.get().reply());
            return;
        }
        if (!sameInstance && promisedBeforeRestart.contains(req.instance())) {
            // A yes now would vouch alone for a subtree its former self had asked and not heard
            // from; were the instance to commit, a member there could keep an orphan.
            answer.accept(Vote.no(identity.name + " restarted during " + req.instance()).reply());
            return;
        }
        // A recovering node joins others' rollbacks: were recovering nodes to refuse each other,
        // two restarted at once would block each other forever.
        Age age = new Age(req.age(), PeerMessage.initiatorOf(req.instance()));
        // A member holding no orphan of the asker only promises to hold back its undone labels:
        // it joins nothing, so no instance it is busy with has to give way.
        boolean needed = sameInstance || !links.rules().olderInstancesGoFirst() || activity.shuttingDown
                || links.rules().holdsOrphan(activity.lastLabelRcvdSincePermanent(req.from()), req.ckptLabel());
        if (!needed) {
            activity.observe(age);
        }
        Optional<String> busy = !needed || sameInstance ? Optional.empty() : precedence.makeRoomFor(age, true);
        if (busy.isPresent()) {
            answer.accept(Vote.no(busy.get()).reply());
            return;
        }
        boolean joins = !sameInstance && links.rules().holdsOrphan(ledger.account.lastLabelRcvd(req.from()), req.ckptLabel());
        // Promise durably to hold back, and on commit drop, the sender's undone labels; one that
        // joins reserves in the same write the incarnation its restore will start.
        boolean newPromise = identity.meta.pending.stream()
                .noneMatch(p -> p.instance().equals(req.instance()) && p.sender().equals(req.from()));
        if (newPromise || joins) {
            boolean firstPromise = !promised(req.instance());
            if (newPromise) {
                identity.meta.pending.add(new NodeMeta.PendingRollback(req.instance(), req.from(), req.ckptLabel(),
                        req.maxLabel()));
            }
            if (joins) {
                identity.meta.epoch++;
            }
            identity.store.saveMeta(identity.meta);
            if (newPromise && firstPromise) {
                awaitRollbackDecision(req.instance());
            }
        }
        if (!joins) {
            // Already joined this instance, or no orphan from this sender.
            answer.accept(Vote.yes().reply());
            return;
        }
        Round r = new Round(Round.Kind.ROLLBACK, req.instance(), age, req.from());
        r.parentAnswer = answer;
        r.prepared = true;
        r.joined.add(identity.name);
        activity.round = r;
        links.listener().event("asked by " + req.from() + " to roll back (" + req.instance() + "): holding an orphan, prepared");
        askAlongDependencies(r, req.budgetMillis());
    }

    private boolean promised(String instance) {
        return identity.meta.pending.stream().anyMatch(p -> p.instance().equals(instance));
    }

    /**
     * A promise outlives a silent initiator: one that crashed before deciding never sends the
     * decision, and its restart knows nothing of the instance. So a promise still unresolved
     * after the instance's budget is settled by asking the initiator, whose answer for an
     * instance it no longer runs is a durable abort.
     */
    private void awaitRollbackDecision(String instance) {
        links.scheduler().schedule(config.instanceBudgetMillis(), () -> {
            if (!promised(instance)) {
                return;
            }
            if (activity.round != null && activity.round.instance.equals(instance)) {
                awaitRollbackDecision(instance); // joined: the round asks for its own outcome
                return;
            }
            voting.queryUntilDecided(instance, d -> resolvePending(instance, d));
        });
    }

    /** The {@link VotingTree.Ending} of rollback rounds: restore on commit, resolve promises, re-arm channels. */
    void ended(Round r, Decision decision) {
        if (decision == Decision.COMMIT && r.prepared && !r.alreadyRestored) {
            restorePermanent();
            links.listener().protocol(new ProtocolEvent.RolledBack(r.instance, ledger.permanent.instance()));
            links.listener().event("rolled back to checkpoint " + ledger.permanent.instance() + " (" + r.instance
                    + "): balance now " + ledger.account.balance());
        } else if (decision == Decision.ABORT && r.prepared && !r.alreadyRestored) {
            links.listener().event("rollback " + r.instance + " aborted: nothing restored");
        }
        if (r.alreadyRestored && decision == Decision.COMMIT) {
            activity.recovering = false;
            blocked.runUnblockedCommands();
            links.listener().event("recovery complete (" + r.instance + "): the cohort holds no orphan");
        } else if (activity.recovering) {
            // Our own attempt failed, or we took part in another's: try our recovery again.
            long delay = config.recoveryPauseMillis() + links.random().nextInt(config.recoveryJitterMillis());
            links.scheduler().schedule(delay, () -> {
                if (activity.recovering && activity.round == null) {
                    startRecoveryRollback();
                }
            });
        }
        resolvePending(r.instance, decision);
        channels.transmitToAll();
        received.deliverAllHeld();
    }

    /**
     * Restores the latest permanent checkpoint in the incarnation this node reserved durably
     * when it joined (or, as initiator, with its decision), and tells the members it received
     * from since that checkpoint (held transfers included) what it now holds from them: only
     * their transfers did the restore undo, and every other sender's position stands.
     */
    private void restorePermanent() {
        Set<String> undone = new TreeSet<>(received.senders());
        for (Member m : identity.meta.members) {
            if (ledger.account.receivedUpTo(m.name()) != ledger.permanent.account().receivedUpTo(m.name())) {
                undone.add(m.name());
            }
        }
        received.clear();
        restore(undone);
    }

    /**
     * Restores the permanent checkpoint after a crash as a new incarnation, durable before
     * anyone hears of it, and tells every member what it now holds: which ones it had received
     * from went with the live account.
     */
    void restoreAfterCrash() {
        identity.meta.epoch++;
        identity.store.saveMeta(identity.meta);
        restore(identity.meta.members.stream().map(Member::name).toList());
    }

    /**
     * Restores the permanent checkpoint and tells each of {@code senders} the last label now
     * held from it, so that it re-sends what the restore undid (DESIGN §7).
     */
    private void restore(Collection<String> senders) {
        ledger.account = ledger.permanent.account().copy();
        if (ledger.drainedDurable) {
            // Drained for a deletion, the live file is what a restart resumes and what leaving
            // keeps: it must not go on holding what the restore undid.
            identity.store.saveLive(ledger.account);
        }
        for (String sender : senders) {
            identity.meta.member(sender).filter(m -> !m.name().equals(identity.name))
                    .ifPresent(m -> links.peerRequester().request(m.peer(),
                            new PeerMessage.Resync(identity.name, ledger.account.receivedUpTo(m.name()), identity.meta.epoch).body(),
                            config.decisionRetry(), reply -> { }));
        }
    }

    /** Resolves the hold promised for every sender of a rollback instance. */
    void resolvePending(String instance, Decision decision) {
        boolean changed = false;
        for (Iterator<NodeMeta.PendingRollback> it = identity.meta.pending.iterator(); it.hasNext(); ) {
            NodeMeta.PendingRollback p = it.next();
            if (p.instance().equals(instance)) {
                if (decision == Decision.COMMIT) {
                    identity.meta.addDead(p.sender(), p.ckptLabel(), p.maxLabel());
                }
                it.remove();
                changed = true;
            }
        }
        if (changed) {
            identity.store.saveMeta(identity.meta);
            received.deliverAllHeld();
        }
    }

    /** At start: asks the initiators of rollback instances this node promised to hold for. */
    void settlePendingRollbacks() {
        identity.meta.pending.forEach(p -> promisedBeforeRestart.add(p.instance()));
        for (String instance : identity.meta.pending.stream().map(NodeMeta.PendingRollback::instance).distinct().toList()) {
            voting.queryUntilDecided(instance, d -> resolvePending(instance, d));
        }
    }

    /** One attempt of the recovery rollback of a restarted node (DESIGN §8). */
    void startRecoveryRollback() {
        startRollback(true, new Age(Age.RECOVERY_TICKET, identity.name), recoveryAnswer());
    }

    private Consumer<Result> recoveryAnswer() {
        return result -> links.listener().log("recovery rollback: " + result.line());
    }
}
