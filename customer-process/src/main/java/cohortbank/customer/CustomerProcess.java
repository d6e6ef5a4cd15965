package cohortbank.customer;

import cohortbank.common.log.DatagramLog;
import cohortbank.common.log.ProcessLog;
import cohortbank.common.net.Endpoint;
import cohortbank.common.net.FaultControl;
import cohortbank.common.net.Transport;
import cohortbank.common.net.TransportLayer;
import cohortbank.common.net.UdpTransport;
import cohortbank.common.security.Identity;
import cohortbank.common.store.Storage;
import cohortbank.common.time.EventLoop;
import cohortbank.common.wire.Reply;
import cohortbank.customer.node.CustomerKeys;
import cohortbank.customer.node.CustomerNode;
import cohortbank.customer.node.NodeListener;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A running customer: a {@link CustomerNode} on two real UDP ports (port1 for the bank, port2
 * for peers), driven by one {@link EventLoop} thread that owns all of its state. Other threads
 * (the console, tests) reach the node only through {@link #query} and {@link #command}, which
 * run on that loop and wait a bounded time for the answer.
 */
public final class CustomerProcess implements AutoCloseable {

    /** How long a {@link #query} may take on the loop; queries only read state. */
    static final long QUERY_TIMEOUT_MILLIS = 5_000;

    private final EventLoop loop;
    private final Transport bankPort;
    private final Transport peerPort;
    private final CustomerNode node;
    private final FaultControl faults;
    private boolean quit;

    private CustomerProcess(EventLoop loop, Transport bankPort, Transport peerPort, CustomerNode node,
            FaultControl faults) {
        this.loop = loop;
        this.bankPort = bankPort;
        this.peerPort = peerPort;
        this.node = node;
        this.faults = faults;
    }

    /**
     * Binds both ports and builds the node, which does not receive anything until {@link #start}.
     *
     * @param storageFor the customer's durable state by name (see {@link CustomerNode})
     * @throws IOException naming the endpoint when a port cannot be bound
     */
    public static CustomerProcess bind(Endpoint bank, Endpoint port1, Endpoint port2,
            Function<String, Storage> storageFor, NodeListener listener, Random random, ProcessLog log)
            throws IOException {
        return bind(bank, port1, port2, storageFor, listener, random, log, FaultControl.none(random.nextLong()),
                TransportLayer.NONE, null);
    }

    /**
     * As {@link #bind(Endpoint, Endpoint, Endpoint, Function, NodeListener, Random, ProcessLog)},
     * with {@code faults} injected into every datagram sent from either port and {@code outer}
     * (tracing) wrapped around them, every datagram authenticated (see {@link CustomerKeys}),
     * and the bank's key required to have fingerprint {@code bankKey} unless that is null.
     */
    public static CustomerProcess bind(Endpoint bank, Endpoint port1, Endpoint port2,
            Function<String, Storage> storageFor, NodeListener listener, Random random, ProcessLog log,
            FaultControl faults, TransportLayer outer, String bankKey) throws IOException {
        EventLoop loop = new EventLoop("customer-" + port1.port(), e -> log.error("customer event failed", e));
        CustomerKeys keys = new CustomerKeys(bank, bankKey, () -> Identity.generate(new SecureRandom()), line -> log.log("AUTH", line));
        TransportLayer layers = faults.then(keys.layer()).then(outer);
        Transport bankPort = null;
        try {
            bankPort = layers.wrap(UdpTransport.bind(port1, loop::execute, new DatagramLog(log)), loop);
            Transport peerPort = layers.wrap(UdpTransport.bind(port2, loop::execute, new DatagramLog(log)), loop);
            CustomerNode node = new CustomerNode(bank, bankPort, peerPort, loop, storageFor, listener, random, keys);
            return new CustomerProcess(loop, bankPort, peerPort, node, faults);
        } catch (IOException | RuntimeException e) {
            if (bankPort != null) {
                bankPort.close();
            }
            loop.close();
            throw e;
        }
    }

    /**
     * Starts receiving; with a {@code name} (may be null) loads that customer's state, which may
     * print the node's own events about resuming or recovering.
     */
    public void start(String name) {
        query(n -> {
            n.start(name);
            return null;
        });
    }

    public Endpoint port1() {
        return bankPort.local();
    }

    public Endpoint port2() {
        return peerPort.local();
    }

    /** The faults injected into this customer's outgoing datagrams; the console changes them. */
    public FaultControl faults() {
        return faults;
    }

    /**
     * Runs {@code question} on the event loop and returns its answer.
     *
     * @throws IllegalStateException when it throws or takes longer than {@link #QUERY_TIMEOUT_MILLIS}
     */
    public <T> T query(Function<CustomerNode, T> question) {
        return loop.call(() -> question.apply(node), QUERY_TIMEOUT_MILLIS);
    }

    /**
     * Executes one command of the node on the event loop and waits for its single result, at
     * most {@code timeoutMillis}. Never throws: a failure of any kind is a {@code FAILURE} reply.
     */
    public Reply command(List<String> tokens, long timeoutMillis) {
        String verb = tokens.isEmpty() ? "command" : tokens.get(0);
        try {
            return loop.<Reply>callAsync(done -> {
                try {
                    node.command(tokens, done);
                } catch (RuntimeException e) {
                    done.accept(Reply.failure(verb + ": internal error: " + e));
                }
            }, timeoutMillis);
        } catch (IllegalStateException e) {
            return Reply.failure(verb + ": " + e.getMessage());
        }
    }

    /**
     * Clean shutdown of the account: the node saves its live state so that a restart resumes
     * without a rollback. Only the first call has an effect.
     */
    public synchronized void quit() {
        if (!quit) {
            quit = true;
            query(n -> {
                n.quit();
                return null;
            });
        }
    }

    /** Closes both ports and stops the loop. Idempotent; does not {@link #quit}. */
    @Override
    public void close() {
        bankPort.close();
        peerPort.close();
        loop.close();
    }
}
