package cohortbank.customer.node;

import cohortbank.customer.command.Result;
import java.util.function.Consumer;

/**
 * What this node is doing: the checkpoint or rollback instance it is in, whether it is
 * recovering after a restart or shutting down, and the clock that ages the instances it
 * starts. Its predicates are the shared answers to "may this node send, receive, or start an
 * instance now?".
 *
 * <p>Contract: one per {@link CustomerNode}, touched only on the node's event loop. At most
 * one instance at a time ({@link #round}); the coordinators and the voting tree set and clear
 * it, every other part only reads it through the predicates below.
 */
final class Activity {

    private final CustomerIdentity identity;
    private final Ledger ledger;

    /** The instance this node is in, or null: at most one at a time. */
    Round round;
    /** A restarted node keeps trying its recovery rollback until the cohort has no orphan. */
    boolean recovering;
    boolean shuttingDown;
    /**
     * Lamport clock of instance ages: above every age this node has heard of, so that an
     * instance it starts is younger than all of those. Not durable: after a restart the
     * node's instances are older than they were, which only lets them go first sooner.
     */
    private long ageClock;

    /**
     * @param identity read for the node's name and whether its cohort pauses money
     * @param ledger   read for the label tables of the live account
     */
    Activity(CustomerIdentity identity, Ledger ledger) {
        this.identity = identity;
        this.ledger = ledger;
    }

    /** The age of an instance this node starts now: younger than every instance it has heard of. */
    Age nextAge() {
        return new Age(++ageClock, identity.name);
    }

    /** Hears of an instance of age {@code age}: the next one this node starts will be younger. */
    void observe(Age age) {
        ageClock = Math.max(ageClock, age.ticket());
    }

    /** Whether {@code instance} is the one this node is in now. */
    boolean isCurrent(String instance) {
        return round != null && round.instance.equals(instance);
    }

    /** In a rollback instance and prepared to restore: the account may be replaced underneath. */
    boolean rollbackPrepared() {
        return round != null && round.kind == Round.Kind.ROLLBACK && round.prepared;
    }

    /**
     * Prepared to roll back, or recovering after a restart (also between two attempts of the
     * recovery rollback): anything received now could be undone by the instance, so it waits.
     */
    boolean restoring() {
        return recovering || rollbackPrepared();
    }

    /**
     * New transfers wait while a tentative checkpoint or a rollback is unresolved (DESIGN
     * §5.4), and while the bank has not confirmed the cohort yet.
     */
    boolean sendingBlocked() {
        return recovering || (round != null && round.tookPart()) || identity.prepared();
    }

    /**
     * The first label sent to {@code peer} since the latest permanent checkpoint: while a
     * tentative checkpoint has reset the label tables, the value from before it (what an
     * abort would merge back).
     */
    long firstLabelSentSincePermanent(String peer) {
        long before = round != null && round.beforeReset != null ? round.beforeReset.firstLabelSent(peer) : 0;
        return before != 0 ? before : ledger.account.firstLabelSent(peer);
    }

    /** The last label received from {@code peer} since the latest permanent checkpoint (as above). */
    long lastLabelRcvdSincePermanent(String peer) {
        long now = ledger.account.lastLabelRcvd(peer);
        return now != 0 || round == null || round.beforeReset == null ? now : round.beforeReset.lastLabelRcvd(peer);
    }

    /** A one-line account of what the node is doing: idle, or in which instance. */
    String describe() {
        if (round != null) {
            return round.word() + " " + round.instance + (round.tookPart() ? " (joined)" : "");
        }
        if (recovering) {
            return "recovering: rolling back orphans after a restart";
        }
        String pause = identity.cohortPause();
        return pause != null ? pause : "idle";
    }

    /**
     * A command that starts an instance ({@code verb}) while this node cannot: answers
     * {@code done} with a failure naming why and returns true; otherwise returns false.
     */
    boolean refusedAsBusy(String verb, Consumer<Result> done) {
        String busy = busyReason();
        if (busy == null) {
            return false;
        }
        done.accept(new Result.Failed(verb + ": " + busy + "; retry"));
        return true;
    }

    /** Why this node cannot start or join an instance now, or null when it can. */
    String busyReason() {
        if (shuttingDown) {
            return identity.name + " is shutting down";
        }
        if (round != null) {
            return identity.name + " is busy in " + round.word() + " " + round.instance;
        }
        if (recovering) {
            return identity.name + " is recovering after a restart";
        }
        return identity.cohortPause();
    }
}
