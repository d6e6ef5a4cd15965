package cohortbank.common.security;

import cohortbank.common.net.Endpoint;
import java.util.Optional;

/**
 * What a process knows about other processes' public keys, as its protocol state says:
 * for a customer, the pinned bank key and its cohort's members as the bank announced them;
 * for the bank, the keys bound to its customers.
 *
 * <p>Contract: answers from the owner's event loop, never blocks, never throws.
 */
public interface KeyDirectory {

    /** The public key of the process listening at {@code endpoint}, when known. */
    Optional<String> keyAt(Endpoint endpoint);

    /**
     * Whether a datagram under {@code publicKey} may be delivered at all. The bank accepts any
     * key (an {@code open} introduces a new one; what a key may do is the bank's decision); a
     * customer only the bank's and its cohort's.
     */
    boolean accepts(String publicKey);
}
