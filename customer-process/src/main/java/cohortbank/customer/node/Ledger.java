package cohortbank.customer.node;

import cohortbank.customer.account.Account;
import cohortbank.customer.store.Checkpoint;

/**
 * The customer's money: the live account (balance, history, label tables, sent log) and the
 * latest permanent checkpoint, the state a rollback or a crash returns to.
 *
 * <p>Contract: one per {@link CustomerNode}, touched only on the node's event loop. The parts
 * read {@link #account} here each time rather than keeping it, because a rollback or a
 * recovery replaces it with the checkpoint's copy; {@link #permanent} changes only when a
 * checkpoint instance commits or a customer opens or resumes.
 */
final class Ledger {

    Account account;
    Checkpoint permanent;
    /**
     * Frozen and drained, with the live account on disk: every receipt is written there before
     * it is acknowledged, so a crash resumes from it without a rollback.
     */
    boolean drainedDurable;
}
