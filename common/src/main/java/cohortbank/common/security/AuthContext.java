package cohortbank.common.security;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The authentication state one process shares among its transports: its own identity (none
 * until a customer opens its account), its datagram counter, its link keys, what it learned
 * of each peer's epoch, and the count of refused datagrams.
 *
 * <p>Contract: used from the owner's event loop only.
 */
public final class AuthContext {

    private final KeyDirectory directory;
    private final DropLog drops;
    private Identity identity;
    private LinkKeys links;
    private long sequence;
    private final Map<String, Long> peerEpochs = new HashMap<>();

    /**
     * @param identity this process's identity, or null until it has one (see {@link #adopt})
     * @param log      receives the rate-limited lines about refused datagrams
     */
    public AuthContext(Identity identity, KeyDirectory directory, Consumer<String> log) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.drops = new DropLog(log);
        if (identity != null) {
            adopt(identity);
        }
    }

    /**
     * From now on this process speaks as {@code next}; adopting the identity it already has
     * changes nothing. Datagrams are sent bare while there is none.
     */
    public void adopt(Identity next) {
        if (identity != null && identity.publicKey().equals(next.publicKey()) && identity.epoch() == next.epoch()) {
            return;
        }
        identity = next;
        links = new LinkKeys(next);
        sequence = 0;
        peerEpochs.clear();
    }

    /** This process's identity, or null while it has none. */
    public Identity identity() {
        return identity;
    }

    public KeyDirectory directory() {
        return directory;
    }

    /** The refused datagrams so far, by reason. */
    public Map<String, Long> dropped() {
        return drops.counts();
    }

    LinkKeys links() {
        return links;
    }

    long nextSequence() {
        return ++sequence;
    }

    /** The latest epoch {@code peer} is known to be in; 0 when unknown. */
    long epochOf(String peer) {
        return peerEpochs.getOrDefault(peer, 0L);
    }

    /** Records that {@code peer} is in {@code epoch}; true when that is news. */
    boolean learnEpoch(String peer, long epoch) {
        if (epochOf(peer) >= epoch) {
            return false;
        }
        if (peerEpochs.size() >= 65_536) {
            peerEpochs.clear(); // only costs one more hello per peer
        }
        peerEpochs.put(peer, epoch);
        return true;
    }

    DropLog drops() {
        return drops;
    }
}
