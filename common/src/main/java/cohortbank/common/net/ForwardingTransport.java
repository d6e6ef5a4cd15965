package cohortbank.common.net;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A transport layered on another: everything passes to the wrapped transport unchanged, and a
 * layer (faults, tracing, authentication, a tap) overrides only what it changes.
 *
 * <p>Contract: keeps the {@link Transport} contract of the wrapped transport, which it closes
 * when closed; {@link #local} is the wrapped transport's endpoint.
 */
public abstract class ForwardingTransport implements Transport {

    /** The transport this layer wraps. */
    protected final Transport inner;

    protected ForwardingTransport(Transport inner) {
        this.inner = Objects.requireNonNull(inner, "inner");
    }

    @Override
    public Endpoint local() {
        return inner.local();
    }

    @Override
    public void start(Consumer<Datagram> receiver) {
        inner.start(receiver);
    }

    @Override
    public void send(Endpoint to, String text) {
        inner.send(to, text);
    }

    @Override
    public void close() {
        inner.close();
    }
}
