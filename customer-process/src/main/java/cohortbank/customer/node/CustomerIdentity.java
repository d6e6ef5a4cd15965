package cohortbank.customer.node;

import cohortbank.common.wire.bank.Member;
import cohortbank.customer.store.CustomerStore;
import cohortbank.customer.store.NodeMeta;

/**
 * Who this customer is and which cohort it belongs to: its name, its store, and the durable
 * metadata kept there (cohort id and state, members, label and sequence leases).
 *
 * <p>Contract: one per {@link CustomerNode}, touched only on the node's event loop. The name
 * and store are set once, when the customer opens or a known customer resumes; {@link #meta}
 * changes as the cohort forms, is confirmed and is deleted, and every change a part makes to
 * it is saved through {@link #store} before it is acted on.
 */
final class CustomerIdentity {

    private final Ledger ledger;

    String name;
    CustomerStore store;
    NodeMeta meta;

    /** @param ledger read only to tell whether the customer's account is loaded yet */
    CustomerIdentity(Ledger ledger) {
        this.ledger = ledger;
    }

    /** True once this process knows which customer it is (started with a name, or opened). */
    boolean hasIdentity() {
        return name != null && ledger.account != null;
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

    /** Joined a cohort that the bank has not confirmed yet: transfers in it wait for the confirmation. */
    boolean prepared() {
        return meta != null && meta.cohortId != 0 && meta.cohortState == NodeMeta.CohortState.PREPARED;
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
