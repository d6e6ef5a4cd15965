package cohortbank.customer;

import cohortbank.common.net.Datagram;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.Transport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A {@link Transport} that counts the datagrams it receives from one endpoint (the bank), so
 * that the console can tell a bank that says nothing from one that is merely busy (a
 * {@code new-cohort} waits for every member). Everything else passes through unchanged.
 *
 * <p>Contract: {@link #count} may be read from any thread; it only grows.
 */
final class HeardFrom implements Transport {

    private final Transport inner;
    private final Endpoint peer;
    private final AtomicLong heard = new AtomicLong();

    HeardFrom(Transport inner, Endpoint peer) {
        this.inner = inner;
        this.peer = peer;
    }

    /** The endpoint whose datagrams are counted. */
    Endpoint peer() {
        return peer;
    }

    /** How many datagrams have come from {@link #peer} so far. */
    long count() {
        return heard.get();
    }

    @Override
    public Endpoint local() {
        return inner.local();
    }

    @Override
    public void start(Consumer<Datagram> receiver) {
        inner.start(datagram -> {
            if (datagram.from().equals(peer)) {
                heard.incrementAndGet();
            }
            receiver.accept(datagram);
        });
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
