package cohortbank.common.trace;

import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.ForwardingTransport;
import cohortbank.common.net.Transport;
import java.util.function.Consumer;

/**
 * A {@link Transport} decorator that records every datagram in a {@link Tracer}: the clock
 * header is added on send and removed on receive, so the process above never sees it.
 * Keeps the wrapped transport's contract; see {@link Tracer}.
 */
public final class TracingTransport extends ForwardingTransport {

    private final Tracer tracer;

    public TracingTransport(Transport inner, Tracer tracer) {
        super(inner);
        this.tracer = tracer;
    }


    @Override
    public void start(Consumer<Datagram> receiver) {
        inner.start(d -> receiver.accept(tracer.received(d)));
    }

    @Override
    public void send(Endpoint to, String text) {
        inner.send(to, tracer.sending(to, text));
    }

}
