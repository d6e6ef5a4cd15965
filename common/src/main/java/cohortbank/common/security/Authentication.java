package cohortbank.common.security;

import cohortbank.common.net.Transport;
import cohortbank.common.net.TransportLayer;
import cohortbank.common.time.Scheduler;

/**
 * The {@link TransportLayer} that wraps each of a process's transports in an
 * {@link AuthenticatingTransport} sharing one {@link AuthContext}.
 */
public record Authentication(AuthContext context) implements TransportLayer {

    @Override
    public Transport wrap(Transport transport, Scheduler scheduler) {
        return new AuthenticatingTransport(transport, context);
    }
}
