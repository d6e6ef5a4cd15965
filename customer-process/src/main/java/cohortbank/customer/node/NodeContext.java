package cohortbank.customer.node;

import cohortbank.common.wire.bank.Member;
import cohortbank.customer.account.Account;
import cohortbank.customer.command.Result;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.store.CustomerStore;
import cohortbank.customer.store.NodeMeta;
import java.util.function.Consumer;

/**
 * The state every part of one customer node shares: identity, durable metadata, live account,
 * latest permanent checkpoint, the instance it is in, and whether it is recovering or quitting.
 * How the node reaches the world is apart, in {@link NodeLinks}.
 *
 * <p>Contract: one context per {@link CustomerNode}, touched only on the node's event loop.
 * The parts of the node read and change the state here and nowhere else, so that a field
 * such as {@link #account} is the same object for all of them (a rollback replaces it). The
 * small predicates below are the only shared readings of that state; each part keeps its own
 * bookkeeping (channels, held transfers, waiting commands) to itself.
 */
final class NodeContext {

    String name;
    CustomerStore store;
    NodeMeta meta;
    Account account;
    Checkpoint permanent;
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
     * Frozen and drained, with the live account on disk: every receipt is written there before
     * it is acknowledged, so a crash resumes from it without a rollback.
     */
    boolean drainedDurable;

    NodeContext() {
    }

    /** The age of an instance this node starts now: younger than every instance it has heard of. */
    Age nextAge() {
        return new Age(++ageClock, name);
    }

    /** Hears of an instance of age {@code age}: the next one this node starts will be younger. */
    void observe(Age age) {
        ageClock = Math.max(ageClock, age.ticket());
    }

    /** True once this process knows which customer it is (started with a name, or opened). */
    boolean hasIdentity() {
        return name != null && account != null;
    }

    /** The next instance or report sequence number, covered by a durable lease before it is used. */
    long nextSequence() {
        if (meta.takeSequence()) {
            store.saveMeta(meta);
        }
        return meta.sequence;
    }

    String memberNames() {
        return String.join(", ", meta.members.stream().map(Member::name).toList());
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
        return recovering || (round != null && round.tookPart()) || prepared();
    }

    /** Joined a cohort that the bank has not confirmed yet: transfers in it wait for the confirmation. */
    boolean prepared() {
        return meta != null && meta.cohortId != 0 && meta.cohortState == NodeMeta.CohortState.PREPARED;
    }

    /**
     * The first label sent to {@code peer} since the latest permanent checkpoint: while a
     * tentative checkpoint has reset the label tables, the value from before it (what an
     * abort would merge back).
     */
    long firstLabelSentSincePermanent(String peer) {
        long before = round != null && round.beforeReset != null ? round.beforeReset.firstLabelSent(peer) : 0;
        return before != 0 ? before : account.firstLabelSent(peer);
    }

    /** The last label received from {@code peer} since the latest permanent checkpoint (as above). */
    long lastLabelRcvdSincePermanent(String peer) {
        long now = account.lastLabelRcvd(peer);
        return now != 0 || round == null || round.beforeReset == null ? now : round.beforeReset.lastLabelRcvd(peer);
    }

    /** A one-line account of what the node is doing: idle, or in which instance. */
    String activity() {
        if (round != null) {
            return round.word() + " " + round.instance + (round.tookPart() ? " (joined)" : "");
        }
        if (recovering) {
            return "recovering: rolling back orphans after a restart";
        }
        String pause = cohortPause();
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
            return name + " is shutting down";
        }
        if (round != null) {
            return name + " is busy in " + round.word() + " " + round.instance;
        }
        if (recovering) {
            return name + " is recovering after a restart";
        }
        return cohortPause();
    }

    /**
     * Why this node moves no money in its cohort now, or null: the bank has not confirmed the
     * cohort yet, or is deleting it.
     */
    String cohortPause() {
        if (meta == null || meta.cohortId == 0) {
            return null;
        }
        return switch (meta.cohortState) {
            case PREPARED -> "cohort " + meta.cohortId + " is not confirmed by the bank yet";
            case FROZEN -> "cohort " + meta.cohortId + " is being deleted";
            case CONFIRMED -> null;
        };
    }

    boolean frozen() {
        return meta != null && meta.cohortId != 0 && meta.cohortState == NodeMeta.CohortState.FROZEN;
    }
}
