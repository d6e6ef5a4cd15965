package cohortbank.customer.node;

import cohortbank.common.trace.ProtocolEvent;
import cohortbank.customer.account.Account;
import cohortbank.customer.store.Checkpoint;
import cohortbank.customer.store.CustomerStore;
import cohortbank.customer.store.NodeMeta;
import cohortbank.customer.wire.Decision;
import cohortbank.customer.wire.PeerMessage;
import java.util.Optional;

/**
 * A customer process starting with a known name (DESIGN §8): it loads the durable state,
 * and after a crash settles a tentative checkpoint it finds, restores the latest permanent
 * checkpoint as a new incarnation and runs the recovery rollback until the cohort holds no
 * orphan of it.
 *
 * <p>Contract: a clean quit (a saved live account) resumes without any rollback; otherwise the
 * account is the permanent checkpoint's, the node is {@link Activity#recovering} until its
 * recovery rollback commits, and promises made before the crash are settled by asking their
 * initiators. A tentative checkpoint of this node's own instance is settled by its durable
 * decision, which is an abort when none was recorded. Event loop only.
 */
final class Recovery {

    private final CustomerIdentity identity;
    private final Ledger ledger;
    private final Activity activity;
    private final NodeLinks links;
    private final VotingTree voting;
    private final CheckpointCoordinator checkpoints;
    private final RollbackCoordinator rollbacks;
    private final TransferChannels channels;

    Recovery(CustomerIdentity identity, Ledger ledger, Activity activity, NodeLinks links, VotingTree voting,
            CheckpointCoordinator checkpoints, RollbackCoordinator rollbacks,
            TransferChannels channels) {
        this.identity = identity;
        this.ledger = ledger;
        this.activity = activity;
        this.links = links;
        this.voting = voting;
        this.checkpoints = checkpoints;
        this.rollbacks = rollbacks;
        this.channels = channels;
    }

    /**
     * Loads customer {@code customer}'s state: a clean quit resumes as it was; anything else
     * (a crash) restores the latest permanent checkpoint, settles open instances and rolls back
     * peers holding orphans. A customer with no checkpoint yet waits for {@code open}.
     */
    void resume(String customer) {
        String keyProblem = links.keys().useState(links.storageFor().apply(customer), false);
        if (keyProblem != null && links.keys().publicKey().isEmpty()) {
            // Without its key the account could not speak to anyone; resuming it would only
            // leave its peers re-sending to it forever. It stays as a process without an account.
            links.listener().event("WARNING " + keyProblem + "; " + customer + " is not resumed");
            return;
        }
        if (keyProblem != null) {
            links.listener().event("WARNING " + keyProblem); // its key works; only the bank's is in doubt
        }
        CustomerStore store = new CustomerStore(links.storageFor().apply(customer), w -> links.listener().event("WARNING " + w));
        Optional<NodeMeta> meta = store.loadMeta();
        if (meta.isEmpty() && store.holdsState()) {
            // The label counter and the cohort live in the meta alone (DESIGN §3): started again from
            // nothing, the counter would give labels twice, which the receivers drop as duplicates
            // (money lost), and the account would leave a cohort the bank still holds.
            links.listener().event("WARNING the meta of " + customer + " (its label counter and cohort, in state file"
                    + " 'checkpoints') is missing or cannot be read (see the warning before this one), and nothing else"
                    + " can give it back; " + customer + " is not resumed (restore the state directory, e.g. from a"
                    + " backup, and restart)");
            return;
        }
        identity.name = customer;
        identity.store = store;
        identity.meta = meta.orElseGet(NodeMeta::new);
        if (identity.meta.owner != null && !identity.meta.owner.equals(customer)) {
            throw new IllegalStateException("the state directory holds account " + identity.meta.owner + ", not " + customer
                    + "; restart with --name " + identity.meta.owner + " (or give " + customer + " its own --state-dir)");
        }
        Optional<Account> live = identity.store.loadLive();
        ledger.permanent = identity.store.loadPermanent().orElse(null);
        if (live.isPresent()) {
            ledger.account = live.get();
            if (identity.frozen()) {
                // Drained for a deletion: the live file stays the truth until the cohort is gone.
                ledger.drainedDurable = true;
                channels.transmitToAll();
            } else {
                identity.store.deleteLive();
            }
            links.listener().event("resumed " + identity.name + " after a clean quit: balance " + ledger.account.balance());
            reportAgain();
            links.listener().protocol(new ProtocolEvent.Resume());
            rollbacks.settlePendingRollbacks();
            return;
        }
        if (ledger.permanent == null) {
            // A new customer: nothing is known until the bank confirms `open`. Say so, since a
            // mistyped name or state directory would otherwise look like a fresh start.
            links.listener().event(identity.store.holdsState()
                    ? "no usable checkpoint of " + customer + " in this process's state directory (see the warnings);"
                            + " it cannot be resumed"
                    : "no saved state for " + customer + " in this process's state directory: a new customer;"
                            + " type: open " + customer + " <balance>");
            return;
        }
        ledger.account = ledger.permanent.account().copy();
        links.listener().protocol(new ProtocolEvent.Recovery(ledger.permanent.instance()));
        links.listener().event("restarted " + identity.name + " from checkpoint " + ledger.permanent.instance()
                + ": balance " + ledger.account.balance());
        reportAgain();
        Optional<Checkpoint> tentative = identity.store.loadTentative();
        rollbacks.settlePendingRollbacks();
        if (tentative.isPresent()) {
            settleTentative(tentative.get());
        } else {
            startRecovery();
        }
    }

    /**
     * Reports the permanent checkpoint's balance to the bank again, as a new numbered report: the
     * report of this checkpoint may have been still on its way when the process ended, and it is
     * what the bank's row must hold (DESIGN §2). Not while frozen for a deletion: the bank then
     * records the balance the member drained with, in the change that removes the cohort, and an
     * older checkpoint's figure under a newer number would overwrite it.
     */
    private void reportAgain() {
        if (ledger.permanent != null && !identity.frozen()) {
            checkpoints.reportBalance(ledger.permanent);
        }
    }

    /** A tentative checkpoint found at start: settle it, then recover from the permanent one. */
    private void settleTentative(Checkpoint tentative) {
        activity.recovering = true;
        String initiator = PeerMessage.initiatorOf(tentative.instance());
        if (initiator.equals(identity.name)) {
            Decision d = identity.meta.decisions.getOrDefault(tentative.instance(), Decision.ABORT);
            finishSettling(tentative, d);
            return;
        }
        voting.queryUntilDecided(tentative.instance(), d -> finishSettling(tentative, d));
    }

    private void finishSettling(Checkpoint tentative, Decision decision) {
        if (decision == Decision.COMMIT) {
            checkpoints.makePermanent(tentative);
        } else {
            if (PeerMessage.initiatorOf(tentative.instance()).equals(identity.name)) {
                identity.meta.recordDecision(tentative.instance(), Decision.ABORT);
                identity.store.discardTentative(tentative.instance(), Decision.ABORT); // the abort is durable with the discard
            } else {
                identity.store.deleteTentative();
            }
        }
        links.listener().event("settled checkpoint " + tentative.instance() + " found at restart: " + decision.word());
        ledger.account = ledger.permanent.account().copy();
        startRecovery();
    }

    private void startRecovery() {
        rollbacks.restoreAfterCrash();
        if (identity.meta.cohortId == 0 || identity.meta.cohortState == NodeMeta.CohortState.PREPARED) {
            // No money moved in a cohort this node is not confirmed in: no peer can hold an
            // orphan of it, so recovery ends here (settling a tentative checkpoint set it).
            activity.recovering = false;
            return;
        }
        activity.recovering = true;
        channels.forgetPositions();
        channels.transmitToAll();
        rollbacks.startRecoveryRollback();
    }
}
