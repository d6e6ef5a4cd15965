package cohortbank.customer.node;

import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import cohortbank.common.rpc.Requester;
import cohortbank.common.rpc.RetryPolicy;
import cohortbank.common.store.Storage;
import cohortbank.common.time.Scheduler;
import java.util.Random;
import java.util.function.Function;

/**
 * How one customer node reaches the world: the bank's address, the two ports and the
 * requesters over them, the keys, the scheduler, the storage, the listener, the random source
 * and the protocol's rules.
 *
 * <p>Contract: wired once when the node is built and never changed; every piece is an I/O seam
 * or fixed policy, none holds the node's state. A part that uses one to three of these takes
 * just those as constructor parameters; the parts that reach many (the coordinators, the inbox,
 * recovery, the membership) take the whole. What a part may change is in the other pieces it is
 * given ({@link CustomerIdentity}, {@link Ledger}, {@link Activity}).
 *
 * @param peerPort      the peer port, stamping every datagram to a member with the cohort id
 * @param bareRequester asks the bank for its public key before it is pinned: the only requests
 *                      answered unauthenticated
 */
record NodeLinks(Endpoint bank, Transport bankPort, Transport peerPort, Scheduler scheduler,
        Function<String, Storage> storageFor, NodeListener listener, Random random, ProtocolRules rules,
        Requester bankRequester, Requester peerRequester, Requester bareRequester, CustomerKeys keys) {

    /**
     * Wires the links of a node: stamps the peer port with the cohort read from {@code identity}
     * (at send time), and draws one tag from {@code random} for the ids of the three requesters.
     */
    static NodeLinks wire(Endpoint bank, Transport bankPort, Transport peerPort, Scheduler scheduler,
            Function<String, Storage> storageFor, NodeListener listener, Random random, ProtocolRules rules,
            RetryPolicy bankRetry, RetryPolicy peerRetry, CustomerKeys keys, CustomerIdentity identity) {
        Transport stamped = new CohortStamp(peerPort, () -> identity.meta == null ? 0 : identity.meta.cohortId,
                to -> identity.meta != null && identity.meta.isMemberAt(to));
        String tag = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
        return new NodeLinks(bank, bankPort, stamped, scheduler, storageFor, listener, random, rules,
                new Requester(bankPort, scheduler, bankRetry, tag + "b"),
                new Requester(stamped, scheduler, peerRetry, tag + "p"),
                new Requester(bankPort, scheduler, bankRetry, tag + "k"), keys);
    }
}
