package cohortbank.common.net;

import cohortbank.common.time.Scheduler;

/**
 * Something a process puts between its protocol code and each of its real transports: fault
 * injection, tracing. A process wraps every transport it binds with the same layer.
 *
 * <p>Contract: {@link #wrap} returns a {@link Transport} that keeps the wrapped one's contract
 * and delivers on the same {@code scheduler}; closing it closes the wrapped one.
 */
@FunctionalInterface
public interface TransportLayer {

    /** Adds nothing. */
    TransportLayer NONE = (transport, scheduler) -> transport;

    Transport wrap(Transport transport, Scheduler scheduler);

    /** This layer next to the wire, {@code outer} wrapped around it (so {@code outer} sees sends first). */
    default TransportLayer then(TransportLayer outer) {
        return (transport, scheduler) -> outer.wrap(wrap(transport, scheduler), scheduler);
    }
}
