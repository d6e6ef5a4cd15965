package cohortbank.customer.node;

/**
 * The few decisions of the Koo–Toueg protocol that fault-injection tests replace with wrong
 * ones, to prove the simulator notices: an extension point for such tests only.
 *
 * <p>{@link #STANDARD} is exactly the protocol of DESIGN §5–7 and is what every process
 * runs. Any other implementation is deliberately broken. Implementations must be pure (no
 * I/O, no state) and must not throw: they are called on the node's event loop.
 */
public interface ProtocolRules {

    /** The protocol as specified: the rules every real process runs. */
    ProtocolRules STANDARD = new ProtocolRules() { };

    /**
     * DESIGN §5.2: whether a process asked to checkpoint by a requester must take a tentative
     * checkpoint: it sent the requester something since its own last checkpoint
     * ({@code firstLabelSent > ⊥}) that the requester recorded ({@code lastLabelRcvd ≥ firstLabelSent}).
     */
    default boolean mustCheckpoint(long requesterLastLabelRcvd, long firstLabelSent) {
        return firstLabelSent != 0 && requesterLastLabelRcvd >= firstLabelSent;
    }

    /**
     * DESIGN §6.2: whether a process holds an orphan of a rollback initiator whose checkpoint
     * label is {@code initiatorCkptLabel}: it received a label the initiator sent after it.
     */
    default boolean holdsOrphan(long lastLabelRcvdFromInitiator, long initiatorCkptLabel) {
        return lastLabelRcvdFromInitiator > initiatorCkptLabel;
    }

    /**
     * DESIGN §6.1: whether a process about to roll back asks a member to join: it sent the
     * member something since its latest permanent checkpoint ({@code firstLabelSent > ⊥}),
     * which its restore undoes; or it restarted after a crash and lost that table with its live
     * account ({@code tableLost}), so any member may hold what it undid.
     */
    default boolean asksToRollBack(long firstLabelSent, boolean tableLost) {
        return tableLost || firstLabelSent != 0;
    }

    /**
     * DESIGN §7: whether a sender rewinds its channel to what a restored receiver now holds,
     * so that the transfers the restore undid are sent again.
     */
    default boolean resendsAfterRollback() {
        return true;
    }

    /**
     * Whether simultaneous instances make progress: a younger instance gives way to an older
     * one and a user's instance that did not commit is retried automatically (see
     * {@link Precedence}). If not, a busy node refuses every other instance, as Koo and Toueg
     * allow, and the user's command fails at once.
     */
    default boolean olderInstancesGoFirst() {
        return true;
    }

    /** DESIGN §5.1: whether a tentative checkpoint is made durable before the process votes or asks. */
    default boolean tentativeDurableBeforeVote() {
        return true;
    }
}
