package cohortbank.customer.node;

/**
 * The age of a checkpoint or rollback instance: the total order that lets simultaneous
 * instances make progress (docs/PROTOCOL.md, "Simultaneous instances"). The smaller ticket is
 * older; equal tickets are ordered by the initiator's name. An instance keeps its age across
 * the automatic retries of a user's command, so every command eventually holds the oldest age
 * still waiting, and older instances never give way to younger ones.
 *
 * <p>Tickets come from a Lamport clock per node ({@link Activity#nextAge()}): a node's new
 * instance is younger than every instance it has heard of. A restarted node's recovery
 * rollback has ticket {@link #RECOVERY_TICKET}, older than any user's instance, because a
 * recovering node can join no checkpoint until it is done.
 *
 * @param ticket    the initiator's clock when the user typed the command (0 for a recovery)
 * @param initiator who started the instance
 */
record Age(long ticket, String initiator) {

    /** The ticket of every recovery rollback: before all user instances. */
    static final long RECOVERY_TICKET = 0;

    /** Whether this instance goes before {@code other}. */
    boolean olderThan(Age other) {
        return ticket != other.ticket ? ticket < other.ticket : initiator.compareTo(other.initiator) < 0;
    }

    @Override
    public String toString() {
        return initiator + "@" + ticket;
    }
}
