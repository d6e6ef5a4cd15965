package cohortbank.customer.node;

import cohortbank.common.time.Scheduler;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a node does when asked to join an instance while it cannot simply say yes: the older
 * instance goes first (docs/PROTOCOL.md, "Simultaneous instances"). Koo and Toueg let a busy
 * process refuse, so two members who start at the same instant would abort each other forever;
 * here a younger instance gives way to an older one and is retried by its initiator.
 *
 * <p>Contract: {@link #makeRoomFor} either frees the node for the incoming instance (by making
 * the current, younger round give way) and returns empty, or returns why the node refuses. An
 * older instance is refused only while the node cannot join at all (shutting down, or
 * recovering and asked to checkpoint) or has voted yes in a younger instance and awaits its
 * decision; then the node keeps its turn for the older instance ({@link NodeConfig#turnMillis}),
 * refusing younger ones meanwhile, so that the older is not overtaken again and again. A node
 * whose own user's instance waits to be retried keeps the turn for it the same way. Event loop
 * only.
 */
final class Precedence {

    private final CustomerIdentity identity;
    private final Activity activity;
    private final Scheduler scheduler;
    private final NodeListener listener;
    private final ProtocolRules rules;
    private final VotingTree voting;
    private final Supplier<Optional<Age>> ownWaiting;
    private final long turnMillis;
    private Age turnFor;
    private long turnUntil;

    /**
     * @param ownWaiting the oldest instance this node's user typed that waits to start or be retried
     * @param turnMillis how long the node keeps its turn for an older instance it had to refuse
     */
    Precedence(CustomerIdentity identity, Activity activity, Scheduler scheduler, NodeListener listener, ProtocolRules rules,
            VotingTree voting,
            Supplier<Optional<Age>> ownWaiting, long turnMillis) {
        this.turnMillis = turnMillis;
        this.identity = identity;
        this.activity = activity;
        this.scheduler = scheduler;
        this.listener = listener;
        this.rules = rules;
        this.voting = voting;
        this.ownWaiting = ownWaiting;
    }

    /**
     * Asked to join a new instance of age {@code incoming}: frees the node for it if it may,
     * else says why not. {@code recoveringMayJoin}: whether a node recovering after a restart
     * (between two attempts of its recovery rollback) can take part in this kind of instance.
     */
    Optional<String> makeRoomFor(Age incoming, boolean recoveringMayJoin) {
        activity.observe(incoming);
        if (!rules.olderInstancesGoFirst()) {
            boolean betweenRecoveryAttempts = activity.recovering && activity.round == null && !activity.shuttingDown;
            return recoveringMayJoin && betweenRecoveryAttempts ? Optional.empty() : Optional.ofNullable(activity.busyReason());
        }
        if (activity.shuttingDown) {
            return Optional.of(identity.name + " is shutting down");
        }
        if (activity.recovering && !recoveringMayJoin) {
            return Optional.of(identity.name + " is recovering after a restart");
        }
        String pause = identity.cohortPause();
        if (pause != null) {
            // A cohort not confirmed yet, or being deleted, starts nothing new (DESIGN §2): a
            // frozen member's drained state must stay the state the bank deletes the cohort at.
            return Optional.of(identity.name + ": " + pause);
        }
        Optional<Age> turn = turn();
        if (turn.isPresent() && turn.get().olderThan(incoming)) {
            return Optional.of(identity.name + " keeps its turn for the older instance of " + turn.get());
        }
        if (incoming.equals(turnFor)) {
            turnFor = null; // its turn has come
        }
        Round r = activity.round;
        if (r == null) {
            return Optional.empty();
        }
        if (!incoming.olderThan(r.age)) {
            return Optional.of(identity.name + " is busy in the older " + r.word() + " " + r.instance);
        }
        if (voting.giveWay(r, "gave way to the older instance of " + incoming)) {
            listener.log(r.word() + " " + r.instance + " gave way to the older instance of " + incoming);
            return Optional.empty();
        }
        turnFor = incoming;
        turnUntil = scheduler.now() + turnMillis;
        return Optional.of(identity.name + " awaits the decision of " + r.word() + " " + r.instance);
    }

    /** The oldest instance this node holds its turn for, if any. */
    private Optional<Age> turn() {
        Optional<Age> own = ownWaiting.get();
        if (turnFor == null || scheduler.now() >= turnUntil) {
            return own;
        }
        return own.isPresent() && own.get().olderThan(turnFor) ? own : Optional.of(turnFor);
    }
}
