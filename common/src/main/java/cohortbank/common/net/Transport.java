package cohortbank.common.net;

import java.util.function.Consumer;

/**
 * Sends and receives whole datagrams on one local endpoint.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>{@link #send} never blocks for long and never throws: a datagram that cannot be sent
 *       is dropped and logged, exactly as the network may drop it.</li>
 *   <li>Delivery is best effort: a datagram may be lost, duplicated, delayed or reordered.
 *       Everything above this interface must be correct under all four.</li>
 *   <li>Received datagrams are handed to the receiver given to {@link #start} on the owner's
 *       event loop, one at a time, never concurrently.</li>
 * </ul>
 */
public interface Transport extends AutoCloseable {

    /** Largest datagram, in bytes of UTF-8, that either side sends or accepts. */
    int MAX_DATAGRAM_BYTES = 8192;

    /** The endpoint this transport receives on. */
    Endpoint local();

    /** Starts delivering received datagrams to {@code receiver}. Called once. */
    void start(Consumer<Datagram> receiver);

    /** Sends {@code text} as one datagram to {@code to}; see the class contract. */
    void send(Endpoint to, String text);

    /** Stops receiving and releases the socket. Idempotent. */
    @Override
    void close();
}
